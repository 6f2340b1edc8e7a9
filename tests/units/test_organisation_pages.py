"""The organisation pages and API routes: who gets in (supervisor and administrator see every
unit, a leader their own, everyone else 403, anonymous sent to sign in), what each page shows,
and that the lists read in a bounded number of queries."""

import pytest

from motcua import timesource
from motcua.rules.calendar import VN_TZ

from .conftest import ON

pytestmark = pytest.mark.django_db

ALL_SEEING = {"supervisor", "sysadmin"}
LEADERS = {"commune_chair", "builder_head", "culture_head", "justice_head"}
OTHERS = {"reception", "reception2", "commune_officer", "builder", "police_officer", "culture_officer",
          "citizen", "other_citizen"}
ROUTES = ["/can-bo/to-chuc/", "/can-bo/to-chuc/ra-soat/", "/can-bo/to-chuc/chuyen-doi-vi-tri/",
          "/api/v1/organisation/review", "/api/v1/organisation/rotation"]


@pytest.fixture(autouse=True)
def today():
    from datetime import datetime

    timesource.set_provider(lambda: datetime(2026, 11, 20, 10, 0, tzinfo=VN_TZ))
    yield
    timesource.set_provider(None)


@pytest.mark.parametrize("user", sorted(ALL_SEEING | LEADERS | OTHERS | {"anonymous"}))
def test_who_may_open_the_organisation_pages(client, org, user):
    if user != "anonymous":
        client.force_login(org.users[user])
    for url in ROUTES:
        status = client.get(url).status_code
        if user == "anonymous":
            assert status == (401 if url.startswith("/api/") else 302), url
        elif user in OTHERS:
            assert status == 403, (url, status)
            if url.startswith("/api/"):
                assert client.get(url).json()["code"] == "organisation_forbidden"
        else:
            assert status == 200, (url, status)


@pytest.mark.parametrize(("user", "own", "other"), [
    ("builder_head", "SXD", "STP"), ("justice_head", "STP", "CATP"), ("commune_chair", "UBND-HK", "SXD")])
def test_a_leader_opens_their_own_unit_but_not_another(client, org, user, own, other):
    client.force_login(org.users[user])
    assert client.get(f"/can-bo/to-chuc/don-vi/{own}/").status_code == 200
    assert client.get(f"/can-bo/to-chuc/don-vi/{other}/").status_code == 403
    assert client.get(f"/api/v1/organisation/units/{own}/positions").status_code == 200
    refused = client.get(f"/api/v1/organisation/units/{other}/positions")
    assert refused.status_code == 403 and refused.json()["code"] == "unit_out_of_scope"


def test_the_supervisor_sees_every_unit_and_an_unknown_one_is_404(client, org):
    client.force_login(org.users["supervisor"])
    assert client.get("/can-bo/to-chuc/don-vi/CATP/").status_code == 200
    assert client.get("/can-bo/to-chuc/don-vi/KHONG-CO/").status_code == 404
    assert client.get("/api/v1/organisation/units/KHONG-CO/positions").status_code == 404


def test_the_review_page_groups_the_findings_with_counts_and_fix_links(client, org):
    client.force_login(org.users["supervisor"])
    body = client.get("/can-bo/to-chuc/ra-soat/").content.decode()
    assert "6 phát hiện" in body
    assert 'data-kind="unit_headless"' in body and "Đơn vị không có người đứng đầu" in body
    assert "QLNN-BC Quản lý nhà nước về báo chí" in body and "/admin/units/functionassignment/" in body
    headless = client.get("/can-bo/to-chuc/ra-soat/", {"loai": "unit_headless"}).content.decode()
    assert "Công an thành phố Hà Nội" in headless and "/admin/units/position/add/?unit=" in headless
    assert "QLNN-BC" not in headless


def test_a_leader_sees_only_their_units_in_the_review(client, org):
    client.force_login(org.users["culture_head"])
    body = client.get("/can-bo/to-chuc/ra-soat/").content.decode()
    assert "1 phát hiện" in body and "quá 6 tháng" in body
    data = client.get("/api/v1/organisation/review").json()
    assert data["total"] == 1 and [g["kind"] for g in data["groups"] if g["count"]] == ["acting_too_long"]


def test_the_review_api_and_an_earlier_date(client, org):
    client.force_login(org.users["sysadmin"])
    data = client.get("/api/v1/organisation/review").json()
    assert data["on"] == "2026-11-20" and data["total"] == 6
    assert {g["kind"]: g["count"] for g in data["groups"]}["procedure_successor"] == 1
    before = client.get("/api/v1/organisation/review", {"on": "2025-01-15"}).json()
    assert {g["kind"]: g["count"] for g in before["groups"]}["procedure_successor"] == 0
    assert client.get("/api/v1/organisation/review", {"on": "hôm qua"}).status_code == 422
    page = client.get("/can-bo/to-chuc/ra-soat/", {"ngay": "khong-phai-ngay"})
    assert page.status_code == 200 and "không đúng dạng" in page.content.decode()


def test_the_rotation_page_lists_who_is_due_overdue_or_exempt_and_why(client, org):
    client.force_login(org.users["supervisor"])
    body = client.get("/can-bo/to-chuc/chuyen-doi-vi-tri/").content.decode()
    for user, status in (("builder", "overdue"), ("commune_officer", "due"), ("police_officer", "postponed"),
                         ("culture_officer", "exempt"), ("commune_chair", "overdue")):
        assert f'data-status="{status}" data-user="{user}"' in body, user
    assert "nuôi con dưới 36 tháng" in body and "dưới 18 tháng đến tuổi nghỉ hưu" in body
    assert "không giữ quá 2 nhiệm kỳ" in body or "đã đủ 2 nhiệm kỳ" in body
    exempt = client.get("/can-bo/to-chuc/chuyen-doi-vi-tri/", {"trang-thai": "exempt"}).content.decode()
    assert 'data-user="culture_officer"' in exempt and 'data-user="builder"' not in exempt


def test_the_rotation_api_counts_each_status(client, org):
    client.force_login(org.users["supervisor"])
    data = client.get("/api/v1/organisation/rotation").json()
    assert data["counts"] == {"overdue": 2, "due": 1, "postponed": 1, "exempt": 1, "not_due": 0}
    builder = next(r for r in data["rows"] if r["username"] == "builder")
    assert builder["due_on"] == "2026-01-01" and builder["months_in_post"] == 46 and builder["kind"] == "transfer"
    client.force_login(org.users["builder_head"])
    assert [r["username"] for r in client.get("/api/v1/organisation/rotation").json()["rows"]] == ["builder"]


def test_a_units_page_shows_positions_holders_and_functions(client, org):
    client.force_login(org.users["justice_head"])
    body = client.get("/can-bo/to-chuc/don-vi/STP/").content.decode()
    assert "Giám đốc Sở Tư pháp" in body and "Nguyễn Justice Head" in body and "QLNN-HT" in body
    assert "Cùng lúc giữ 2 vị trí" in body
    data = client.get("/api/v1/organisation/units/STP/positions").json()
    assert data["functions"] == ["QLNN-HT Quản lý nhà nước về hộ tịch"]
    assert {p["title"]: [h["username"] for h in p["holders"]] for p in data["positions"]} == {
        "Giám đốc Sở Tư pháp": ["justice_head"], "Trưởng phòng Hành chính tư pháp": ["justice_head"]}


def test_a_merged_units_page_names_its_successor(client, org):
    client.force_login(org.users["supervisor"])
    body = client.get("/can-bo/to-chuc/don-vi/STTTT/").content.decode()
    assert "hết hiệu lực ngày 28/02/2025" in body and "Sở Khoa học và Công nghệ" in body
    assert "1.003000" in body  # the procedure still pointing at it


def test_the_unit_list_searches_without_diacritics_and_is_scoped(client, org):
    client.force_login(org.users["supervisor"])
    body = client.get("/can-bo/to-chuc/", {"q": "so tu phap"}).content.decode()
    assert "Sở Tư pháp" in body and "Sở Xây dựng" not in body
    client.force_login(org.users["builder_head"])
    body = client.get("/can-bo/to-chuc/").content.decode()
    assert "Sở Xây dựng" in body and "Sở Tư pháp" not in body


def test_the_lists_read_in_a_bounded_number_of_queries(client, org, django_assert_max_num_queries):
    from motcua.units import staffing

    for n in range(25):
        p = staffing.create_position(org.world.construction, f"Chuyên viên {n}", transfer_sector="Xây dựng",
                                     transfer_cycle_months=36)
        staffing.appoint(org.users["builder_head"] if n == 0 else org.users["builder"], p, ON.replace(year=2022))
    client.force_login(org.users["supervisor"])
    for url in ("/can-bo/to-chuc/chuyen-doi-vi-tri/", "/can-bo/to-chuc/ra-soat/", "/can-bo/to-chuc/",
                "/can-bo/to-chuc/don-vi/SXD/", "/api/v1/organisation/rotation"):
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200, url


def test_the_rotation_page_splits_periodic_transfers_from_term_limited_heads(client, org):
    client.force_login(org.users["supervisor"])
    heads = client.get("/can-bo/to-chuc/chuyen-doi-vi-tri/", {"nhom": "lanh-dao"}).content.decode()
    assert 'data-user="commune_chair"' in heads and 'data-user="builder"' not in heads
    assert "Cần luân chuyển (đủ 2 nhiệm kỳ)" in heads
    transfers = client.get("/can-bo/to-chuc/chuyen-doi-vi-tri/", {"nhom": "chuyen-doi", "trang-thai": "overdue"})
    body = transfers.content.decode()
    assert 'data-user="builder"' in body and 'data-user="commune_chair"' not in body


@pytest.mark.parametrize("user", sorted(ALL_SEEING | LEADERS | OTHERS))
def test_one_function_decides_who_sees_which_units(org, user):
    from django.core.exceptions import PermissionDenied

    from motcua.dossiers.access import viewer_for
    from motcua.units.access import organisation_scope
    from motcua.units.models import Official

    viewer = viewer_for(org.users[user], on=ON)
    if user in OTHERS:
        with pytest.raises(PermissionDenied, match="Chỉ lãnh đạo đơn vị"):
            organisation_scope(viewer)
        return
    scope = organisation_scope(viewer)
    assert scope.everything == (user in ALL_SEEING)
    if user in LEADERS:
        own = set(Official.objects.filter(user=org.users[user]).values_list("unit_id", flat=True))
        assert scope.units == own and not scope.covers(org.world.police.pk)
