from tests.dossiers.conftest import fanout, fresh_calendar, world  # noqa: F401  (shared world)
