"""Route policies of engineer K1's part (services, clock, log, access, worklist queries, CLI): it
adds no route, so nothing here; the pages and API over it declare theirs (K2–K5)."""

POLICY: dict[str, str] = {}
PLAIN: dict[str, str] = {}
