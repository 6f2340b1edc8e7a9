"""``openapi.yaml`` is the API's schema as the code declares it; a change to one without the
other fails here (regenerate with ``python -m motcua.config.schema > openapi.yaml``)."""

from pathlib import Path

import pytest

from motcua.config.schema import schema_yaml

pytestmark = pytest.mark.nodb


def test_the_committed_schema_is_current():
    committed = (Path(__file__).resolve().parents[2] / "openapi.yaml").read_text(encoding="utf-8")
    assert committed == schema_yaml(), "openapi.yaml is stale: python -m motcua.config.schema > openapi.yaml"
