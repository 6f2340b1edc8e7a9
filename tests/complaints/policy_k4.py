"""K4 (the Decision 766 feed and the demo) adds no route: the PAKN drill-down is the existing
``quality_dashboard:indicator`` page."""

POLICY: dict[str, str] = {}
PLAIN: dict[str, str] = {}
