"""The report pages: a unit's reports, the filing form, a report and its files, the committee's
view of a period (and closing it), the notices. Who gets in: any official reads; only the lead
unit's officials and the committee file; only the committee closes; citizens get 403."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua import timesource
from motcua.reporting.models import Notice, ProgressReport
from motcua.reporting.services import file_report, send_reminders
from tests.dossiers.scenario import vn

from .conftest import PDF

pytestmark = pytest.mark.django_db
NOW = vn(2026, 3, 10, 10)


@pytest.fixture(autouse=True)
def clock():
    timesource.set_provider(lambda: NOW)
    yield
    timesource.set_provider(None)


def _as(client, programme, user):
    client.force_login(programme.world.users[user])
    return client


def test_my_units_page_lists_what_is_due_filed_late_or_missing(client, programme, django_assert_max_num_queries):
    w = programme.world
    file_report(programme, w.construction, "2026-01", by=w.users["builder"], now=vn(2026, 2, 3), summary="T1")
    file_report(programme, w.construction, "2026-02", by=w.users["builder"], now=vn(2026, 3, 8), summary="T2")
    c = _as(client, programme, "builder")
    with django_assert_max_num_queries(14):
        page = c.get("/can-bo/bao-cao/")
    body = page.content.decode()
    assert page.status_code == 200
    assert body.count("Sở Xây dựng") == 3  # January, February and the current March
    assert "Đã nộp đúng hạn" in body and "Nộp chậm" in body and "Chưa đến hạn" in body
    late = c.get("/can-bo/bao-cao/?state=late").content.decode()
    assert "Tháng 2/2026" in late and "Tháng 1/2026" not in late
    assert _as(client, programme, "citizen").get("/can-bo/bao-cao/").status_code == 403


def test_the_form_has_a_line_per_task_and_files_the_report(client, programme, settings, tmp_path):
    settings.MOTCUA_UPLOAD_DIR = tmp_path
    t = programme.t
    c = _as(client, programme, "builder")
    form = c.get("/can-bo/bao-cao/CTR-T/ky/2026-02/SXD/nop/")
    body = form.content.decode()
    assert form.status_code == 200 and f'name="progress_{t["1"].pk}" value="20"' in body
    assert f'name="progress_{t["2"].pk}"' in body and f'name="progress_{t["3"].pk}"' not in body  # culture's task
    done = c.post("/can-bo/bao-cao/CTR-T/ky/2026-02/SXD/nop/", {
        "summary": "Đã xong dự thảo.", f"progress_{t['1'].pk}": "60", f"note_{t['1'].pk}": "Chờ góp ý",
        f"progress_{t['2'].pk}": "10", "files": [SimpleUploadedFile("phu-luc.pdf", PDF)]})
    report = ProgressReport.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/can-bo/bao-cao/so/{report.pk}/"
    page = c.get(done["Location"]).content.decode()
    assert "Chờ góp ý" in page and "phu-luc.pdf" in page and "Nộp lại" in page
    [item] = report.attachments.all()
    download = c.get(f"/can-bo/bao-cao/tep/{item.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert _as(client, programme, "citizen").get(f"/can-bo/bao-cao/tep/{item.pk}/").status_code == 403


def test_a_refused_form_is_shown_again_with_what_was_typed(client, programme):
    t = programme.t
    page = _as(client, programme, "builder").post("/can-bo/bao-cao/CTR-T/ky/2026-02/SXD/nop/", {
        "summary": "", f"progress_{t['1'].pk}": "150", f"note_{t['1'].pk}": "ghi chú giữ lại"})
    body = page.content.decode()
    assert page.status_code == 422 and "Chưa nhập tóm tắt" in body and "từ 0 đến 100" in body
    assert "ghi chú giữ lại" in body and not ProgressReport.objects.exists()


@pytest.mark.parametrize(("user", "status"), [("builder", 200), ("builder_head", 200), ("committee", 200),
                                              ("justice_head", 200), ("culture_officer", 403),
                                              ("citizen", 403)])
def test_only_the_lead_unit_and_the_committee_open_the_form(client, programme, user, status):
    assert _as(client, programme, user).get("/can-bo/bao-cao/CTR-T/ky/2026-02/SXD/nop/").status_code == status


def test_the_committee_sees_who_has_not_reported_and_closes_the_period(client, programme,
                                                                      django_assert_max_num_queries):
    w = programme.world
    file_report(programme, w.construction, "2026-02", by=w.users["builder"], now=vn(2026, 3, 2), summary="x")
    file_report(programme, w.culture, "2026-02", by=w.users["culture_officer"], now=vn(2026, 3, 9), summary="y")
    c = _as(client, programme, "committee")
    assert c.get("/can-bo/bao-cao/CTR-T/")["Location"] == "/can-bo/bao-cao/CTR-T/ky/2026-02/"
    with django_assert_max_num_queries(12):
        page = c.get("/can-bo/bao-cao/CTR-T/ky/2026-02/")
    body = page.content.decode()
    assert "Đúng hạn: 1" in body and "Nộp chậm: 1" in body and "Khóa kỳ báo cáo" in body
    january = c.get("/can-bo/bao-cao/CTR-T/ky/2026-01/").content.decode()
    assert "Chưa nộp (quá hạn): 3" in january and "Công an thành phố Hà Nội" in january
    builder = _as(client, programme, "builder")
    assert "Khóa kỳ báo cáo" not in builder.get("/can-bo/bao-cao/CTR-T/ky/2026-02/").content.decode()
    assert builder.post("/can-bo/bao-cao/CTR-T/ky/2026-02/khoa/").status_code == 403
    c = _as(client, programme, "committee")
    assert c.post("/can-bo/bao-cao/CTR-T/ky/2026-02/khoa/").status_code == 302
    assert "Kỳ đã khóa" in c.get("/can-bo/bao-cao/CTR-T/ky/2026-02/").content.decode()
    assert c.get("/can-bo/bao-cao/CTR-T/ky/2026-Q1/").status_code == 404
    assert _as(client, programme, "citizen").get("/can-bo/bao-cao/CTR-T/ky/2026-02/").status_code == 403


def test_the_notices_page_shows_unread_notices_and_marks_them_read(client, programme):
    send_reminders(vn(2026, 2, 28, 7))
    c = _as(client, programme, "builder_head")  # February is due soon, January is late (to the leader)
    page = c.get("/can-bo/thong-bao/").content.decode()
    assert "2 chưa đọc" in page and "Sắp đến hạn báo cáo" in page and "Chậm báo cáo" in page
    note = Notice.objects.filter(user=programme.world.users["builder_head"], kind="report_due").get()
    follow = c.post("/can-bo/thong-bao/da-doc/", {"id": note.pk, "next": note.link})
    assert follow["Location"] == "/can-bo/bao-cao/CTR-T/ky/2026-02/SXD/nop/"
    assert "1 chưa đọc" in c.get("/can-bo/thong-bao/").content.decode()
    assert c.post("/can-bo/thong-bao/da-doc/", {"next": "https://evil.example/"})["Location"] == "/can-bo/thong-bao/"
    assert "chưa đọc" not in c.get("/can-bo/thong-bao/").content.decode()
    other = _as(client, programme, "culture_officer")
    assert "Sở Xây dựng" not in other.get("/can-bo/thong-bao/").content.decode()  # only one's own
