"""Who may use the evaluation routes (read by tests/web/test_route_access_matrix.py).

"evaluation" (proved in tests/evaluation/test_evaluation_access.py): an official sees their own
sheet; a leader of the unit (or a unit above) sees the unit's sheets and assesses them, never their
own; a supervisor and the administrator see everything and assess nothing."""

SEE = ("evaluation:unit", "evaluation:unit_xlsx", "evaluation:sheet", "api:get_evaluation_sheet",
       "api:get_unit_evaluation", "api:export_evaluation_sheets")
ASSESS = ("evaluation:unit_act", "evaluation:sheet_act", "api:compute_unit_evaluation", "api:apply_evaluation_quota",
          "api:compute_evaluation_sheet", "api:set_evaluation_general_points", "api:add_evaluation_product",
          "api:record_evaluation_fact", "api:remove_evaluation_fact", "api:approve_evaluation_sheet")

POLICY = {"evaluation:home": "official", "api:list_evaluation_sheets": "official",
          **{name: "evaluation" for name in SEE + ASSESS}}
PLAIN = {"evaluation:home": "/can-bo/danh-gia-xep-loai/", "api:list_evaluation_sheets": "/api/v1/evaluation/sheets"}
