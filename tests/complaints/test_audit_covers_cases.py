"""``motcua audit verify`` checks the cases' logs too: an edited case event is reported by the case
code and the command fails, as for a dossier."""

import pytest

from motcua.complaints.models import CaseEvent
from tests.complaints.conftest import make_case
from tests.dossiers.test_audit_verify import run

pytestmark = pytest.mark.django_db


def test_an_edited_case_event_fails_the_audit(world):
    case = make_case(world, "pakn")
    clean = run()
    assert clean.exit_code == 0, clean.output
    assert "1 bản ghi vụ việc" in clean.stdout
    CaseEvent.objects.filter(case=case, seq=1).update(reason="đã sửa sau khi ghi")
    result = run()
    assert result.exit_code == 1
    assert f"Vụ việc {case.code}: " in result.stderr
    assert "PHÁT HIỆN 0 hồ sơ và 1 vụ việc" in result.stderr
