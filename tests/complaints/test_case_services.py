"""The acts on a case through the services: codes, wrong states and stale versions refused with
nothing changed, assignment and transfer, withdrawal, closing a duplicate, the filer's rating, the
hooks for the 766 index and the letters, who sees and handles which case, and the worklist."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model

import motcua.complaints
from motcua.complaints import access, services as sv, worklists
from motcua.complaints.models import Case, CaseEvent, CaseRating
from motcua.complaints.services import CaseRefused, FilerIn
from motcua.dossiers.access import viewer_for
from tests.complaints.conftest import make_case, vn

pytestmark = pytest.mark.django_db
S = Case.State


def test_codes_count_per_kind_and_year(world):
    a = make_case(world, "pakn", now=vn(2026, 3, 2))
    b = make_case(world, "complaint_first", now=vn(2026, 3, 2), filers=[FilerIn("Lê Văn A")], subject="Khiếu nại A")
    c = make_case(world, "complaint_second", filers=[FilerIn("Lê Văn B")], subject="Khiếu nại B")
    d = make_case(world, "pakn", now=vn(2026, 3, 3), filers=[FilerIn("Lê Văn C")], subject="Phản ánh đèn đường hỏng")
    e = make_case(world, "denunciation", now=vn(2027, 1, 4), filers=[FilerIn("Lê Văn D")], subject="Tố cáo E")
    assert [x.code for x in (a, b, c, d, e)] == ["PAKN-2026-000001", "KN-2026-000001", "KN-2026-000002",
                                                 "PAKN-2026-000002", "TC-2027-000001"]


def test_bad_filing_is_refused_and_nothing_recorded(world):
    with pytest.raises(CaseRefused) as refused:
        make_case(world, "pakn", subject=" ", channel="forwarded", filers=[FilerIn("")])
    msg = refused.value.message
    assert refused.value.status == 422 and "nội dung chính" in msg and "cơ quan chuyển đơn" in msg and "họ tên" in msg
    assert not Case.objects.exists()


def test_stale_version_is_refused_with_nothing_changed(world):
    officer = world.users["commune_officer"]
    case = make_case(world, "complaint_first")
    seen = case.version
    other = sv.accept(Case.objects.get(pk=case.pk), by=officer, now=vn(2026, 3, 3), expected_version=seen)
    assert other.version == seen + 1
    with pytest.raises(CaseRefused) as refused:
        sv.refuse(case, by=officer, now=vn(2026, 3, 3, 10), expected_version=seen, reason="Không thuộc thẩm quyền")
    assert refused.value.status == 409 and refused.value.code == "stale_case" and "tải lại" in refused.value.message
    case.refresh_from_db()
    assert case.state == S.ACCEPTED and case.version == seen + 1 and case.events.count() == 2


def test_wrong_state_is_refused(world):
    case = make_case(world, "complaint_first")
    with pytest.raises(CaseRefused) as refused:
        sv.answer(case, by=world.users["commune_officer"], now=vn(2026, 3, 3), text="Quyết định")
    assert refused.value.status == 409 and "Đã tiếp nhận, chờ xử lý" in refused.value.message
    with pytest.raises(CaseRefused, match="Chỉ kết quả trả lời phản ánh"):
        sv.publish(case, by=world.users["commune_officer"], now=vn(2026, 3, 3))
    with pytest.raises(CaseRefused, match="lý do"):
        sv.refuse(case, by=world.users["commune_officer"], now=vn(2026, 3, 3), reason="  ")
    assert case.events.count() == 1


def test_assign_transfer_withdraw(world):
    officer = world.users["commune_officer"]
    case = make_case(world, "pakn", now=vn(2026, 3, 2))
    with pytest.raises(CaseRefused, match="cán bộ của cơ quan giải quyết"):
        sv.assign(case, by=officer, now=vn(2026, 3, 2, 10), handler=world.users["builder"])
    case = sv.assign(case, by=world.users["commune_chair"], now=vn(2026, 3, 2, 10), handler=officer)
    assert case.handler == officer
    case = sv.transfer(case, by=officer, now=vn(2026, 3, 3), to_unit=world.construction,
                       reason="Thuộc thẩm quyền của Sở Xây dựng")
    assert case.handling_unit == world.construction and case.handler is None
    assert case.due_at == vn(2026, 3, 5) and case.resolve_due_at == vn(2026, 3, 24)  # the new unit's clock
    moved = case.events.get(act="transfer")
    assert (moved.from_unit, moved.to_unit, moved.actor, moved.role) == (world.commune_ubnd, world.construction,
                                                                         f"u{officer.pk}", "processing")
    case = sv.withdraw(case, by=world.users["builder"], now=vn(2026, 3, 4), reason="Đã được giải quyết xong")
    assert case.state == S.WITHDRAWN and case.closed_at == vn(2026, 3, 4) and case.due_at is None


def test_pakn_life_to_rating(world):
    officer = world.users["commune_officer"]
    case = make_case(world, "pakn", account=world.users["citizen"])
    case = sv.answer(case, by=officer, now=vn(2026, 3, 5), text="Trả lời ông Đình", public_text="Trả lời công dân")
    with pytest.raises(CaseRefused, match="công khai"):
        sv.close(case, by=officer, now=vn(2026, 3, 6))
    case = sv.publish(case, by=officer, now=vn(2026, 3, 6))
    with pytest.raises(CaseRefused, match="Chỉ người gửi"):
        sv.rate(case, level=3, now=vn(2026, 3, 7), by=world.users["other_citizen"])
    case = sv.rate(case, level=1, like=False, comment="Chưa thỏa đáng", now=vn(2026, 3, 7), by=world.users["citizen"])
    case = sv.rate(case, level=3, like=True, now=vn(2026, 3, 8))  # changed, from the follow-by-code page
    rating = CaseRating.objects.get(case=case)
    assert (rating.level, rating.likes, rating.dislikes) == (3, 0, 1)  # the dislike counts once, with the first
    with pytest.raises(CaseRefused, match="7 ngày"):  # the change window runs from the first rating
        sv.rate(case, level=2, now=vn(2026, 3, 15))
    assert CaseRating.objects.get(case=case).level == 3
    assert list(case.events.filter(act="rate").values_list("actor", "role")) == [
        (f"u{world.users['citizen'].pk}", "filer"), ("filer", "filer")]
    case = sv.close(case, by=officer, now=vn(2026, 3, 9))
    assert case.state == S.CLOSED and case.version == 6


def test_duplicate_closed_with_a_reference(world):
    first = make_case(world, "pakn", now=vn(2026, 3, 2))
    dup = make_case(world, "pakn", now=vn(2026, 3, 4))
    assert dup.matter_of == first and dup.link_kind == "duplicate"
    dup = sv.close(dup, by=world.users["commune_officer"], now=vn(2026, 3, 5))
    assert dup.state == S.CLOSED and first.code in dup.events.get(act="close").reason
    lone = make_case(world, "pakn", filers=[FilerIn("Bùi Thị Thu")], subject="Phản ánh rác thải ven hồ")
    with pytest.raises(CaseRefused):
        sv.close(lone, by=world.users["commune_officer"], now=vn(2026, 3, 5))


def test_index_feed_and_letters_are_called(world, monkeypatch, django_capture_on_commit_callbacks):
    seen, letters = [], []
    monkeypatch.setattr(motcua.complaints, "index_feed", SimpleNamespace(
        on_case_change=lambda case, before, now: seen.append((case.state, before and before.state))), raising=False)
    monkeypatch.setattr(motcua.complaints, "letters", SimpleNamespace(
        on_act=lambda case_id, act, now: letters.append(act)), raising=False)
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(world, "pakn")
        case = sv.answer(case, by=world.users["commune_officer"], now=vn(2026, 3, 3), text="Trả lời")
    assert seen == [("received", None), ("answered", "received")]
    assert letters == ["file", "answer"]


def test_who_sees_and_handles_which_case(world):
    u = world.users
    mine = make_case(world, "pakn", account=u["citizen"])
    about_construction = make_case(world, "complaint_first", concerned_unit=world.construction,
                                   filers=[FilerIn("Ngô Văn Bình")], subject="Khiếu nại cấp phép xây dựng")
    elsewhere = make_case(world, "denunciation", handling_unit=world.police, filers=[FilerIn("Đinh Văn Cường")])
    admin = get_user_model().objects.create(username="root", is_superuser=True)

    def seen(name_or_user):
        user = u[name_or_user] if isinstance(name_or_user, str) else name_or_user
        return set(access.visible_cases(viewer_for(user, date(2026, 3, 2))).values_list("pk", flat=True))

    assert seen("commune_officer") == {mine.pk, about_construction.pk}
    assert seen("builder") == {about_construction.pk}
    assert seen("police_officer") == {elsewhere.pk}
    assert seen("citizen") == {mine.pk} and seen("other_citizen") == set() and seen("justice_head") == set()
    assert seen(admin) == {mine.pk, about_construction.pk, elsewhere.pk}
    officer, builder = viewer_for(u["commune_officer"], date(2026, 3, 2)), viewer_for(u["builder"], date(2026, 3, 2))
    citizen, root = viewer_for(u["citizen"], date(2026, 3, 2)), viewer_for(admin, date(2026, 3, 2))
    assert access.may_see(builder, about_construction) and not access.may_handle(builder, about_construction)
    assert access.may_handle(officer, about_construction) and not access.may_see(builder, mine)
    assert access.may_see(citizen, mine) and not access.may_handle(citizen, mine)
    assert access.may_see(root, elsewhere) and not access.may_handle(root, elsewhere)
    assert access.may_see_hotspots(viewer_for(u["commune_chair"], date(2026, 3, 2))) and access.may_see_hotspots(root)
    assert not access.may_see_hotspots(officer) and not access.may_see_hotspots(citizen)


def test_worklist_buckets_and_search(world, django_assert_max_num_queries):
    officer = world.users["commune_officer"]
    new = make_case(world, "pakn", now=vn(2026, 3, 2))
    overdue = make_case(world, "complaint_first", now=vn(2026, 2, 2), known_on=date(2026, 2, 1),
                        filers=[FilerIn("Trịnh Thị Hường", "001190000555")], subject="Khiếu nại bồi thường đất")
    overdue = sv.accept(overdue, by=officer, now=vn(2026, 2, 3))
    waiting = make_case(world, "pakn", now=vn(2026, 3, 2), filers=[FilerIn("Lý Văn Phúc")], subject="Kiến nghị về lề đường")
    waiting = sv.request_info(waiting, by=officer, now=vn(2026, 3, 3), reason="Thiếu địa chỉ")
    group = make_case(world, "pakn", now=vn(2026, 3, 2), filers=[FilerIn(f"Hộ dân {i}", representative=i == 0)
                                                                for i in range(6)], subject="Phản ánh ngập úng ngõ 7")
    make_case(world, "pakn", handling_unit=world.police, filers=[FilerIn("Người khác")], subject="Khác")
    now = vn(2026, 3, 3, 10)
    cases = worklists.handled_by(viewer_for(officer, date(2026, 3, 3)))
    with django_assert_max_num_queries(1):
        counts = worklists.counts(cases, now)
    assert counts == {"new": 2, "due_soon": 2, "overdue": 0, "waiting": 1, "flagged": 1, "open": 4}
    pks = lambda qs: [c.pk for c in qs]  # noqa: E731
    assert pks(worklists.bucket(cases, "new", now)) == [new.pk, group.pk]
    assert pks(worklists.bucket(cases, "waiting", now)) == [waiting.pk]
    assert pks(worklists.bucket(cases, "flagged", now)) == [group.pk]
    assert pks(worklists.bucket(cases, "overdue", vn(2026, 4, 1))) == [new.pk, group.pk, overdue.pk]  # by due
    assert pks(worklists.search(cases, "trinh thi HUONG")) == [overdue.pk]
    assert pks(worklists.search(cases, "ngap ung")) == [group.pk]
    assert pks(worklists.search(cases, overdue.code.lower())) == [overdue.pk]  # not PAKN-2026-000001
    assert pks(worklists.search(cases, "000002")) == [waiting.pk]
    with django_assert_max_num_queries(1):
        rows = [(c.handling_unit.name, c.area and c.area.name) for c in worklists.for_list(
            worklists.bucket(cases, "open", now))]
    assert len(rows) == 4
    assert CaseEvent.objects.filter(case=waiting).count() == 2


@pytest.mark.django_db(transaction=True)
def test_codes_stay_unique_under_concurrent_intake_on_postgresql(world):
    """Six officers record filings at once: six distinct codes numbered 1..6 (advisory lock)."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL run (python -m motcua.testing.suite); SQLite writes one transaction at a time")
    threads, start, codes, errors = 6, threading.Barrier(6), [], []

    def work(i):
        try:
            start.wait(timeout=30)
            codes.append(make_case(world, "pakn", now=vn(2026, 3, 2), filers=[FilerIn(f"Công dân {i}")],
                                   subject=f"Phản ánh số {i} về chiếu sáng").code)
        except Exception as exc:  # noqa: BLE001  (reported below)
            errors.append(repr(exc))
        finally:
            connections.close_all()

    running = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for t in running:
        t.start()
    for t in running:
        t.join(timeout=60)
    assert errors == []
    assert sorted(codes) == [f"PAKN-2026-{n:06d}" for n in range(1, threads + 1)]
