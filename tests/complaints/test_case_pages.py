"""The officials' case pages: the worklist (buckets, filters, search without diacritics, few
queries, XLSX of what is listed), intake (refusals keep what was typed), the case page (masked
personal numbers, due labels, flags, timeline, linked filings) and the act forms (a stale form
changes nothing), per role."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from motcua.complaints import services as sv
from motcua.complaints.models import Case
from tests.clock import frozen_clock
from tests.complaints.conftest import make_case
from tests.dossiers.conftest import vn

pytestmark = pytest.mark.django_db

NOW = vn(2026, 3, 3, 10, 0)
clock = frozen_clock(NOW)


def codes(response) -> set[str]:
    """The case codes a list page shows."""
    return set(re.findall(r'data-code="([^"]+)"', response.content.decode()))


def login(client, world, name):
    client.force_login(world.users[name])
    return client


def test_the_handler_sees_the_units_cases_in_buckets_and_others_see_none(client, world):
    pakn = make_case(world, "pakn")
    late = make_case(world, "complaint_first", now=vn(2026, 2, 2),
                     filers=[sv.FilerIn("Trần Thị Hoà", "001190000002")])  # accept-by passed before NOW
    page = login(client, world, "commune_officer").get("/can-bo/vu-viec/")
    assert page.status_code == 200
    assert codes(page) == {pakn.code, late.code}
    assert 'data-bucket="overdue"' in page.content.decode()
    assert codes(client.get("/can-bo/vu-viec/", {"bucket": "overdue"})) == {late.code}
    assert codes(client.get("/can-bo/vu-viec/", {"bucket": "new", "kind": "pakn"})) == {pakn.code}
    assert codes(client.get("/can-bo/vu-viec/", {"kind": "complaint_first"})) == {late.code}
    assert codes(login(client, world, "builder").get("/can-bo/vu-viec/")) == set()
    assert login(client, world, "builder").get("/can-bo/vu-viec/", {"unit": "UBND-HK"}).status_code == 403
    assert login(client, world, "citizen").get("/can-bo/vu-viec/").status_code == 403
    client.logout()
    assert client.get("/can-bo/vu-viec/").status_code == 302


def test_search_ignores_diacritics_in_names_and_subjects(client, world):
    hoa = make_case(world, "pakn", filers=[sv.FilerIn("Lê Thị Hoà", "001190000011")],
                    subject="Phản ánh đường ngõ 12 Hàng Đào ngập nước")
    other = make_case(world, "denunciation", filers=[sv.FilerIn("Phạm Đức Minh", "001190000012")])
    login(client, world, "commune_chair")
    assert codes(client.get("/can-bo/vu-viec/", {"q": "le thi hoa"})) == {hoa.code}
    assert codes(client.get("/can-bo/vu-viec/", {"q": "hang dao ngap"})) == {hoa.code}
    results = client.get("/can-bo/vu-viec/", {"q": "pham duc minh"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert codes(results) == {other.code} and 'class="tabs"' not in results.content.decode()


def _many(world, n):
    for i in range(n):
        make_case(world, "pakn", filers=[sv.FilerIn(f"Người gửi {i}", f"0011900{i:05d}")],
                  subject=f"Phản ánh số {i} về vỉa hè phố {i}", now=vn(2026, 3, 2, 8 + i % 8, i % 60))


def test_the_worklist_costs_the_same_few_queries_for_3_or_30_cases(client, world, django_assert_max_num_queries):
    _many(world, 30)
    login(client, world, "commune_officer")
    client.get("/can-bo/vu-viec/")  # warm the calendar and the unit tree caches
    with django_assert_max_num_queries(12):
        page = client.get("/can-bo/vu-viec/")
    assert page.content.decode().count("data-code=") == 25  # one page
    with django_assert_max_num_queries(12):
        assert client.get("/can-bo/vu-viec/", {"page": "2", "bucket": "new"}).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/can-bo/vu-viec/xuat.xlsx").status_code == 200


def test_the_xlsx_export_lists_the_rows_the_page_shows(client, world):
    _many(world, 4)
    make_case(world, "denunciation", filers=[sv.FilerIn("Phạm Đức Minh", "001190000012")])
    login(client, world, "commune_officer")
    page = codes(client.get("/can-bo/vu-viec/", {"kind": "pakn"}))
    response = client.get("/can-bo/vu-viec/xuat.xlsx", {"kind": "pakn"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *lines = list(sheet.iter_rows(values_only=True))
    assert header[0] == "Mã vụ việc"
    listed = [line[0] for line in lines]
    shown = [code for code in Case.objects.filter(kind="pakn").order_by("-received_at").values_list("code", flat=True)]
    assert listed == shown and set(listed) == page
    assert "001190000012" not in str(lines)  # no ID numbers in the export
    assert login(client, world, "builder").get("/can-bo/vu-viec/xuat.xlsx", {"unit": "UBND-HK"}).status_code == 403


def test_the_case_page_masks_numbers_and_shows_dues_flags_and_the_log(client, world):
    group = [sv.FilerIn(f"Nguyễn Văn {n}", f"00119000010{i}", phone=f"091234567{i}", representative=i < 2)
             for i, n in enumerate(["An", "Bình", "Cường", "Dũng", "Hải", "Khánh"])]
    case = make_case(world, "complaint_first", filers=group)
    page = login(client, world, "commune_officer").get(f"/can-bo/vu-viec/{case.code}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "001190000100" not in text and "••••••••0100" in text
    assert "0912345670" not in text and "••••••5670" in text
    assert "Hạn xử lý đơn" in text and "Còn hạn" in text
    assert 'id="flags"' in text and "Đông người" in text and "6 người" in text
    assert 'data-act="file"' in text and "Tiếp nhận đơn" in text
    assert 'data-act="accept"' in text and f'name="expected_version" value="{case.version}"' in text
    # the hot-spot view's link: the commune's flagged cases
    plain = make_case(world, "pakn", filers=[sv.FilerIn("Lý Văn Tám", "001190000999")], subject="Đèn đường hỏng")
    flagged = codes(client.get("/can-bo/vu-viec/", {"area": world.commune.code, "bucket": "flagged"}))
    assert flagged == {case.code} and plain.code not in flagged
    # an official of another unit, a citizen (even the filer): no entry to the officials' page
    assert login(client, world, "builder").get(f"/can-bo/vu-viec/{case.code}/").status_code == 403
    assert login(client, world, "citizen").get(f"/can-bo/vu-viec/{case.code}/").status_code == 403
    assert client.get("/can-bo/vu-viec/KN-2026-999999/").status_code in (403, 404)
    assert login(client, world, "commune_officer").get("/can-bo/vu-viec/KN-2026-999999/").status_code == 404


def test_a_repeat_filing_is_linked_on_both_case_pages(client, world):
    first = make_case(world, "pakn", now=vn(2026, 3, 2, 9))
    again = make_case(world, "pakn", now=vn(2026, 3, 2, 15))
    assert again.matter_of_id == first.pk
    login(client, world, "commune_officer")
    assert first.code in client.get(f"/can-bo/vu-viec/{again.code}/").content.decode()
    assert again.code in client.get(f"/can-bo/vu-viec/{first.code}/").content.decode()


def test_acts_from_the_page_move_the_case_and_show_in_the_log(client, world):
    case = make_case(world, "denunciation")
    login(client, world, "commune_officer")
    url = f"/can-bo/vu-viec/{case.code}/viec/"
    response = client.post(url + "accept/", {"expected_version": case.version, "complexity": "complex"})
    assert response.status_code == 302 and response["Location"] == f"/can-bo/vu-viec/{case.code}/"
    case.refresh_from_db()
    assert case.state == "accepted" and case.complexity == "complex"
    assert f"/vu-viec/{case.pk}/van-ban/acceptance.pdf" in client.get(f"/can-bo/vu-viec/{case.code}/").content.decode()
    response = client.post(url + "extend/", {"expected_version": case.version, "days": 30,
                                             "reason": "Phải xác minh tại nhiều địa điểm"})
    assert response.status_code == 302
    page = client.get(f"/can-bo/vu-viec/{case.code}/").content.decode()
    assert 'data-act="extend"' in page and "Phải xác minh tại nhiều địa điểm" in page and " → " in page
    # a complex denunciation is extended once only: the rules' reason, on the form, nothing changed
    case.refresh_from_db()
    refused = client.post(url + "extend/", {"expected_version": case.version, "days": 30, "reason": "Thêm lần nữa"})
    assert refused.status_code == 422
    assert "Thêm lần nữa" in refused.content.decode() and 'role="alert"' in refused.content.decode()
    assert Case.objects.get(pk=case.pk).version == case.version


def test_a_denunciations_intake_check_is_extended_from_its_page(client, world):
    case = make_case(world, "denunciation")  # Monday 2 March 9:00: accept by 11 March
    pakn = make_case(world, "pakn", filers=[sv.FilerIn("Lý Văn Tám")], subject="Đèn đường hỏng")
    login(client, world, "commune_officer")
    assert 'data-act="extend_intake"' not in client.get(f"/can-bo/vu-viec/{pakn.code}/").content.decode()
    page = client.get(f"/can-bo/vu-viec/{case.code}/").content.decode()
    assert 'data-act="extend_intake"' in page and "Kéo dài thời hạn kiểm tra, xác minh để thụ lý tố cáo" in page
    url = f"/can-bo/vu-viec/{case.code}/viec/extend_intake/"
    empty = client.post(url, {"expected_version": case.version, "reason": " "})
    assert empty.status_code == 400 and "Phải nêu rõ lý do cần kiểm tra, xác minh thêm." in empty.content.decode()
    assert Case.objects.get(pk=case.pk).due_at == vn(2026, 3, 11)
    done = client.post(url, {"expected_version": case.version, "reason": "Xác minh tại hai địa điểm"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.state == "received" and case.due_at == vn(2026, 3, 16)  # 10 working days
    page = client.get(f"/can-bo/vu-viec/{case.code}/").content.decode()
    assert 'data-act="extend_intake"' in page and "Xác minh tại hai địa điểm" in page
    again = client.post(url, {"expected_version": case.version, "reason": "Lần nữa"})
    assert again.status_code == 422 and "một lần" in again.content.decode()
    assert Case.objects.get(pk=case.pk).version == case.version


def test_a_stale_form_changes_nothing_and_says_so(client, world):
    case = make_case(world, "pakn")
    read_at = case.version
    sv.assign(case, by=world.users["commune_chair"], now=NOW, handler=world.users["commune_officer"])
    login(client, world, "commune_officer")
    response = client.post(f"/can-bo/vu-viec/{case.code}/viec/refuse/",
                           {"expected_version": read_at, "reason": "Không thuộc thẩm quyền"})
    assert response.status_code == 409
    text = response.content.decode()
    assert "người khác cập nhật" in text and "Không thuộc thẩm quyền" in text
    case.refresh_from_db()
    assert case.state == "received" and case.version == read_at + 1
    # an act page opens with the current version; one the state does not offer sends back to the case
    form = client.get(f"/can-bo/vu-viec/{case.code}/viec/refuse/")
    assert form.status_code == 200 and f'name="expected_version" value="{case.version}"' in form.content.decode()
    assert client.get(f"/can-bo/vu-viec/{case.code}/viec/publish/")["Location"] == f"/can-bo/vu-viec/{case.code}/"
    assert client.get(f"/can-bo/vu-viec/{case.code}/viec/fly/").status_code == 404


def test_only_the_handling_units_officials_act(client, world):
    case = make_case(world, "pakn")
    response = login(client, world, "builder").post(f"/can-bo/vu-viec/{case.code}/viec/refuse/",
                                                    {"expected_version": case.version, "reason": "x"})
    assert response.status_code == 403
    case.concerned_unit = world.construction  # the builder's unit is concerned: may read, not act
    case.save(update_fields=["concerned_unit"])
    assert client.get(f"/can-bo/vu-viec/{case.code}/").status_code == 200
    assert 'data-act="refuse"' not in client.get(f"/can-bo/vu-viec/{case.code}/").content.decode()
    assert client.post(f"/can-bo/vu-viec/{case.code}/viec/refuse/",
                       {"expected_version": case.version, "reason": "x"}).status_code == 403
    assert Case.objects.get(pk=case.pk).state == "received"


def _intake(**extra):
    data = {"kind": "complaint_first", "channel": "reception", "handling_unit": "UBND-HK",
            "subject": "Khiếu nại quyết định thu hồi đất số 7/QĐ-UBND", "content": "Gia đình tôi không đồng ý.",
            "known_on": "2026-02-20", "filed_level": "commune", "competent_level": "commune",
            "filers-TOTAL_FORMS": "0", "filers-INITIAL_FORMS": "0"}
    data.update(extra)
    return data


def _rows(people):
    data = {"filers-TOTAL_FORMS": str(len(people))}
    for i, (name, number, representative) in enumerate(people):
        data[f"filers-{i}-name"], data[f"filers-{i}-id_number"] = name, number
        if representative:
            data[f"filers-{i}-representative"] = "on"
    return data


def test_intake_files_the_case_and_opens_its_page(client, world):
    login(client, world, "commune_officer")
    form = client.get("/can-bo/vu-viec/tiep-nhan/")
    assert form.status_code == 200 and 'name="filers-2-name"' in form.content.decode()
    # each cell of the filers' table names its field and row for a screen reader
    assert 'aria-label="Số định danh cá nhân (người gửi thứ 3)"' in form.content.decode()
    response = client.post("/can-bo/vu-viec/tiep-nhan/", _intake(**_rows([("Đỗ Văn Hùng", "001090000777", False)])))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/can-bo/vu-viec/{case.code}/"
    assert case.channel == "reception" and case.filers.get().name == "Đỗ Văn Hùng"
    assert case.events.get().actor == f"u{world.users['commune_officer'].pk}"


def test_a_refused_intake_keeps_everything_typed_and_records_nothing(client, world):
    group = [(f"Người số {i}", f"0010900001{i:02d}", True) for i in range(6)]  # 6 representatives: too many
    login(client, world, "commune_officer")
    response = client.post("/can-bo/vu-viec/tiep-nhan/", _intake(people="12", **_rows(group)))
    assert response.status_code == 422
    text = response.content.decode()
    assert 'id="refusal"' in text and "đại diện" in text
    assert "Khiếu nại quyết định thu hồi đất số 7/QĐ-UBND" in text and "Người số 5" in text
    assert 'value="12"' in text and "001090000105" in text
    assert not Case.objects.exists()
    # the form's own checks: a forwarded filing needs the forwarding agency; no filer at all
    response = client.post("/can-bo/vu-viec/tiep-nhan/", _intake(channel="forwarded"))
    assert response.status_code == 400 and "cơ quan chuyển đến" in response.content.decode()
    assert "ít nhất một người gửi" in response.content.decode()
    # "add a filer" keeps the rows and adds a blank one
    more = client.post("/can-bo/vu-viec/tiep-nhan/", _intake(more="1", **_rows(group[:2])))
    assert more.status_code == 200 and 'name="filers-2-name"' in more.content.decode()
    assert "Người số 1" in more.content.decode() and not Case.objects.exists()


def test_a_complaint_out_of_time_is_recorded_refused_with_the_reason(client, world):
    login(client, world, "commune_officer")
    response = client.post("/can-bo/vu-viec/tiep-nhan/", _intake(known_on="2025-10-01",
                                                                **_rows([("Đỗ Văn Hùng", "001090000777", False)])),
                           follow=True)
    case = Case.objects.get()
    assert case.state == "refused"
    assert "thời hiệu" in response.content.decode()


def test_intake_is_for_officials_only(client, world):
    assert login(client, world, "citizen").get("/can-bo/vu-viec/tiep-nhan/").status_code == 403
    response = login(client, world, "builder").post("/can-bo/vu-viec/tiep-nhan/", _intake(
        **_rows([("Đỗ Văn Hùng", "001090000777", False)])))
    assert response.status_code == 400 and not Case.objects.exists()  # UBND-HK is not among the builder's units
