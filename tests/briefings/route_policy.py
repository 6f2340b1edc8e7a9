"""Who may use the briefing routes (read by tests/web/test_route_access_matrix.py).

"official": any official reads meetings and packs; "steer": the programme's committee under
``programmes.access.may_steer`` (proved in test_briefing_pages.py and test_briefing_api.py)."""

POLICY = {
    "briefings:index": "official", "briefings:meetings": "official", "briefings:meeting": "official",
    "briefings:pack_pdf": "official", "briefings:pack_xlsx": "official",
    "briefings:create": "steer", "briefings:agenda": "steer", "briefings:add_conclusion": "steer",
    "briefings:withdraw_conclusion": "steer", "briefings:notice": "steer", "briefings:conclude": "steer",
    "api:list_briefing_meetings": "official", "api:get_briefing_meeting": "official", "api:briefing_pack": "official",
    "api:briefing_pack_pdf": "official", "api:briefing_pack_xlsx": "official",
    "api:list_briefing_conclusions": "official",
    "api:create_briefing_meeting": "steer", "api:set_briefing_agenda": "steer", "api:add_briefing_conclusion": "steer",
    "api:set_briefing_notice": "steer", "api:conclude_briefing": "steer",
}
PLAIN = {"briefings:index": "/can-bo/giao-ban/", "api:list_briefing_meetings": "/api/v1/briefings/meetings"}
