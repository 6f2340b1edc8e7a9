"""Who may use the citizens' case pages (K3), for ``tests/web/test_route_access_matrix.py``.

- ``public``: following a case by code, the published answers;
- ``signed_in``: filing online, one's own list;
- ``case_owner`` (proved in ``test_public_pages.py``): the filer's case page and rating — the
  account that filed it, nobody else (officials included);
- ``case_sees`` (proved in ``test_letters.py``): a case's letters (PDF) — the filer and the
  officials who may see the case (``complaints.access.may_see``).
"""

POLICY = {
    "complaints_public:file": "signed_in",
    "complaints_public:my_cases": "signed_in",
    "complaints_public:my_case": "case_owner",
    "complaints_public:rate": "case_owner",
    "complaints_public:letter": "case_sees",
    "complaints_public:follow": "public",
    "complaints_public:answers": "public",
}

PLAIN = {
    "complaints_public:file": "/gui-don/",
    "complaints_public:my_cases": "/cong-dan/vu-viec/",
    "complaints_public:follow": "/tra-cuu-vu-viec/",
    "complaints_public:answers": "/phan-anh-kien-nghi/",
}
