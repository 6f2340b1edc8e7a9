"""Every dashboard chart downloads as an XLSX sheet of its data (Vietnamese headers), with the
page's filters; the overview downloads as a PDF of its tables and charts (drawn as SVG), the other
pages as a PDF of their charts, each with its table."""

import io
import re

import pytest
from openpyxl import load_workbook

from motcua.quality.dashboard_charts import Chart
from motcua.quality.dashboard_svg import svg
from motcua.quality.services import rate_dossier
from tests.dossiers.scenario import vn
from tests.quality.builders import returned
from tests.quality.dashboard_fixtures import MARCH, clock, login, march  # noqa: F401

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet(client, url, **params) -> list[list]:
    response = client.get(url, {"period": MARCH, "format": "xlsx", **params})
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith('attachment; filename="chi-so-766-2026-03-')
    return [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]


def test_the_trend(client, world, march):
    rows = sheet(login(client, world), "/can-bo/chi-so/", chart="trend")
    assert rows[0][0] == "Điểm chỉ số 766 trong 12 tháng — Toàn tỉnh, thành phố — Tháng 03/2026"
    assert rows[1][:3] == ["Tháng", "Tổng điểm", "Công khai, minh bạch"] and "Tiến độ giải quyết" in rows[1]
    assert [r[0] for r in rows[2:]] == [f"{m:02d}/2025" for m in range(4, 13)] + [f"{m:02d}/2026" for m in range(1, 4)]
    assert rows[-1][rows[1].index("Tiến độ giải quyết")] == 15.0


def test_the_ranking_has_every_unit(client, world, march):
    rows = sheet(login(client, world), "/can-bo/chi-so/", chart="ranking", unit="UBND-HK")
    assert rows[1][:6] == ["Hạng", "Hạng trong nhóm", "Mã đơn vị", "Đơn vị", "Tổng điểm", "Thay đổi so với kỳ trước"]
    by_code = {r[2]: r for r in rows[2:]}
    assert {"UBND-HK", "CN-HK", "STP", "SXD", "CATP", "SVHTT", "TTPVHCC"} <= set(by_code)
    assert by_code["UBND-HK"][0] == 1 and by_code["UBND-HK"][rows[1].index("Tiến độ giải quyết")] == 15.0
    assert "UBND phường Hoàn Kiếm — Tháng 03/2026" in rows[0][0]


def test_the_groups(client, world, march):
    rows = sheet(login(client, world), "/can-bo/chi-so/", chart="groups")
    assert rows[1] == ["Nhóm chỉ tiêu", "Điểm đạt", "Điểm tối đa"]
    assert ["Tiến độ giải quyết", 15.0, 20] in rows


def test_progress_charts(client, world, march):
    c = login(client, world)
    rows = sheet(c, "/can-bo/chi-so/tien-do/", chart="ontime")
    assert rows[1] == ["Mã đơn vị", "Cơ quan giải quyết", "Hồ sơ tiếp nhận", "Đúng hạn", "Trễ hạn (đã xong)",
                       "Đang quá hạn", "Tỷ lệ đúng hạn (%)"]
    assert rows[2] == ["UBND-HK", "UBND phường Hoàn Kiếm", 4, 3, 1, 0, 75.0]
    assert sheet(c, "/can-bo/chi-so/tien-do/", chart="overdue")[2] == rows[2]
    delays = sheet(c, "/can-bo/chi-so/tien-do/", chart="delays")
    assert delays[1][:3] == ["Đơn vị", "Số hồ sơ trễ do đơn vị", "Tỷ lệ (%)"]
    assert delays[2] == ["UBND phường Hoàn Kiếm", 1, 100.0, "Giải quyết: 1"]


def test_ratings_charts(client, world):
    rate_dossier(world.users["citizen"], returned(world), {"overall": "dissatisfied"}, now=vn(2026, 3, 4, 9, 0))
    c = login(client, world)
    assert sheet(c, "/can-bo/chi-so/danh-gia/", chart="levels")[1:] == [
        ["Mức", "Số đánh giá"], ["Rất hài lòng", 0], ["Hài lòng", 0], ["Không hài lòng", 1]]
    units = sheet(c, "/can-bo/chi-so/danh-gia/", chart="units")
    assert units[1][:2] == ["Đơn vị", "Số đánh giá"] and ["UBND phường Hoàn Kiếm", 1, 0, 0, 1, 100.0] in units
    assert len(sheet(c, "/can-bo/chi-so/danh-gia/", chart="criteria")) == 2 + 7  # title, header, 7 criteria
    assert sheet(c, "/can-bo/chi-so/danh-gia/", chart="officers")[1][0] == "Cán bộ"


def test_an_unknown_chart_is_a_bad_request(client, world):
    response = login(client, world).get("/can-bo/chi-so/", {"format": "xlsx", "chart": "khong-co"})
    assert response.status_code == 400 and "trend" in response.content.decode()


def test_the_pdf_has_the_title_the_tables_and_the_charts(client, world, march):
    from pypdf import PdfReader

    response = login(client, world).get("/can-bo/chi-so/", {"period": MARCH, "unit": "UBND-HK", "format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Chỉ số Quyết định 766 — UBND phường Hoàn Kiếm — Tháng 03/2026" in text
    for words in ("Hồ sơ giải quyết đúng hạn", "Xếp hạng đơn vị", "Sở Tư pháp", "Điểm chỉ số 766 trong 12 tháng"):
        assert words in text, words


@pytest.mark.parametrize(("page", "heading", "words"), [
    ("tien-do/", "Tiến độ giải quyết hồ sơ", ("Tỷ lệ đúng hạn theo cơ quan", "UBND phường Hoàn Kiếm", "Đang quá hạn")),
    ("danh-gia/", "Đánh giá của người dân", ("Mức hài lòng chung", "Mức hài lòng theo tiêu chí", "Số đánh giá")),
])
def test_the_other_pages_as_pdf_have_their_charts_and_tables(client, world, march, page, heading, words):
    from pypdf import PdfReader

    c = login(client, world)
    body = c.get(f"/can-bo/chi-so/{page}", {"period": MARCH}).content.decode()
    assert re.search(r"href=\"\?[^\"]*format=pdf\" id=\"pdf-link\"", body), body[body.find("dash-title"):][:300]
    response = c.get(f"/can-bo/chi-so/{page}", {"period": MARCH, "format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('inline; filename="chi-so-766-2026-03-')
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert f"{heading} — Toàn tỉnh, thành phố — Tháng 03/2026" in text
    for w in words:
        assert w in text, w


def test_the_svg_drawings_escape_their_text():
    chart = Chart("x", "t", "hbar", "Đơn vị", ["<b>&</b>"], [("n", [3])])
    drawing = svg(chart)
    assert drawing.startswith("<svg") and "&lt;b&gt;&amp;&lt;/b&gt;" in drawing and "<b>" not in drawing
    assert "<polyline" in svg(Chart("y", "t", "line", "Tháng", ["a", "b"], [("n", [1, None])]))
    assert "Không có số liệu." in svg(Chart("z", "t", "bar", "Mức", [], []))
