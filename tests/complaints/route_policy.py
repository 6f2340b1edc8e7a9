"""Who may use the complaints routes (read by tests/web/test_route_access_matrix.py): each
engineer's own ``policy_k1.py`` … ``policy_k5.py`` (``POLICY``: route name -> kind; ``PLAIN``:
route name -> URL of a GET route needing no case), merged here. A file not written yet is skipped."""

import importlib

POLICY: dict[str, str] = {}
PLAIN: dict[str, str] = {}

for _part in ("policy_k1", "policy_k2", "policy_k3", "policy_k4", "policy_k5"):
    try:
        _module = importlib.import_module(f"tests.complaints.{_part}")
    except ModuleNotFoundError as exc:
        if exc.name != f"tests.complaints.{_part}":
            raise
        continue
    POLICY.update(getattr(_module, "POLICY", {}))
    PLAIN.update(getattr(_module, "PLAIN", {}))
