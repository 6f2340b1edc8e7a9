"""The briefing pages: any official reads the meetings and the pack (HTML with charts drawn by a
static script, PDF, XLSX); only the programme's committee creates meetings, edits the agenda,
records conclusions and the notice and assigns tasks — others get 403 and nothing changes."""

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from motcua import timesource
from motcua.briefings.models import AgendaItem, Conclusion, Meeting
from motcua.programmes.models import Task
from motcua.programmes.services import add_member
from tests.dossiers.scenario import vn

NOW = vn(2026, 4, 16, 10)


@pytest.fixture(autouse=True)
def clock():
    timesource.set_provider(lambda: NOW)
    yield
    timesource.set_provider(None)


def _as(client, world, name):
    client.force_login(world.users[name])
    return client


def test_any_official_reads_the_programmes_and_their_meetings(client, meetings, world):
    c = _as(client, world, "builder")  # a processing officer of the construction department: reads only
    index = c.get("/can-bo/giao-ban/", {"q": "cai cach hanh chinh"})  # without diacritics
    assert index.status_code == 200 and "Cải cách hành chính thử nghiệm" in index.content.decode()
    assert "Cải cách" not in c.get("/can-bo/giao-ban/", {"q": "chuyen doi so"}).content.decode()
    page = c.get("/can-bo/giao-ban/chuong-trinh/CTR-T/").content.decode()
    assert "125-TB/BCĐ" in page and "2 / 2" in page  # the first meeting's notice; both conclusions assigned
    assert "Tạo phiên giao ban" not in page


def test_the_meeting_page_shows_the_pack_with_its_charts_and_no_inline_script(client, meetings, world):
    _, second = meetings
    response = _as(client, world, "builder").get(f"/can-bo/giao-ban/{second.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Quá hạn 14 ngày" in html and "Kế hoạch số hóa hồ sơ cư trú" in html and "police_officer" in html
    assert 'data-chart="chart-status"' in html and 'id="chart-units"' in html
    for tag in re.findall(r"<script[^>]*>", html):
        assert 'src="' in tag or 'type="application/json"' in tag, tag
    assert "/static/briefings/pack.js" in html
    assert "Ghi kết luận" not in html and "Lưu chương trình họp" not in html  # no steering forms for a reader


@pytest.mark.parametrize("path,data", [
    ("chuong-trinh-hop/", {"proposed": "1"}),
    ("ket-luan/", {"content": "X", "lead_unit": "1", "product": "plan"}),
    ("thong-bao/", {"symbol": "1-TB/BCĐ", "notice_date": "2026-04-15"}),
    ("giao-nhiem-vu/", {}),
])
def test_only_the_committee_steers(client, meetings, world, path, data):
    _, second = meetings
    response = _as(client, world, "builder").post(f"/can-bo/giao-ban/{second.pk}/{path}", data)
    assert response.status_code == 403
    assert not AgendaItem.objects.filter(meeting=second).exists() and not Conclusion.objects.filter(meeting=second).exists()
    assert Meeting.objects.get(pk=second.pk).notice_symbol == ""
    assert client.get("/can-bo/giao-ban/chuong-trinh/CTR-T/tao/").status_code == 403


def test_a_committee_member_with_an_account_steers(client, meetings, world):
    add_member(meetings[0].programme, name="Builder", user=world.users["builder"])
    response = _as(client, world, "builder").post(f"/can-bo/giao-ban/{meetings[1].pk}/chuong-trinh-hop/", {"proposed": "1"})
    assert response.status_code == 302 and AgendaItem.objects.filter(meeting=meetings[1]).count() == 5


def test_the_committee_holds_a_meeting_from_creation_to_tasks(client, programme, world):
    c = _as(client, world, "justice_head")
    form = c.get("/can-bo/giao-ban/chuong-trinh/CTR-T/tao/")
    assert form.status_code == 200
    response = c.post("/can-bo/giao-ban/chuong-trinh/CTR-T/tao/", {
        "held_at": "2026-04-15T14:00", "kind": "monthly", "chair": "Đồng chí Trưởng ban", "place": "Phòng họp 2"})
    meeting = Meeting.objects.get(programme=programme)
    assert response.status_code == 302 and response["Location"] == f"/can-bo/giao-ban/{meeting.pk}/"
    assert meeting.held_at == vn(2026, 4, 15, 14)
    page = c.get(f"/can-bo/giao-ban/{meeting.pk}/").content.decode()
    assert "Lưu chương trình họp" in page and "Đề xuất từ các nhiệm vụ quá hạn" in page
    four = Task.objects.get(programme=programme, code="4")
    c.post(f"/can-bo/giao-ban/{meeting.pk}/chuong-trinh-hop/", {
        "title": ["Nghe Công an báo cáo", "", "Kết luận"], "task": [str(four.pk), "", ""],
        "presenter": [str(world.police.pk), "", ""]})
    assert list(AgendaItem.objects.filter(meeting=meeting).values_list("title", "task__code", "presenter__code")) == [
        ("Nghe Công an báo cáo", "4", "CATP"), ("Kết luận", None, None)]
    bad = c.post(f"/can-bo/giao-ban/{meeting.pk}/ket-luan/", {"content": "Báo cáo", "lead_unit": str(world.police.pk),
                                                              "co_units": [str(world.police.pk)], "product": "report"})
    assert bad.status_code == 400 and "không đồng thời là đơn vị phối hợp" in bad.content.decode()
    c.post(f"/can-bo/giao-ban/{meeting.pk}/ket-luan/", {"content": "Hoàn thành số hóa hồ sơ cư trú",
                                                        "lead_unit": str(world.police.pk), "co_units": [str(world.justice.pk)],
                                                        "product": "report", "deadline": "2026-05-31"})
    refused = c.post(f"/can-bo/giao-ban/{meeting.pk}/giao-nhiem-vu/", follow=True)
    assert "số thông báo" in refused.content.decode() and not Task.objects.filter(code="8").exists()
    c.post(f"/can-bo/giao-ban/{meeting.pk}/thong-bao/", {"symbol": "130-TB/BCĐ", "notice_date": "2026-04-16"})
    done = c.post(f"/can-bo/giao-ban/{meeting.pk}/giao-nhiem-vu/", follow=True).content.decode()
    assert "Đã giao 1 nhiệm vụ theo thông báo 130-TB/BCĐ: 8." in done
    task = Task.objects.get(programme=programme, code="8")
    assert (task.source_symbol, task.source_date, task.lead_unit, task.deadline) == (
        "130-TB/BCĐ", date(2026, 4, 16), world.police, date(2026, 5, 31))
    assert "Nhiệm vụ 8" in done  # the conclusion shows the task it became


def test_the_pack_downloads_as_pdf_and_as_xlsx_with_a_sheet_per_section(client, meetings, world):
    _, second = meetings
    c = _as(client, world, "culture_officer")
    pdf = c.get(f"/can-bo/giao-ban/{second.pk}/tai-lieu.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert 'filename="giao-ban-CTR-T-20260414.pdf"' in pdf["Content-Disposition"]
    xlsx = c.get(f"/can-bo/giao-ban/{second.pk}/tai-lieu.xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Tổng hợp", "Theo đơn vị", "Đã hoàn thành", "Quá hạn, nguy cơ chậm", "Chương trình họp",
                               "Kết luận kỳ trước"]
    summary = {r[0]: r[1] for r in book["Tổng hợp"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Tổng số nhiệm vụ"] == 9 and summary["Quá hạn chưa hoàn thành"] == 2 and summary["Có nguy cơ chậm"] == 1
    assert len(book["Tổng hợp"]._charts) == 1 and len(book["Theo đơn vị"]._charts) == 1
    finished = list(book["Đã hoàn thành"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[11].date()) for r in finished] == [("2", date(2026, 3, 20)), ("3", date(2026, 4, 2))]
    late = [(r[0], r[3], r[12]) for r in book["Quá hạn, nguy cơ chậm"].iter_rows(min_row=2, values_only=True)]
    assert late == [("4", "Công an thành phố Hà Nội", "Quá hạn chưa hoàn thành"),
                    ("8", "Sở Văn hóa và Thể thao", "Quá hạn chưa hoàn thành"), ("5", "Sở Xây dựng", "Có nguy cơ chậm")]


def test_anonymous_visitors_are_sent_to_sign_in_and_citizens_refused(client, meetings, world):
    _, second = meetings
    assert client.get(f"/can-bo/giao-ban/{second.pk}/tai-lieu.pdf")["Location"].startswith("/dang-nhap/")
    assert _as(client, world, "citizen").get(f"/can-bo/giao-ban/{second.pk}/").status_code == 403


def test_the_meetings_list_reads_in_a_fixed_number_of_queries(client, meetings, world, django_assert_max_num_queries):
    from motcua.briefings.services import create_meeting

    for day in range(1, 25):
        create_meeting(meetings[0].programme, by=None, now=NOW, held_at=vn(2026, 2, day, 14))
    c = _as(client, world, "builder")
    with django_assert_max_num_queries(12):
        page = c.get("/can-bo/giao-ban/chuong-trinh/CTR-T/")
    assert page.content.decode().count("tai-lieu.pdf") == 20 and "Trang 1/2" in page.content.decode()


def test_the_meeting_page_reads_in_a_fixed_number_of_queries(client, meetings, world, django_assert_max_num_queries):
    from motcua.briefings.services import record_conclusion
    from motcua.programmes.services import add_task

    steer = world.users["justice_head"]
    for n in range(10, 30):
        add_task(meetings[0].programme, by=steer, now=vn(2026, 1, 10), code=str(n), content=f"Nhiệm vụ {n}",
                 product="report", lead_unit=world.culture, co_units=[world.justice], assigned_on=date(2026, 1, 10),
                 deadline=date(2026, 3, 1), source_symbol="01-CTr/TU")
        record_conclusion(meetings[1], by=steer, now=NOW, content=f"Kết luận {n}", lead_unit=world.police,
                          co_units=[world.justice, world.culture], product="plan")
    c = _as(client, world, "justice_head")
    with django_assert_max_num_queries(25):
        page = c.get(f"/can-bo/giao-ban/{meetings[1].pk}/")
    assert page.status_code == 200 and "Kết luận 29" in page.content.decode()
