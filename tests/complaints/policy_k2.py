"""Who may use the officials' case pages and the case API (K2; merged by route_policy.py).

"official": any official (a citizen gets 403); "case_sees": who may see the case under
``complaints.access.may_see`` (pages: officials only); "case_handles": the handling unit's
officials (``access.may_handle``); "case_filing": anyone signed in files online as the filer,
only the handling unit's officials record other channels — proved in test_case_pages.py and
test_case_api.py."""

POLICY = {
    "complaints:worklist": "official", "complaints:worklist_xlsx": "official", "complaints:intake": "official",
    "complaints:case": "case_sees", "complaints:act": "case_handles",
    "api:list_cases": "signed_in", "api:file_case": "case_filing", "api:get_case": "case_sees",
    "api:case_events": "case_sees", "api:act_on_case": "case_handles",
}
PLAIN = {"complaints:worklist": "/can-bo/vu-viec/", "complaints:worklist_xlsx": "/can-bo/vu-viec/xuat.xlsx",
         "complaints:intake": "/can-bo/vu-viec/tiep-nhan/", "api:list_cases": "/api/v1/cases"}
