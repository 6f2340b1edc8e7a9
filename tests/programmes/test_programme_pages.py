"""The programme pages: any official reads the list, a programme (committee, counts by status and
by lead unit, the task tree with filters and search without diacritics) and a task (fields,
history, extension requests); the task's lead unit reports progress, completion and asks for more
time; only the committee assigns tasks, imports, reopens and decides extensions. Citizens get 403."""

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from motcua.programmes import services as sv
from motcua.programmes.layout import COLUMNS
from motcua.programmes.models import ExtensionRequest, Task
from tests.dossiers.scenario import vn
from tests.programmes.conftest import make_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(world, programme):
    """Four tasks on 1 June 2026: done on time, overdue, at risk (a week left at 20 %), in time."""
    done = make_task(world, programme, "1", deadline=date(2026, 3, 31), content="Nghị quyết về công tác cán bộ")
    sv.complete_task(done, by=world.users["builder"], now=vn(2026, 3, 20), completed_on=date(2026, 3, 20),
                     result_document="NQ 05-NQ/TU", version=done.version)
    late = make_task(world, programme, "2", deadline=date(2026, 5, 15), lead=world.culture,
                     content="Kế hoạch đo lường sự hài lòng")
    risky = make_task(world, programme, "2.1", parent=late, deadline=date(2026, 6, 8), progress=20,
                      content="Khảo sát thí điểm tại Hoàn Kiếm")
    calm = make_task(world, programme, "10", deadline=date(2026, 12, 31), progress=30, content="Đề án chuyển đổi số")
    return {"done": done, "late": late, "risky": risky, "calm": calm}


def login(client, world, name):
    client.force_login(world.users[name])
    return client


def test_the_list_counts_each_programme_by_status(client, world, tasks, django_assert_max_num_queries):
    login(client, world, "builder")
    with django_assert_max_num_queries(8):
        page = client.get("/can-bo/chuong-trinh/")
    body = page.content.decode()
    assert page.status_code == 200 and "01-CTr/TU" in body
    counts = page.context["rows"][0].counts
    assert (counts.total, counts.done_on_time, counts.open_overdue, counts.at_risk) == (4, 1, 1, 1)
    assert client.get("/can-bo/chuong-trinh/?q=cai cach").context["rows"]
    assert not client.get("/can-bo/chuong-trinh/?q=khong co").context["rows"]


def test_the_programme_page_shows_the_tree_counts_and_filters(client, world, programme, tasks,
                                                              django_assert_max_num_queries):
    login(client, world, "culture_officer")
    url = f"/can-bo/chuong-trinh/{programme.pk}/"
    with django_assert_max_num_queries(12):
        page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and "Ban Chỉ đạo" in body and "Trưởng phòng văn hóa" in body
    assert [m.role for m in page.context["members"]] == ["head", "member"]  # the head first
    assert [r.task.code for r in page.context["page"]] == ["1", "2", "2.1", "10"]  # natural order, children under
    assert "Quá hạn chưa hoàn thành" in body and "Có nguy cơ chậm" in body
    units = {u.unit_code: u.counts for u in page.context["by_unit"]}
    assert units["SVHTT"].open_overdue == 1 and units["SXD"].done_on_time == 1
    overdue = client.get(url, {"status": "open_overdue"})
    assert [r.task.code for r in overdue.context["page"]] == ["2"]
    risky = client.get(url, {"status": "at_risk"})
    assert [r.task.code for r in risky.context["page"]] == ["2.1"]
    found = client.get(url, {"q": "HOAN KIEM"})  # no diacritics, any case
    assert [r.task.code for r in found.context["page"]] == ["2.1"]
    by_unit = client.get(url, {"unit": world.culture.pk})
    assert {r.task.code for r in by_unit.context["page"]} == {"2"}


def test_more_tasks_do_not_mean_more_queries(client, world, programme, tasks, django_assert_max_num_queries):
    for n in range(20, 45):
        make_task(world, programme, str(n), co_units=[world.police, world.culture])
    login(client, world, "builder")
    with django_assert_max_num_queries(12):
        page = client.get(f"/can-bo/chuong-trinh/{programme.pk}/")
    assert page.context["shown"] == 29
    assert len(page.context["page"]) == 29


def test_the_task_page_shows_history_and_extension_requests(client, world, tasks):
    risky = tasks["risky"]
    sv.request_extension(risky, by=world.users["builder"], now=vn(2026, 5, 30), proposed_deadline=date(2026, 8, 31),
                         reason="Chờ kết quả khảo sát")
    login(client, world, "police_officer")
    page = client.get(f"/can-bo/chuong-trinh/nhiem-vu/{risky.pk}/")
    body = page.content.decode()
    assert page.status_code == 200 and "Khảo sát thí điểm tại Hoàn Kiếm" in body
    assert "Giao nhiệm vụ" in body and "Chờ kết quả khảo sát" in body and "Chờ xem xét" in body
    assert "Cập nhật tiến độ" not in body and "Chấp thuận" not in body  # neither lead unit nor committee


def test_the_lead_unit_updates_progress_and_a_stale_form_is_refused(client, world, tasks):
    calm = tasks["calm"]
    login(client, world, "builder")
    url = f"/can-bo/chuong-trinh/nhiem-vu/{calm.pk}/"
    assert "Cập nhật tiến độ" in client.get(url).content.decode()
    done = client.post(url + "tien-do/", {"version": calm.version, "progress": 55, "note": "Xong dự thảo"}, follow=True)
    assert "Đã cập nhật tiến độ" in done.content.decode() and Task.objects.get(pk=calm.pk).progress == 55
    stale = client.post(url + "tien-do/", {"version": calm.version, "progress": 60}, follow=True)
    assert "người khác cập nhật" in stale.content.decode() and Task.objects.get(pk=calm.pk).progress == 55


def test_others_may_not_act_on_a_task(client, world, tasks):
    calm = tasks["calm"]
    url = f"/can-bo/chuong-trinh/nhiem-vu/{calm.pk}/"
    login(client, world, "culture_head")  # another unit's leader, not on the committee
    assert client.post(url + "tien-do/", {"version": calm.version, "progress": 90}).status_code == 403
    assert client.post(url + "gia-han/", {"proposed_deadline": "2027-01-31", "reason": "x"}).status_code == 403
    login(client, world, "citizen")
    assert client.get(url).status_code == 403
    assert Task.objects.get(pk=calm.pk).progress == 30 and not ExtensionRequest.objects.exists()


def test_completion_late_without_a_reason_is_refused_on_the_page(client, world, tasks):
    late = tasks["late"]
    login(client, world, "culture_officer")
    url = f"/can-bo/chuong-trinh/nhiem-vu/{late.pk}/"
    refused = client.post(url + "hoan-thanh/", {"version": late.version, "completed_on": "2026-05-30",
                                                "result_document": "KH 9/KH-UBND"}, follow=True)
    assert "phải nêu lý do chậm" in refused.content.decode() and Task.objects.get(pk=late.pk).completed_on is None
    client.post(url + "hoan-thanh/", {"version": late.version, "completed_on": "2026-05-30",
                                      "result_document": "KH 9/KH-UBND", "delay_reason": "Chờ số liệu"})
    assert Task.objects.get(pk=late.pk).completed_on == date(2026, 5, 30)


def test_the_committee_decides_extensions_and_the_lead_unit_cannot(client, world, tasks):
    risky = tasks["risky"]
    req = sv.request_extension(risky, by=world.users["builder"], now=vn(2026, 5, 30),
                               proposed_deadline=date(2026, 8, 31), reason="Chờ kết quả khảo sát")
    url = f"/can-bo/chuong-trinh/gia-han/{req.pk}/quyet-dinh/"
    login(client, world, "builder")
    assert client.post(url, {"decision": "approve"}).status_code == 403
    login(client, world, "justice_head")  # leader of the standing agency
    assert "Chấp thuận" in client.get(f"/can-bo/chuong-trinh/nhiem-vu/{risky.pk}/").content.decode()
    client.post(url, {"decision": "approve", "note": "Đồng ý"})
    t = Task.objects.get(pk=risky.pk)
    assert (t.deadline, t.original_deadline) == (date(2026, 8, 31), date(2026, 6, 8))


def test_only_the_committee_assigns_a_task(client, world, programme, tasks):
    url = f"/can-bo/chuong-trinh/{programme.pk}/giao-nhiem-vu/"
    form = {"code": "11", "content": "Quy định về phân cấp", "product": "regulation", "lead_unit": world.police.pk,
            "co_units": [world.culture.pk], "assigned_on": "2026-06-01", "deadline": "2026-05-01",
            "source_symbol": "TB 15-TB/TU", "leader": "nobody"}
    login(client, world, "builder")
    assert client.get(url).status_code == 403
    login(client, world, "culture_officer")  # a committee member with an account
    refused = client.post(url, form)
    body = refused.content.decode()
    assert refused.status_code == 400 and "Không có tài khoản «nobody»" in body
    form["leader"] = "police_officer"
    refused = client.post(url, form)
    assert refused.status_code == 400 and "Thời hạn không được trước ngày giao" in refused.content.decode()
    form["deadline"] = "2026-10-01"
    made = client.post(url, form)
    task = Task.objects.get(programme=programme, code="11")
    assert made.status_code == 302 and made["Location"] == f"/can-bo/chuong-trinh/nhiem-vu/{task.pk}/"
    assert task.leader == world.users["police_officer"] and list(task.co_units.all()) == [world.culture]


def test_the_committee_reopens_a_finished_task(client, world, tasks):
    done = tasks["done"]
    url = f"/can-bo/chuong-trinh/nhiem-vu/{done.pk}/mo-lai/"
    login(client, world, "builder")
    assert client.post(url, {"version": done.version, "reason": "Không đạt"}).status_code == 403
    client.force_login(world.users["justice_head"])
    client.post(url, {"version": done.version, "reason": "Sản phẩm không đạt thẩm định"})
    assert Task.objects.get(pk=done.pk).completed_on is None


def test_the_import_page_lists_row_errors_and_imports_a_good_file(client, world, programme, tasks):
    def upload(deadline, dry=False):
        book = Workbook()
        book.active.append([h for h, _, _ in COLUMNS])
        book.active.append(["20", "10", "Kế hoạch con", "Kế hoạch", None, "CATP", "SXD; Sở Tư pháp", None, None,
                            "01/06/2026", deadline, None, "01-CTr/TU"])
        data = io.BytesIO()
        book.save(data)
        data.seek(0)
        data.name = "ds.xlsx"
        return client.post(url, {"file": data, **({"dry_run": "on"} if dry else {})}, follow=True)

    url = f"/can-bo/chuong-trinh/{programme.pk}/nhap/"
    login(client, world, "builder")
    assert client.get(url).status_code == 403
    login(client, world, "justice_head")
    refused = upload("01/05/2026")
    assert refused.status_code == 400 and "Không nhập được: 1 lỗi" in refused.content.decode()
    assert "<td>2</td><td>Thời hạn</td><td>Thời hạn không được trước ngày giao</td>" in refused.content.decode()
    assert "Chưa ghi gì" in upload("01/10/2026", dry=True).content.decode()
    assert not Task.objects.filter(code="20").exists()
    assert "Đã nhập 1 nhiệm vụ" in upload("01/10/2026").content.decode()
    made = Task.objects.get(code="20")
    assert made.parent == tasks["calm"] and set(made.co_units.values_list("code", flat=True)) == {"SXD", "STP"}
    exported = client.get(f"/can-bo/chuong-trinh/{programme.pk}/nhiem-vu.xlsx")
    codes = [r[0] for r in load_workbook(io.BytesIO(exported.content)).worksheets[0].iter_rows(values_only=True)]
    assert exported.status_code == 200 and codes == ["Số thứ tự", "1", "2", "2.1", "10", "20"]
