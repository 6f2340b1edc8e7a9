"""The API's OpenAPI schema as committed in ``openapi.yaml``:

    python -m motcua.config.schema > openapi.yaml
"""

import json
import os

import yaml


def schema_yaml() -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.config.settings")
    import django

    django.setup()
    from motcua.config.api import api

    plain = json.loads(json.dumps(api.get_openapi_schema()))  # plain dicts, string status codes
    return yaml.safe_dump(plain, allow_unicode=True, sort_keys=True, width=120)


if __name__ == "__main__":
    print(schema_yaml(), end="")
