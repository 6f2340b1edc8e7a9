"""The dossier is what its log says (Decree 118/2025 Arts. 17.1, 19.4.d, 21.3 and 27.2.d: every
step and every state is stored and synchronised; one-stop.md §3.12).

After long mixed lifecycles, folding the stored ``DossierEvent`` rows with ``rules.dossier.replay``
rebuilds each dossier's record, and the hash chain of every log is intact.
"""

import pytest

from motcua.dossiers import services as sv
from motcua.dossiers.chain import GENESIS, hash_of_row
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.rules.dossier import Event, from_json, replay, to_json
from motcua.rules.lifecycle import Act, Role, State

from .scenario import at_counter, file_online, receive, transfer, vn

pytestmark = pytest.mark.django_db


def _events(dossier) -> list[Event]:
    return [
        Event(act=Act(r.act), at=r.at, actor=r.actor, role=Role(r.role), from_unit=r.from_unit_id,
              to_unit=r.to_unit_id, due_before=r.due_before, due_after=r.due_after, reason=r.reason, data=r.data)
        for r in DossierEvent.objects.filter(dossier=dossier).order_by("seq")
    ]


def _long_online_permit(w):
    """Intake supplement, acceptance, assignment, return after appraisal, restart, extension,
    decision, return, a wrong result corrected and returned again."""
    rec, head = w.official("reception", Role.RECEPTION), w.official("builder_head", Role.LEADER)
    d = file_online(w, w.permit, vn(2026, 2, 12, 16, 30))
    sv.request_intake_supplement(d, rec, items=["Giấy tờ về đất", "Bản vẽ"], reason="Thiếu", now=vn(2026, 2, 13, 9, 0))
    sv.resubmit_dossier(d, w.citizen(), now=vn(2026, 2, 14, 10, 0))  # Saturday, in Tết
    receive(w, d, vn(2026, 2, 23, 9, 0))
    transfer(w, d, vn(2026, 2, 23, 9, 30))
    sv.assign_dossier(d, head, w.users["builder"], now=vn(2026, 2, 23, 10, 0))
    sv.return_for_supplement(d, w.official("builder", Role.PROCESSING), items=["Bản vẽ mặt cắt"],
                             now=vn(2026, 2, 25, 9, 0))
    sv.resubmit_dossier(d, w.citizen(), now=vn(2026, 3, 2, 14, 0))
    sv.extend_deadline(d, head, reason="Lấy ý kiến PCCC", working_days=3, now=vn(2026, 3, 16, 9, 0))
    sv.decide_dossier(d, head, now=vn(2026, 3, 25, 9, 0))
    sv.return_result(d, rec, method="online", now=vn(2026, 3, 25, 10, 0))
    sv.report_wrong_result(d, w.citizen(), reason="Sai số thửa", now=vn(2026, 3, 26, 9, 0))
    sv.correct_result(d, head, result_code="001090012345.KQ01-DC", now=vn(2026, 3, 27, 9, 0))
    sv.return_result(d, rec, method="online", now=vn(2026, 3, 27, 10, 0))
    return d


def _paper_joint(w):
    d = at_counter(w, w.karaoke, at=vn(2026, 8, 20, 15, 30))
    transfer(w, d, vn(2026, 8, 21, 9, 0))
    sv.assign_dossier(d, w.official("commune_chair", Role.LEADER), w.users["commune_officer"], now=vn(2026, 8, 21, 10))
    sv.complete_task(d, w.official("commune_officer", Role.PROCESSING), step=1, note="Đã cấp", now=vn(2026, 8, 22, 9))
    sv.complete_task(d, w.official("police_officer", Role.PROCESSING), step=2, now=vn(2026, 9, 4, 9, 0))
    sv.decide_dossier(d, w.official("culture_head", Role.LEADER), outcome="refused", reason="Không đủ diện tích",
                      now=vn(2026, 9, 10, 9, 0))
    sv.return_result(d, w.official("reception", Role.RECEPTION), now=vn(2026, 9, 10, 14, 0))
    return d


def _online_joint_withdrawn(w):
    d = file_online(w, w.karaoke, vn(2026, 3, 2, 8, 0))
    receive(w, d, vn(2026, 3, 2, 9, 0))
    transfer(w, d, vn(2026, 3, 2, 9, 5))
    sv.complete_task(d, w.official("commune_officer", Role.PROCESSING), step=1, now=vn(2026, 3, 3, 9, 0))
    sv.withdraw_dossier(d, w.citizen(), reason="Đổi địa điểm", now=vn(2026, 3, 4, 9, 0))
    return d


def _closed(w):
    d = at_counter(w, w.birth, at=vn(2026, 4, 29, 16, 0))
    transfer(w, d, vn(2026, 5, 4, 9, 0))
    sv.return_for_supplement(d, w.official("commune_officer", Role.PROCESSING), items=["Giấy chứng sinh"],
                             now=vn(2026, 5, 5, 9, 0))
    sv.close_expired(vn(2026, 5, 21, 9, 0))
    return d


def _refused_at_intake(w):
    d = file_online(w, w.copy, vn(2026, 3, 2, 8, 0))
    sv.refuse_intake(d, w.official("reception", Role.RECEPTION), reason="Bản chính giả mạo", now=vn(2026, 3, 2, 9))
    return d


BUILDERS = {"online-permit": _long_online_permit, "paper-joint": _paper_joint,
            "online-joint-withdrawn": _online_joint_withdrawn, "closed": _closed, "refused": _refused_at_intake}
FINAL = {"online-permit": State.RETURNED, "paper-joint": State.RETURNED, "online-joint-withdrawn": State.WITHDRAWN,
         "closed": State.CLOSED, "refused": State.REFUSED_AT_INTAKE}


@pytest.mark.parametrize("name", list(BUILDERS))
def test_replaying_the_log_rebuilds_the_record(world, name):
    dossier = Dossier.objects.get(pk=BUILDERS[name](world).pk)
    assert dossier.state == FINAL[name]
    events = _events(dossier)
    assert len(events) == dossier.event_count

    rebuilt = replay(events)

    assert rebuilt == from_json(dossier.snapshot)  # same values, moment for moment
    assert rebuilt.state == FINAL[name]


@pytest.mark.parametrize("name", list(BUILDERS))
def test_every_log_is_an_intact_hash_chain(world, name):
    dossier = Dossier.objects.get(pk=BUILDERS[name](world).pk)
    prev = GENESIS
    rows = list(DossierEvent.objects.filter(dossier=dossier).order_by("seq"))
    assert [r.seq for r in rows] == list(range(1, dossier.event_count + 1))
    for row in rows:
        assert row.prev_hash == prev
        assert hash_of_row(prev, row) == row.hash
        prev = row.hash
    assert dossier.last_hash == prev


def test_the_long_lifecycle_counts(world):
    d = Dossier.objects.get(pk=_long_online_permit(world).pk)
    rec = from_json(d.snapshot)
    assert (rec.intake_supplements, rec.appraisal_returns, rec.extensions, rec.corrections) == (1, 1, 1, 1)
    assert rec.multiple_supplements
    assert d.result_code == "001090012345.KQ01-DC"
    assert [e.act for e in _events(d)] == [
        "file", "request_intake_supplement", "resubmit", "receive", "transfer", "assign", "return_for_supplement",
        "resubmit", "extend", "decide", "return_result", "report_wrong_result", "correct_result", "return_result"]


@pytest.mark.parametrize("name", ["online-permit", "paper-joint"])
def test_replaying_the_log_gives_exactly_the_stored_snapshot(world, name):
    dossier = Dossier.objects.get(pk=BUILDERS[name](world).pk)
    assert to_json(replay(_events(dossier))) == dossier.snapshot


def test_audit_replay_accepts_an_untampered_dossier_filed_with_utc_clock_times(world):
    from datetime import UTC, datetime

    from motcua.dossiers.audit import verify_chains

    d = at_counter(world, world.birth, at=datetime(2026, 3, 2, 2, 0, tzinfo=UTC))  # 09:00 in Hà Nội
    transfer(world, d, datetime(2026, 3, 2, 3, 0, tzinfo=UTC))
    assert verify_chains(replay_records=False) == []
    assert verify_chains(replay_records=True) == []


def _cached_columns_match(dossier: Dossier) -> dict:
    """The row's query columns that disagree with its own snapshot ({} when they all agree)."""
    row = Dossier.objects.get(pk=dossier.pk)
    rec = from_json(row.snapshot)
    user = lambda actor: int(actor[1:]) if actor else None  # noqa: E731
    expected = {
        "state": rec.state.value, "code": rec.code, "holder_unit_id": rec.holder_unit,
        "holder_officer_id": user(rec.holder_officer), "acceptance_due_at": rec.acceptance_due_at,
        "received_at": rec.received_at, "due_at": rec.due_at, "reference_due_at": rec.reference_due_at,
        "ended_at": rec.ended_at, "returned_at": rec.returned_at, "supplement_expires_at": rec.supplement_expires_at,
        "outcome": rec.outcome or "", "result_code": rec.result_code or "", "extensions": rec.extensions,
        "supplement_requests": rec.supplement_requests,
    }
    return {k: (getattr(row, k), v) for k, v in expected.items() if getattr(row, k) != v}


@pytest.mark.parametrize("name", list(BUILDERS))
def test_the_query_columns_say_what_the_record_says(world, name):
    assert _cached_columns_match(BUILDERS[name](world)) == {}


def test_an_act_through_an_instance_loaded_before_another_act_keeps_the_columns_right(world):
    d = transfer(world, at_counter(world, world.birth, at=vn(2026, 3, 9, 9, 0)), vn(2026, 3, 9, 10, 0))
    page = Dossier.objects.get(pk=d.pk)  # the leader opened the dossier ...
    other = Dossier.objects.get(pk=d.pk)  # ... meanwhile another request assigned an officer
    sv.assign_dossier(other, world.official("commune_chair", Role.LEADER), world.users["commune_officer"],
                      now=vn(2026, 3, 9, 10, 30))

    sv.decide_dossier(page, world.official("commune_chair", Role.LEADER), now=vn(2026, 3, 10, 9, 0))

    row = Dossier.objects.get(pk=d.pk)
    assert row.state == State.DECIDED and row.event_count == 5  # the act itself went through on the fresh record
    assert _cached_columns_match(row) == {}
