"""Who may use the programme routes (read by tests/web/test_route_access_matrix.py).

Kinds of this app, proved in tests/programmes/test_programme_pages.py and test_programme_api.py:
  steer      the committee (programmes.access.may_steer): the administrator, a supervisor, a leader
             of the standing agency, a committee member with an account
  lead_unit  officials serving the task's lead unit, and the committee (programmes.access.may_update)
"""

POLICY = {
    "programmes:list": "official", "programmes:programme": "official", "programmes:task": "official",
    "programmes:export": "official",
    "programmes:new_task": "steer", "programmes:import": "steer", "programmes:reopen": "steer",
    "programmes:decide_extension": "steer",
    "programmes:progress": "lead_unit", "programmes:complete": "lead_unit", "programmes:extension": "lead_unit",
    "api:list_programmes": "official", "api:get_programme": "official", "api:list_programme_tasks": "official",
    "api:get_programme_task": "official", "api:export_programme_tasks": "official",
    "api:create_programme_task": "steer", "api:import_programme_tasks": "steer",
    "api:decide_programme_task_extension": "steer",
    "api:update_programme_task_progress": "lead_unit", "api:complete_programme_task": "lead_unit",
    "api:request_programme_task_extension": "lead_unit",
}

PLAIN = {
    "programmes:list": "/can-bo/chuong-trinh/",
    "api:list_programmes": "/api/v1/programmes",
}
