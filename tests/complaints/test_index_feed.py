"""The Decision 766 satisfaction indicators follow the cases in real time (issue 6, item 5):
5.2 (PAKN handled on time) and 5.3 (satisfaction with PAKN handling) from the PAKN, and 5.4
(dossier satisfaction) counting a dossier with a PAKN or complaint about it. Every act goes
through ``complaints.services``; ``motcua quality rebuild --check`` agrees with what the acts kept.
"""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from motcua.complaints import services as sv
from motcua.complaints.services import FilerIn
from motcua.quality.journal import fold
from motcua.quality.index_queries import Period, pakn_figures, province_scope, scorecard, unit_cards, unit_scope
from motcua.quality.models import IndexPaknTally, IndexTally
from motcua.quality.rebuild import compare, from_log, replace_all, stored
from tests.dossiers.conftest import fresh_calendar, world  # noqa: F401  (shared world)
from tests.dossiers.scenario import at_counter, local, vn

MARCH = Period("month", 2026, 3)
END_OF_MARCH = vn(2026, 3, 31, 23, 0)

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Linh", "Mai", "Nam", "Oanh", "Phúc"]
TOPICS = ["đèn chiếu sáng ngõ {n} hỏng", "rác thải tồn đọng tại tổ dân phố {n}", "thủ tục cấp giấy phép số {n} chậm",
          "vỉa hè phố {n} bị lấn chiếm", "tiếng ồn quán karaoke số {n}", "thoát nước ngõ {n} bị tắc"]


def pakn(world, at, n: int, *, unit=None, **kw):
    """A PAKN filed online by person ``n`` about subject ``n`` (distinct people and subjects, so
    no two of them are linked as duplicates)."""
    name = f"{SURNAMES[n % 10]} {MIDDLE[n % 8]} {GIVEN[(n * 7) % 12]} {chr(65 + n // 12)}"
    return sv.file_case(kind="pakn", channel="online", subject=TOPICS[n % 6].format(n=100 + n),
                        content="Đề nghị chính quyền xem xét, giải quyết.", handling_unit=unit or world.commune_ubnd,
                        filers=[FilerIn(name, id_number=f"0010900{n:05d}", email=f"p{n}@example.vn")],
                        now=at, area=world.commune, **kw)


def answer(case, at, by):
    return sv.answer(case, by=by, now=at, text="Đã kiểm tra, khắc phục.", public_text="Đã khắc phục.")


def card(world, now=END_OF_MARCH, period=MARCH):
    return scorecard(unit_scope(world.commune_ubnd), period, now)


def points(world, code, now=END_OF_MARCH, period=MARCH):
    return card(world, now, period).by_code(code).points


def officer(world):
    return world.users["commune_officer"]


def test_a_late_pakn_answer_lowers_5_2_and_5_3_and_a_bad_rating_lowers_5_3(world):
    """The issue's acceptance: the 766 satisfaction indicators change when a PAKN answer is late."""
    assert points(world, "5.2") == 6 and points(world, "5.3") == 6  # no PAKN: full points
    on_time = pakn(world, vn(2026, 3, 2, 9), 1)
    answer(on_time, vn(2026, 3, 5, 10), officer(world))
    assert (points(world, "5.2"), points(world, "5.3")) == (6, 6)

    late = pakn(world, vn(2026, 3, 3, 9), 2)
    due = local(late.resolve_due_at)
    answer(late, due + timedelta(days=1), officer(world))
    c = card(world)
    assert (c.by_code("5.2").numerator, c.by_code("5.2").denominator) == (1, 2)
    assert c.by_code("5.2").points == pytest.approx(3)
    assert c.by_code("5.3").points == pytest.approx(3)  # late counts against satisfaction too

    sv.rate(on_time, level=1, comment="Trả lời chung chung", now=vn(2026, 3, 6, 9))
    assert points(world, "5.2") == pytest.approx(3)  # a rating does not make it late
    assert points(world, "5.3") == 0  # both PAKN now count against 5.3
    # the province and the unit ranking read the same counters
    assert scorecard(province_scope(), MARCH, END_OF_MARCH).by_code("5.2").points == pytest.approx(3)
    ranked = dict(unit_cards([world.commune_ubnd, world.construction], MARCH, END_OF_MARCH))
    assert ranked[world.commune_ubnd].by_code("5.2").points == pytest.approx(3)
    assert ranked[world.construction].by_code("5.2").points == 6  # none: full points


def test_more_dislikes_than_likes_counts_against_5_3(world):
    liked = answer(pakn(world, vn(2026, 3, 2, 9), 3), vn(2026, 3, 4, 9), officer(world))
    sv.rate(liked, level=2, like=True, now=vn(2026, 3, 5, 9))
    assert points(world, "5.3") == 6
    disliked = answer(pakn(world, vn(2026, 3, 2, 10), 13), vn(2026, 3, 4, 10), officer(world))
    sv.rate(disliked, level=2, like=False, now=vn(2026, 3, 5, 9))  # "satisfied", but a dislike
    assert points(world, "5.3") == pytest.approx(3)
    sv.rate(disliked, level=3, now=vn(2026, 3, 5, 10))  # a changed level keeps the dislike
    assert points(world, "5.3") == pytest.approx(3) and points(world, "5.2") == 6


def test_an_open_pakn_turns_late_when_its_due_time_passes_and_a_past_month_keeps_its_score(world):
    case = pakn(world, vn(2026, 3, 2, 9), 4)
    due = local(case.resolve_due_at)
    assert points(world, "5.2", due - timedelta(hours=1)) == 6
    assert points(world, "5.2", due + timedelta(hours=1)) == 0
    assert points(world, "5.3", due + timedelta(hours=1)) == 0
    # received on 30 March, due in April, still open: in time when March ended
    pakn(world, vn(2026, 3, 30, 9), 5)
    c = scorecard(unit_scope(world.commune_ubnd), MARCH, vn(2026, 6, 1))
    assert (c.by_code("5.2").numerator, c.by_code("5.2").denominator) == (1, 2)


def test_the_clock_stops_while_information_is_awaited(world):
    case = pakn(world, vn(2026, 3, 2, 9), 6)
    due = local(case.resolve_due_at)
    case = sv.request_info(case, by=officer(world), now=vn(2026, 3, 3, 9), reason="Ghi rõ địa chỉ ngõ")
    assert points(world, "5.2", due + timedelta(days=3)) == 6
    case = sv.receive_info(case, by=officer(world), now=due + timedelta(days=3))
    new_due = local(case.resolve_due_at)
    assert new_due > due + timedelta(days=3)
    year = Period("year", 2026)  # due in April: March's card judged it at the end of March
    assert points(world, "5.2", new_due - timedelta(hours=1), year) == 6
    assert points(world, "5.2", new_due + timedelta(hours=1), year) == 0
    assert points(world, "5.2", new_due + timedelta(hours=1)) == 6


def test_a_refusal_is_judged_against_the_two_working_day_limit(world):
    quick = pakn(world, vn(2026, 3, 2, 9), 7)
    sv.refuse(quick, by=officer(world), now=vn(2026, 3, 3, 9), reason="Không thuộc thẩm quyền")
    assert points(world, "5.2") == 6
    slow = pakn(world, vn(2026, 3, 2, 9, 30), 8)
    sv.refuse(slow, by=officer(world), now=vn(2026, 3, 9, 9), reason="Không thuộc thẩm quyền")  # 5 WD later
    assert card(world).by_code("5.2").numerator == 1


def test_a_withdrawn_pakn_is_not_counted_and_a_transfer_moves_it_to_the_new_unit(world):
    gone = pakn(world, vn(2026, 3, 2, 9), 9)
    sv.withdraw(gone, by=None, now=vn(2026, 3, 3, 9), reason="Đã tự thoả thuận")
    moved = pakn(world, vn(2026, 3, 2, 10), 10)
    assert pakn_figures(unit_scope(world.commune_ubnd), MARCH, END_OF_MARCH)["pakn"] == 1
    sv.transfer(moved, by=officer(world), now=vn(2026, 3, 3, 9), to_unit=world.construction,
                reason="Thuộc thẩm quyền Sở Xây dựng")
    assert pakn_figures(unit_scope(world.commune_ubnd), MARCH, END_OF_MARCH)["pakn"] == 0
    assert pakn_figures(unit_scope(world.construction), MARCH, END_OF_MARCH)["pakn"] == 1
    assert pakn_figures(province_scope(), MARCH, END_OF_MARCH)["pakn"] == 1


def test_a_repeat_after_the_answer_is_not_counted_again_but_marks_the_first_as_raised_again(world):
    first = answer(pakn(world, vn(2026, 3, 2, 9), 11), vn(2026, 3, 4, 9), officer(world))
    again = pakn(world, vn(2026, 3, 10, 9), 11)  # same person, same subject, after the answer
    assert again.matter_of_id == first.pk and again.link_kind == "repeat"
    figures = pakn_figures(unit_scope(world.commune_ubnd), MARCH, END_OF_MARCH)
    assert figures == {"pakn": 1, "pakn_on_time": 1, "pakn_bad": 1}
    assert points(world, "5.2") == 6 and points(world, "5.3") == 0


def test_a_dossier_with_a_complaint_counts_against_5_4_once(world):
    dossier = at_counter(world, world.birth, at=vn(2026, 3, 2, 9))
    soon = vn(2026, 3, 4, 9)  # the birth registration is still in time
    assert points(world, "5.4", soon) == 6
    tally = IndexTally.objects.get(unit=world.commune_ubnd, role="c", month=MARCH.start)
    assert tally.disliked == 0
    complaint = sv.file_case(kind="complaint_first", channel="post", subject="Khiếu nại việc chậm cấp giấy khai sinh",
                             content="Quá hạn hẹn trả nhưng chưa có kết quả.", handling_unit=world.commune_ubnd,
                             filers=[FilerIn("Nguyễn Văn Đình", "001090012345")], now=vn(2026, 3, 3, 9),
                             dossier=dossier, known_on=vn(2026, 3, 2).date())
    assert complaint.dossier_id == dossier.pk
    assert points(world, "5.4", soon) == 0  # the only dossier has a complaint: 0 % satisfied
    # a second case and a "not satisfied" rating of the same dossier: still one dossier against 5.4
    pakn(world, vn(2026, 3, 4, 9), 12, dossier=dossier)
    fold()  # as every reader does first (PostgreSQL: the rating's journal row)
    assert IndexTally.objects.get(unit=world.commune_ubnd, role="c", month=MARCH.start).disliked == 1
    assert IndexTally.objects.get(unit=world.branch, role="r", month=MARCH.start).disliked == 1
    assert compare(from_log(), stored()) == []


def test_rebuild_check_agrees_with_the_real_time_counters_on_generated_cases(world):
    rnd = random.Random(6)
    by = officer(world)
    cases = []
    for n in range(40):
        at = vn(2026, 2 + n % 3, 2 + rnd.randrange(20), 8 + rnd.randrange(8))
        case = pakn(world, at, 20 + n, unit=rnd.choice([world.commune_ubnd, world.construction]),
                    concerned_unit=rnd.choice([None, world.branch]))
        due = case.resolve_due_at
        roll = rnd.random()
        if roll < 0.5:
            case = answer(case, due - timedelta(days=rnd.randrange(1, 10)), by)
        elif roll < 0.65:
            case = answer(case, due + timedelta(days=rnd.randrange(1, 5)), by)
        elif roll < 0.75:
            case = sv.refuse(case, by=by, now=at + timedelta(days=rnd.randrange(0, 5)), reason="Không thuộc thẩm quyền")
        elif roll < 0.85:
            case = sv.request_info(case, by=by, now=at + timedelta(days=1), reason="Bổ sung địa chỉ")
        if case.state == "answered" and rnd.random() < 0.5:
            sv.rate(case, level=rnd.choice([1, 2, 3]), like=rnd.choice([None, True, False]),
                    now=case.answered_at + timedelta(days=1))
        cases.append(case)
    assert IndexPaknTally.objects.exists()
    assert compare(from_log(), stored()) == []
    # a counter written behind the services' back is reported, and a rebuild puts it right
    row = IndexPaknTally.objects.order_by("pk").first()
    IndexPaknTally.objects.filter(pk=row.pk).update(pakn_bad=row.pakn_bad + 1)
    differences = compare(from_log(), stored())
    assert len(differences) == 1 and "phản ánh" in str(differences[0])
    before = [pakn_figures(unit_scope(u), MARCH, END_OF_MARCH) for u in (world.commune_ubnd, world.construction)]
    replace_all(from_log())
    assert compare(from_log(), stored()) == []
    # and the real-time path goes on from the rebuilt counters
    open_case = next(c for c in cases if c.state == "received")
    answer(open_case, open_case.resolve_due_at - timedelta(hours=1), by)
    assert compare(from_log(), stored()) == []
    assert before  # figures were readable throughout


def test_the_indicator_page_lists_the_pakn_behind_5_2_and_5_3(client, world):
    """/can-bo/chi-so/chi-tieu/5.2/: the late PAKN against it, the others for it; a link only for
    a viewer who may open the case; a fixed number of queries however many are listed."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from motcua import timesource

    by = officer(world)
    on_time = answer(pakn(world, vn(2026, 3, 2, 9), 30), vn(2026, 3, 4, 9), by)
    late = pakn(world, vn(2026, 3, 2, 10), 31)
    answer(late, local(late.resolve_due_at) + timedelta(days=2), by)
    disliked = answer(pakn(world, vn(2026, 3, 3, 9), 32), vn(2026, 3, 5, 9), by)
    sv.rate(disliked, level=1, now=vn(2026, 3, 6, 9))
    timesource.set_provider(lambda: vn(2026, 4, 10, 9))
    try:
        client.force_login(world.users["commune_chair"])

        def listed(code, show="miss"):
            body = client.get(f"/can-bo/chi-so/chi-tieu/{code}/", {"period": "2026-03", "unit": world.commune_ubnd.code,
                                                                   "show": show}).content.decode()
            assert 'id="no-feedback"' not in body
            return {int(pk) for pk in re.findall(r'<tr data-pk="(\d+)"', body)}, body

        assert listed("5.2")[0] == {late.pk}
        assert listed("5.2", "hit")[0] == {on_time.pk, disliked.pk}
        pks, body = listed("5.3")
        assert pks == {late.pk, disliked.pk} and f'href="/can-bo/vu-viec/{late.code}/"' in body
        assert listed("5.3", "hit")[0] == {on_time.pk}
        # another unit's official sees the codes without links
        client.force_login(world.users["builder"])
        assert f'href="/can-bo/vu-viec/{late.code}/"' not in listed("5.3")[1]
        with CaptureQueriesContext(connection) as few:
            listed("5.3", "hit")
        for n in range(33, 38):
            answer(pakn(world, vn(2026, 3, 9, 9), n), vn(2026, 3, 10, 9), by)
        with CaptureQueriesContext(connection) as more:
            assert len(listed("5.3", "hit")[0]) == 6
        assert len(more) == len(few)
    finally:
        timesource.set_provider(None)
