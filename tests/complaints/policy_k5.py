"""Who may use the hot-spot and citizen-reception routes (merged by ``route_policy.py``).

Kinds of these routes, proved in test_hotspots_view.py and test_reception_days.py:
  hotspot_reader   leaders, supervisors and the administrator (``complaints.access.may_see_hotspots``);
                   a processing or reception officer and a citizen get 403
  schedule_keeper  a leader of the People's Committee concerned, or the administrator
                   (``complaints.hotspots.may_keep_schedule``)
No route here is one of the matrix's generic kinds, so ``PLAIN`` is empty.
"""

POLICY = {
    "complaints:hotspots": "hotspot_reader", "complaints:hotspots_xlsx": "hotspot_reader",
    "complaints:reception": "hotspot_reader",
    "complaints:reception_schedule": "schedule_keeper", "complaints:reception_act": "schedule_keeper",
    "api:hotspot_ranking": "hotspot_reader", "api:list_reception_days": "hotspot_reader",
    "api:reception_missing": "hotspot_reader",
    "api:schedule_reception_day": "schedule_keeper", "api:record_reception_day": "schedule_keeper",
}

PLAIN: dict[str, str] = {}
