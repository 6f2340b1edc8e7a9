"""Who may use the reporting routes (read by tests/web/test_route_access_matrix.py).

Kinds of this app, proved in tests/reporting/test_report_pages.py and test_report_api.py:
  official_or_committee  officials, and committee members with an account (who may hold no post)
  lead_unit  officials serving the report's lead unit, and the committee (programmes.access.may_steer)
  steer      the committee only
"""

POLICY = {
    "reporting:mine": "official",
    "reporting:report": "official_or_committee", "reporting:attachment": "official_or_committee",
    "reporting:programme": "official_or_committee", "reporting:period": "official_or_committee",
    "reporting:file": "lead_unit", "reporting:close": "steer",
    "reporting:notices": "signed_in", "reporting:notices_read": "signed_in",
    # committee members with an account read these too; the shared world has none, so "official" holds there
    "api:list_progress_reports": "official", "api:missing_progress_reports": "official_or_committee",
    "api:file_progress_report": "lead_unit",
    "api:list_notices": "signed_in", "api:mark_notices_read": "signed_in",
}

PLAIN = {
    "reporting:mine": "/can-bo/bao-cao/", "reporting:notices": "/can-bo/thong-bao/",
    "api:list_progress_reports": "/api/v1/reports", "api:list_notices": "/api/v1/reports/notices",
}
