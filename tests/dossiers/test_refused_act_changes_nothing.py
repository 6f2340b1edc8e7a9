"""A refused act changes nothing (Decree 118/2025 Art. 17.1 and 21.3: every step that happened is
logged, so a step that did not happen must leave no trace; one-stop.md §3.12).

One table of refused acts across the lifecycle: for each, the refusal carries its code and a
Vietnamese message, and the database is identical afterwards: same ``event_count``, same
``snapshot``, no new ``DossierEvent``, no task change, and the dossier-code counter not advanced.
"""

import pytest

from motcua.dossiers import services as sv
from motcua.dossiers.models import DossierEvent
from motcua.rules.acting import SYSTEM
from motcua.rules.lifecycle import Role

from .scenario import (
    at_counter, counters, file_online, fresh, processing_online, receive, refused, transfer, vn,
)

pytestmark = pytest.mark.django_db


# -- states ---------------------------------------------------------------------------------------

def filed(w):
    return file_online(w, w.permit, vn(2026, 3, 2, 8, 30))


def awaiting_intake(w):
    return sv.request_intake_supplement(filed(w), w.official("reception", Role.RECEPTION), items=["Bản vẽ"],
                                        now=vn(2026, 3, 2, 9, 0))


def refused_at_intake(w):
    return sv.refuse_intake(filed(w), w.official("reception", Role.RECEPTION), reason="Sai thẩm quyền",
                            now=vn(2026, 3, 2, 9, 0))


def received(w):
    return receive(w, filed(w), vn(2026, 3, 2, 9, 0))


def processing(w):
    return processing_online(w, w.permit)  # received 02/03 09:00, at the agency 10:00, due 23/03 09:00


def extended(w):
    return sv.extend_deadline(processing(w), w.official("builder_head", Role.LEADER), reason="Chờ ý kiến PCCC",
                              working_days=2, now=vn(2026, 3, 10, 9, 0))


def awaiting_supplement(w):
    return sv.return_for_supplement(processing(w), w.official("builder", Role.PROCESSING), items=["Bản vẽ"],
                                    now=vn(2026, 3, 3, 9, 0))  # expires 18/03 09:00


def closed(w):
    return sv.close_unsupplemented(awaiting_supplement(w), now=vn(2026, 3, 18, 9, 0))


def joint(w):
    return transfer(w, at_counter(w, w.karaoke, at=vn(2026, 3, 2, 9, 0)), vn(2026, 3, 2, 10, 0))


def decided(w):
    return sv.decide_dossier(processing(w), w.official("builder_head", Role.LEADER), now=vn(2026, 3, 4, 9, 0))


def returned(w):
    return sv.return_result(decided(w), w.official("reception", Role.RECEPTION), now=vn(2026, 3, 4, 10, 0))


def correcting(w):
    return sv.report_wrong_result(returned(w), w.citizen(), reason="Sai diện tích", now=vn(2026, 3, 5, 9, 0))


def withdrawn(w):
    return sv.withdraw_dossier(received(w), w.citizen(), now=vn(2026, 3, 3, 9, 0))


# -- refused acts ---------------------------------------------------------------------------------

def rec(w, name="reception"):
    return w.official(name, Role.RECEPTION)


T = vn(2026, 3, 5, 9, 0)

CASES = [
    ("filed/receive-other-unit", filed, lambda w, d: sv.receive_dossier(d, rec(w, "reception2"), now=T), "wrong_unit"),
    ("filed/receive-before-filing", filed,
     lambda w, d: sv.receive_dossier(d, rec(w), now=vn(2026, 3, 2, 8, 0)), "time_order"),
    ("filed/receive-by-processing", filed,
     lambda w, d: sv.receive_dossier(d, w.official("builder", Role.PROCESSING), now=T), "wrong_role"),
    ("filed/transfer", filed, lambda w, d: sv.transfer_dossier(d, rec(w), now=T), "wrong_state"),
    ("filed/request-without-items", filed,
     lambda w, d: sv.request_intake_supplement(d, rec(w), items=[], now=T), "missing_items"),
    ("filed/refuse-without-reason", filed, lambda w, d: sv.refuse_intake(d, rec(w), reason="", now=T), "missing_reason"),
    ("filed/decide", filed, lambda w, d: sv.decide_dossier(d, w.official("builder_head", Role.LEADER), now=T),
     "wrong_state"),
    ("awaiting-intake/receive", awaiting_intake, lambda w, d: sv.receive_dossier(d, rec(w), now=T), "wrong_state"),
    ("awaiting-intake/resubmit-not-owner", awaiting_intake,
     lambda w, d: sv.resubmit_dossier(d, w.citizen("other_citizen"), now=T), "not_owner"),
    ("refused-at-intake/receive", refused_at_intake, lambda w, d: sv.receive_dossier(d, rec(w), now=T), "wrong_state"),
    ("received/receive-again", received, lambda w, d: sv.receive_dossier(d, rec(w), now=T), "wrong_state"),
    ("received/transfer-by-leader", received,
     lambda w, d: sv.transfer_dossier(d, w.official("builder_head", Role.LEADER), now=T), "wrong_role"),
    ("received/withdraw-other-unit", received,
     lambda w, d: sv.withdraw_dossier(d, rec(w, "reception2"), now=T), "wrong_unit"),
    ("processing/assign-by-officer", processing,
     lambda w, d: sv.assign_dossier(d, w.official("builder", Role.PROCESSING), w.users["builder"], now=T),
     "wrong_role"),
    ("processing/return-too-late", processing,
     lambda w, d: sv.return_for_supplement(d, w.official("builder", Role.PROCESSING), items=["x"],
                                           now=vn(2026, 3, 6, 9, 0)), "too_late"),
    ("processing/extend-too-late", processing,
     lambda w, d: sv.extend_deadline(d, w.official("builder_head", Role.LEADER), reason="Chậm", working_days=1,
                                     now=vn(2026, 3, 20, 10, 0)), "extend_too_late"),
    ("processing/refuse-without-reason", processing,
     lambda w, d: sv.decide_dossier(d, w.official("builder_head", Role.LEADER), outcome="refused", now=T),
     "missing_reason"),
    ("processing/close", processing, lambda w, d: sv.close_unsupplemented(d, SYSTEM, now=vn(2026, 4, 30)),
     "wrong_state"),
    ("processing/stale-version", processing,
     lambda w, d: sv.assign_dossier(d, w.official("builder_head", Role.LEADER), w.users["builder"], now=T,
                                    expected_version=d.event_count - 1), "conflict"),
    ("extended/extend-again", extended,
     lambda w, d: sv.extend_deadline(d, w.official("builder_head", Role.LEADER), reason="Chậm", working_days=1,
                                     now=vn(2026, 3, 11, 9, 0)), "extend_once"),
    ("joint/decide-pending", joint,
     lambda w, d: sv.decide_dossier(d, w.official("culture_head", Role.LEADER), now=T), "tasks_pending"),
    ("joint/task-other-agency", joint,
     lambda w, d: sv.complete_task(d, w.official("police_officer", Role.PROCESSING), step=1, now=T), "wrong_unit"),
    ("joint/task-not-open", joint,
     lambda w, d: sv.complete_task(d, w.official("police_officer", Role.PROCESSING), step=2, now=T), "task_state"),
    ("awaiting-supplement/close-early", awaiting_supplement,
     lambda w, d: sv.close_unsupplemented(d, now=vn(2026, 3, 18, 8, 59)), "not_expired"),
    ("awaiting-supplement/resubmit-expired", awaiting_supplement,
     lambda w, d: sv.resubmit_dossier(d, w.citizen(), now=vn(2026, 3, 18, 9, 1)), "expired"),
    ("awaiting-supplement/return-again", awaiting_supplement,
     lambda w, d: sv.return_for_supplement(d, w.official("builder", Role.PROCESSING), items=["x"], now=T),
     "wrong_state"),
    ("closed/resubmit", closed, lambda w, d: sv.resubmit_dossier(d, w.citizen(), now=vn(2026, 3, 18, 10, 0)),
     "wrong_state"),
    ("decided/withdraw", decided, lambda w, d: sv.withdraw_dossier(d, w.citizen(), now=T), "wrong_state"),
    ("decided/return-other-unit", decided,
     lambda w, d: sv.return_result(d, rec(w, "reception2"), now=T), "wrong_unit"),
    ("returned/report-without-reason", returned,
     lambda w, d: sv.report_wrong_result(d, w.citizen(), reason="", now=T), "missing_reason"),
    ("returned/return-again", returned, lambda w, d: sv.return_result(d, rec(w), now=T), "wrong_state"),
    ("correcting/correct-by-officer", correcting,
     lambda w, d: sv.correct_result(d, w.official("builder", Role.PROCESSING), now=T), "wrong_role"),
    ("withdrawn/withdraw-again", withdrawn, lambda w, d: sv.withdraw_dossier(d, w.citizen(), now=T), "wrong_state"),
]


@pytest.mark.parametrize(("build", "act", "code"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_refused_act_leaves_the_database_identical(world, build, act, code):
    dossier = fresh(build(world))
    before_count, before_snapshot, before_hash = dossier.event_count, dossier.snapshot, dossier.last_hash
    before_events = DossierEvent.objects.filter(dossier=dossier).count()
    before_counters = counters()

    error = refused(lambda: act(world, dossier), code)  # also compares every row of every table

    assert error.message.strip()
    after = fresh(dossier)
    assert (after.event_count, after.snapshot, after.last_hash) == (before_count, before_snapshot, before_hash)
    assert DossierEvent.objects.filter(dossier=dossier).count() == before_events == before_count
    assert counters() == before_counters


def test_the_table_covers_every_state(world):
    from motcua.rules.lifecycle import State

    states = {fresh(build(world)).state for _, build, _, _ in CASES}
    assert states == set(State)


def test_an_act_dated_before_the_last_logged_act_is_refused(world):
    dossier = transfer(world, at_counter(world, world.birth, at=vn(2026, 3, 9, 9, 0)), vn(2026, 3, 9, 11, 0))
    refused(lambda: sv.decide_dossier(dossier, world.official("commune_chair", Role.LEADER),
                                      now=vn(2026, 3, 9, 10, 0)), "time_order")
