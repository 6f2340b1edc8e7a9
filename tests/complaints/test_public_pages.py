"""The citizens' case pages: filing online (the checks' refusals shown on the form as it was
sent), one's own cases and their page, rating the answer once (changeable for a few days),
following any case by code and four digits without seeing anyone's personal data (and throttled),
and the public list of published answers, searchable without diacritics, without personal data."""

from __future__ import annotations

from datetime import timedelta

import pytest

from motcua import timesource
from motcua.complaints import services as sv
from motcua.complaints.models import Case, CaseRating
from motcua.complaints.services import CaseRefused, FilerIn
from motcua.dossiers.models import Dossier
from tests.complaints.conftest import make_case
from tests.dossiers.conftest import vn

pytestmark = pytest.mark.django_db

PERSONAL = ("Nguyễn Văn Đình", "001090012345", "0912345678", "dinh@example.vn", "Hàng Bạc")


@pytest.fixture
def clock():
    """Pages read ``timesource.now()``: set it (``clock(moment)``), restored afterwards."""
    def set_to(moment):
        timesource.set_provider(lambda: moment)
    set_to(vn(2026, 3, 2, 9, 0))
    yield set_to
    timesource.set_provider(None)


def _form(world, **kw):
    data = {"kind": "pakn", "handling_unit": world.commune_ubnd.pk, "area": world.commune.pk,
            "subject": "Phản ánh việc chậm trả kết quả khai sinh", "content": "Đã quá hẹn ba ngày.",
            "name": "Nguyễn Văn Đình", "id_number": "001090012345", "phone": "0912345678",
            "email": "dinh@example.vn", "address": "12 Hàng Bạc"}
    data.update(kw)
    return {k: v for k, v in data.items() if v is not None}


def _answered(world, account, now=vn(2026, 3, 10, 10, 0), **kw):
    case = make_case(world, "pakn", account=account, **kw)
    return sv.answer(case, by=world.users["commune_officer"], now=now, text="Đã trả kết quả cho ông Nguyễn Văn Đình.")


# -- filing --------------------------------------------------------------------------------------

def test_a_citizen_files_feedback_and_lands_on_its_page(client, world, clock):
    client.force_login(world.users["citizen"])
    assert client.get("/gui-don/").status_code == 200
    response = client.post("/gui-don/", _form(world), follow=True)
    case = Case.objects.get()
    assert response.redirect_chain[-1][0] == f"/cong-dan/vu-viec/{case.pk}/"
    assert case.account == world.users["citizen"] and case.channel == "online" and case.kind == "pakn"
    assert [(f.name, f.id_number, f.email) for f in case.filers.all()] == [("Nguyễn Văn Đình", "001090012345",
                                                                           "dinh@example.vn")]
    page = response.content.decode()
    assert f"Mã vụ việc của ông/bà: {case.code}" in page and "Tiếp nhận đơn" in page


def test_a_denunciation_needs_the_denouncer_s_pledge_and_the_form_is_kept(client, world, clock):
    client.force_login(world.users["citizen"])
    response = client.post("/gui-don/", _form(world, kind="denunciation", subject="Tố cáo cán bộ địa chính"))
    assert response.status_code == 400 and not Case.objects.exists()
    page = response.content.decode()
    assert "Nghĩa vụ của người tố cáo" in page and "cam kết thực hiện các nghĩa vụ" in page
    assert 'value="Tố cáo cán bộ địa chính"' in page  # what was typed is still there
    response = client.post("/gui-don/", _form(world, kind="denunciation", subject="Tố cáo cán bộ", duties="on"))
    assert response.status_code == 302 and Case.objects.get().kind == "denunciation"


def test_a_complaint_out_of_time_is_recorded_and_refused_with_the_reason(client, world, clock):
    client.force_login(world.users["citizen"])
    response = client.post("/gui-don/", _form(world, kind="complaint_first", known_on="2025-10-01"), follow=True)
    case = Case.objects.get()
    assert case.state == Case.State.REFUSED
    page = response.content.decode()
    assert "không được thụ lý" in page and "hết thời hiệu khiếu nại" in page.lower()


def test_a_refusal_of_the_service_is_shown_on_the_form_as_sent(client, world, clock, monkeypatch):
    def refuse(**kw):
        raise CaseRefused("Nhóm 6 người phải cử người đại diện.", "representatives_invalid", 422)

    monkeypatch.setattr("motcua.complaints.public.filing.file_case", refuse)
    client.force_login(world.users["citizen"])
    response = client.post("/gui-don/", _form(world, subject="Kiến nghị sửa quy định"))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Nhóm 6 người phải cử người đại diện." in page and 'value="Kiến nghị sửa quy định"' in page


def test_only_one_s_own_dossier_can_be_linked(client, world, clock):
    from tests.dossiers.scenario import at_counter

    mine = at_counter(world, world.birth, vn(2026, 2, 20, 9, 0))
    Dossier.objects.filter(pk=mine.pk).update(applicant_user=world.users["citizen"])
    theirs = at_counter(world, world.birth, vn(2026, 2, 20, 10, 0))
    Dossier.objects.filter(pk=theirs.pk).update(applicant_user=world.users["other_citizen"])
    client.force_login(world.users["citizen"])
    page = client.get("/gui-don/").content.decode()
    assert mine.code in page and theirs.code not in page
    assert client.post("/gui-don/", _form(world, dossier=theirs.pk)).status_code == 400
    assert client.post("/gui-don/", _form(world, dossier=mine.pk)).status_code == 302
    assert Case.objects.get().dossier_id == mine.pk


def test_filing_needs_signing_in(client):
    response = client.get("/gui-don/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


# -- my cases ------------------------------------------------------------------------------------

def test_my_cases_lists_only_mine_in_few_queries(client, world, django_assert_max_num_queries):
    for i in range(6):
        make_case(world, "pakn", account=world.users["citizen"], now=vn(2026, 3, 2 + i, 9, 0),
                  filers=[FilerIn(f"Người {i}", f"00109000000{i}")])
    other = make_case(world, "pakn", account=world.users["other_citizen"], filers=[FilerIn("Khác", "001090000099")])
    client.force_login(world.users["citizen"])
    with django_assert_max_num_queries(8):
        page = client.get("/cong-dan/vu-viec/").content.decode()
    main = page.split("<main>", 1)[1]  # the menu links to this list too
    assert main.count('href="/cong-dan/vu-viec/') == 6 and other.code not in page


def test_a_citizen_cannot_see_another_s_case(client, world):
    case = make_case(world, "pakn", account=world.users["citizen"])
    for user in ("other_citizen", "commune_officer"):  # officials have their own pages
        client.force_login(world.users[user])
        assert client.get(f"/cong-dan/vu-viec/{case.pk}/").status_code == 403
        assert client.post(f"/cong-dan/vu-viec/{case.pk}/danh-gia/", {"level": 3}).status_code == 403
    client.force_login(world.users["citizen"])
    assert client.get(f"/cong-dan/vu-viec/{case.pk}/").status_code == 200


def test_my_case_shows_the_state_due_times_answer_and_letters(client, world):
    case = _answered(world, world.users["citizen"])
    client.force_login(world.users["citizen"])
    page = client.get(f"/cong-dan/vu-viec/{case.pk}/").content.decode()
    assert "Đã trả lời, giải quyết" in page and "Đã trả kết quả cho ông Nguyễn Văn Đình." in page
    assert f"/vu-viec/{case.pk}/van-ban/answer.pdf" in page and "Văn bản trả lời phản ánh, kiến nghị" in page
    assert 'id="rating"' in page and 'data-act="answer"' in page
    assert "commune_officer" not in page  # acts are shown by unit, never by official


# -- rating --------------------------------------------------------------------------------------

def test_the_filer_rates_once_and_may_change_it_for_a_while(client, world, clock, settings):
    settings.MOTCUA_RATING_CHANGE_DAYS = 7
    case = _answered(world, world.users["citizen"])
    client.force_login(world.users["citizen"])
    url = f"/cong-dan/vu-viec/{case.pk}/danh-gia/"
    clock(vn(2026, 3, 11, 9, 0))
    assert client.post(url, {"level": 1, "like": "dislike", "comment": "Chậm"}).status_code == 302
    rating = CaseRating.objects.get(case=case)
    assert (rating.level, rating.likes, rating.dislikes) == (1, 0, 1)
    clock(vn(2026, 3, 15, 9, 0))  # within the week: changed, the dislike still counted once
    assert client.post(url, {"level": 3, "like": "dislike"}).status_code == 302
    rating.refresh_from_db()
    assert (rating.level, rating.likes, rating.dislikes) == (3, 0, 1)
    clock(vn(2026, 3, 19, 9, 0))  # more than 7 days after the first rating: locked
    response = client.post(url, {"level": 1})
    assert response.status_code == 409 and "7 ngày" in response.content.decode()
    rating.refresh_from_db()
    assert rating.level == 3
    assert 'id="rating"' not in client.get(f"/cong-dan/vu-viec/{case.pk}/").content.decode()


def test_there_is_nothing_to_rate_before_the_answer(client, world, clock):
    case = make_case(world, "pakn", account=world.users["citizen"])
    client.force_login(world.users["citizen"])
    assert 'id="rating"' not in client.get(f"/cong-dan/vu-viec/{case.pk}/").content.decode()
    assert client.post(f"/cong-dan/vu-viec/{case.pk}/danh-gia/", {"level": 3}).status_code == 409
    assert not CaseRating.objects.exists()


# -- following by code ---------------------------------------------------------------------------

def test_following_by_code_shows_the_progress_and_no_personal_data(client, world):
    case = _answered(world, world.users["citizen"])
    for last4 in ("2345", "5678"):  # identity number or phone
        response = client.get("/tra-cuu-vu-viec/", {"code": case.code, "last4": last4})
        assert response.status_code == 200
        page = response.content.decode()
        assert case.code in page and "Đã trả lời, giải quyết" in page and "UBND phường Hoàn Kiếm" in page
        assert 'data-act="answer"' in page
        for personal in PERSONAL:
            assert personal not in page, personal


def test_the_published_answer_shown_by_code_is_cleaned(client, world):
    case = make_case(world, "pakn")
    case = sv.answer(case, by=world.users["commune_officer"], now=vn(2026, 3, 10, 10, 0), text="Đã xử lý.",
                     public_text="Đã trả lời ông Nguyễn Văn Đình, số 0912345678.")
    sv.publish(case, by=world.users["commune_officer"], now=vn(2026, 3, 11, 9, 0))
    page = client.get("/tra-cuu-vu-viec/", {"code": case.code, "last4": "2345"}).content.decode()
    assert "Đã trả lời ông [người gửi], số [số điện thoại]." in page
    assert "0912345678" not in page and "Nguyễn Văn Đình" not in page


def test_wrong_digits_and_unknown_codes_answer_alike_then_are_throttled(client, world, settings):
    settings.MOTCUA_LOOKUP_CODE_MAX_FAILURES = 3
    case = make_case(world, "pakn")
    wrong = client.get("/tra-cuu-vu-viec/", {"code": case.code, "last4": "0000"})
    unknown = client.get("/tra-cuu-vu-viec/", {"code": "PAKN-2026-999999", "last4": "2345"})
    assert wrong.status_code == unknown.status_code == 404
    assert "Không tìm thấy vụ việc khớp mã và 4 số cuối." in wrong.content.decode()
    assert client.get("/tra-cuu-vu-viec/", {"code": case.code, "last4": "12"}).status_code == 400
    for _ in range(2):
        client.get("/tra-cuu-vu-viec/", {"code": case.code, "last4": "0000"})
    blocked = client.get("/tra-cuu-vu-viec/", {"code": case.code, "last4": "2345"})  # right digits, too late
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) > 0
    assert "tra cứu sai quá nhiều lần" in blocked.content.decode()


# -- published answers ---------------------------------------------------------------------------

def _published(world, subject, public_text, now, **kw):
    case = make_case(world, "pakn", subject=subject, now=now, **kw)
    case = sv.answer(case, by=world.users["commune_officer"], now=now + timedelta(days=1), text="Nội bộ: " + public_text,
                     public_text=public_text)
    return sv.publish(case, by=world.users["commune_officer"], now=now + timedelta(days=2))


def test_the_published_answers_are_searchable_without_diacritics_and_carry_no_personal_data(client, world):
    birth = _published(world, "Phản ánh chậm trả kết quả khai sinh",
                       "Trả lời ông Nguyễn Văn Đình (CCCD 001090012345, dinh@example.vn): đã trả kết quả.",
                       vn(2026, 3, 2, 9, 0))
    road = _published(world, "Kiến nghị sửa đường Hàng Bạc", "Đã giao Ban quản lý dự án sửa trong quý II.",
                      vn(2026, 3, 3, 9, 0), filers=[FilerIn("Lê Thị Hoa", "001190000001")])
    unpublished = make_case(world, "pakn", subject="Phản ánh chưa công khai khai sinh",
                            filers=[FilerIn("Đỗ Văn Nam", "001090000077")])
    complaint = make_case(world, "complaint_first", subject="Khiếu nại khai sinh", filers=[FilerIn("Vũ An", "0011")])
    page = client.get("/phan-anh-kien-nghi/").content.decode()
    assert f'data-code="{birth.code}"' in page and f'data-code="{road.code}"' in page
    assert page.count("data-code=") == 2 and unpublished.code not in page
    assert "Nội bộ" not in page  # only the published text
    for personal in ("Nguyễn Văn Đình", "001090012345", "dinh@example.vn"):
        assert personal not in page
    assert "Trả lời ông [người gửi] (CCCD [số định danh], [thư điện tử]): đã trả kết quả." in page
    found = client.get("/phan-anh-kien-nghi/", {"q": "CHAM TRA khai sinh"}).content.decode()
    assert f'data-code="{birth.code}"' in found and found.count("data-code=") == 1
    found = client.get("/phan-anh-kien-nghi/", {"q": "đường"}).content.decode()
    assert f'data-code="{road.code}"' in found and found.count("data-code=") == 1
    assert "Không có kết quả trả lời nào khớp" in client.get("/phan-anh-kien-nghi/", {"q": "xyz"}).content.decode()


def test_the_published_answers_are_paginated_in_few_queries(client, world, django_assert_max_num_queries):
    for i in range(23):
        _published(world, f"Kiến nghị số {i}", f"Trả lời kiến nghị {i}.", vn(2026, 3, 2, 9, 0) + timedelta(hours=i),
                   filers=[FilerIn(f"Người gửi {i}", f"0010900001{i:02d}")])
    with django_assert_max_num_queries(6):
        first = client.get("/phan-anh-kien-nghi/").content.decode()
    assert first.count("<article") == 20 and "Trang 1/2" in first and 'rel="next"' in first
    second = client.get("/phan-anh-kien-nghi/", {"page": 2}).content.decode()
    assert second.count("<article") == 3 and "Trả lời kiến nghị 0." in second


def test_the_public_pages_need_no_sign_in(client, world):
    assert client.get("/tra-cuu-vu-viec/").status_code == 200
    assert client.get("/phan-anh-kien-nghi/").status_code == 200
