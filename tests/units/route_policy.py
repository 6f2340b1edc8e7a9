"""Who may use the organisation routes (read by tests/web/test_route_access_matrix.py).

"org_reader": the administrator and a service-centre supervisor see every unit; a unit leader sees
their own units; everyone else gets 403. Proved in tests/units/test_organisation_pages.py
(test_who_may_open_the_organisation_pages, test_a_leader_opens_their_own_unit_but_not_another)."""

POLICY = {
    "organisation:units": "org_reader",
    "organisation:review": "org_reader",
    "organisation:rotation": "org_reader",
    "organisation:unit": "org_reader",
    "api:organisation_review": "org_reader",
    "api:rotation_list": "org_reader",
    "api:unit_positions": "org_reader",
}

# No PLAIN routes: the matrix's generic kinds cannot express "leaders see their own units".
PLAIN: dict[str, str] = {}
