from tests.dossiers.conftest import world  # noqa: F401  (the same small Hà Nội world)
