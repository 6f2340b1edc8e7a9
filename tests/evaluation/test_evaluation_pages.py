"""The pages a leader uses: a unit's sheets for a month with scores, bands, the quota's effect and
its explanation; a sheet with its criteria, products by source, facts and breakdown; the forms
that fill it in; the XLSX of the month and of the year. No N+1 queries."""

import io
import pytest
from openpyxl import load_workbook

from motcua.evaluation import services as sv
from motcua.evaluation.models import Sheet

from .conftest import FULL, MARCH, NOW, scored

pytestmark = pytest.mark.django_db


@pytest.fixture
def quota_month(handled):
    w = handled
    sv.open_sheets(w.commune_ubnd, MARCH, now=NOW)
    scored(w, "commune_officer2", FULL, 10, 10)
    scored(w, "commune_officer3", FULL, 10, 9)
    for n in (4, 5):
        scored(w, f"commune_officer{n}", {"politics": 5, "ethics": 5}, 10, 9)
    scored(w, "commune_officer", {"politics": 5, "ethics": 5, "manner": 5}, 10, 9)
    return w


def test_the_unit_page_shows_scores_bands_and_why_someone_was_demoted(client, quota_month, django_assert_max_num_queries):
    w = quota_month
    client.force_login(w.users["commune_chair"])
    with django_assert_max_num_queries(14):
        page = client.get(f"/can-bo/danh-gia-xep-loai/don-vi/UBND-HK/{MARCH}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Nguyễn Cán bộ 3" in html and "Chuyển xuống do vượt tỷ lệ" in html
    assert "Nhóm có 5 người xếp loại từ hoàn thành tốt trở lên" in html and "→ 1 người hoàn thành xuất sắc" in html
    assert "Hoàn thành xuất sắc nhiệm vụ" in html and 'name="csrfmiddlewaretoken"' in html


def test_the_unit_page_does_not_grow_queries_with_more_sheets(client, quota_month, django_assert_max_num_queries):
    w = quota_month
    client.force_login(w.users["supervisor"])
    url = f"/can-bo/danh-gia-xep-loai/don-vi/UBND-HK/{MARCH}/"
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
    from django.contrib.auth import get_user_model

    from motcua.units.models import Official
    for n in range(6, 16):
        user = get_user_model().objects.create(username=f"extra{n}")
        Official.objects.create(user=user, unit=w.commune_ubnd, role="processing")
    sv.compute_unit(w.commune_ubnd, MARCH, now=NOW)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_a_leader_fills_in_a_sheet_through_its_forms(client, handled):
    w = handled
    sv.open_sheets(w.commune_ubnd, MARCH, now=NOW)
    sheet = Sheet.objects.get(official=w.users["commune_officer"], period=MARCH)
    client.force_login(w.users["commune_chair"])
    base = f"/can-bo/danh-gia-xep-loai/phieu/{sheet.pk}/"
    client.post(base + "viec/general/", {f"crit{k}": v for k, v in FULL.items()})
    client.post(base + "viec/product/", {"name": "Báo cáo tổng kết", "assigned": "2", "completed": "2",
                                         "failed_reviews": "0", "delays": "1", "exempt_delays": "1", "weight": "2"})
    client.post(base + "viec/fact/", {"kind": "disciplined", "occurred_on": "2026-03-05", "document": "QĐ 9/QĐ-UBND"})
    client.post(base + "viec/compute/")
    html = client.get(base).content.decode()
    assert "Báo cáo tổng kết" in html and "Nhập tay" in html and "Giải quyết hồ sơ TTHC" in html
    assert "QĐ 9/QĐ-UBND" in html and "Không hoàn thành nhiệm vụ" in html
    sheet.refresh_from_db()
    assert sheet.general_points == 30 and sheet.band == "not_complete"
    bad = client.post(base + "viec/general/", {"critethics": "9"}, follow=True)
    assert "điểm phải từ 0 đến 6" in bad.content.decode()


def test_the_month_and_the_year_export_to_xlsx(client, quota_month):
    w = quota_month
    client.force_login(w.users["commune_chair"])
    book = load_workbook(io.BytesIO(client.get(f"/can-bo/danh-gia-xep-loai/don-vi/UBND-HK/{MARCH}.xlsx").content))
    assert book.sheetnames == ["Tong hop", "San pham", "Can cu", "Ty le xuat sac"]
    rows = {r[0]: r for r in book["Tong hop"].iter_rows(min_row=2, values_only=True)}
    assert rows["Nguyễn Cán bộ 3"][8] == 97.67 and rows["Nguyễn Cán bộ 3"][10] == "Hoàn thành tốt nhiệm vụ"
    assert rows["Nguyễn Cán bộ 3"][9] == "Hoàn thành xuất sắc nhiệm vụ"
    sv.open_sheets(w.commune_ubnd, "2026", now=NOW)
    year = load_workbook(io.BytesIO(client.get("/can-bo/danh-gia-xep-loai/don-vi/UBND-HK/2026.xlsx").content))
    months = {r[0]: r for r in year["Theo thang"].iter_rows(min_row=2, values_only=True)}
    assert months["Nguyễn Cán bộ 2"][3] == 100.0  # March


def test_the_start_page_lists_my_sheets_and_the_units_i_lead(client, quota_month):
    w = quota_month
    client.force_login(w.users["commune_officer2"])
    html = client.get("/can-bo/danh-gia-xep-loai/").content.decode()
    assert MARCH in html and 'id="units"' not in html  # their own sheet; no unit to lead
    client.force_login(w.users["commune_chair"])
    page = client.get("/can-bo/danh-gia-xep-loai/", {"q": "hoan kiem"})
    assert "UBND phường Hoàn Kiếm" in page.content.decode()
    assert client.get("/can-bo/danh-gia-xep-loai/", {"unit": "a/b", "period": MARCH}).status_code == 404
    go = client.get("/can-bo/danh-gia-xep-loai/", {"unit": "UBND-HK", "period": "2026-3x"})
    assert go.status_code == 400
    assert client.get("/can-bo/danh-gia-xep-loai/", {"unit": "UBND-HK", "period": MARCH})["Location"].endswith(
        f"/don-vi/UBND-HK/{MARCH}/")
