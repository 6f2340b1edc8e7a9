"""Rebuilding the Decision 766 counters from the event log (``motcua quality rebuild``) gives
exactly what the acts kept in real time, on generated data: a seeded random run of a few hundred
acts over some 60 dossiers through the services (every act of the lifecycle, ratings, random
facts, refused acts). A counter row changed behind the services' back is reported by its key,
and writing the rebuilt counters puts the cards back as they were."""

import random
from datetime import timedelta

import pytest
from django.db import connection

from motcua.dossiers import services as sv
from motcua.dossiers.actors import SYSTEM
from motcua.quality.index_queries import Period, province_scope, scorecard, unit_scope
from motcua.quality.models import IndexOpenDue, IndexProcedureTally, IndexProcedureUse, IndexProvinceUse, IndexTally
from motcua.quality.rebuild import compare, from_log, replace_all, stored
from motcua.quality.services import rate_dossier, record_rating
from motcua.rules.dossier import from_json
from motcua.rules.index766 import FACTS
from motcua.rules.lifecycle import TRANSITIONS, ActRefused, Act, Role, State
from motcua.units.models import Unit
from tests.dossiers.scenario import fresh, vn

pytestmark = pytest.mark.django_db

MINUTE = timedelta(minutes=1)
GAPS = [(10, 30), (60, 20), (4 * 60, 20), (24 * 60, 15), (3 * 24 * 60, 10), (6 * 24 * 60, 5)]  # minutes, weight
# how often each act is picked among those the state allows: mostly forward, sometimes aside
WEIGHTS = {Act.RECEIVE: 6, Act.TRANSFER: 6, Act.DECIDE: 4, Act.RETURN_RESULT: 4, Act.RESUBMIT: 3,
           Act.COMPLETE_TASK: 3, Act.WITHDRAW: 0.3, Act.REFUSE_INTAKE: 0.5}
LEVELS = ("very_satisfied", "satisfied", "dissatisfied")
# who makes which act, by unit (the world of tests/dossiers/conftest.py)
LEADERS = {"commune_ubnd": "commune_chair", "construction": "builder_head", "culture": "culture_head"}
OFFICERS = {"commune_ubnd": "commune_officer", "construction": "builder", "police": "police_officer",
            "culture": "culture_officer"}


class Run:
    """One seeded random history: each dossier keeps its own clock (acts on one dossier are in
    time order; dossiers interleave freely), and every act goes through the services."""

    def __init__(self, world, seed: int):
        self.world, self.rng = world, random.Random(seed)
        self.unit_names = {getattr(world, n).pk: n for n in ("commune_ubnd", "construction", "police", "culture")}
        self.actors: dict = {}
        self.dossiers: list = []
        self.clock: dict[int, object] = {}
        self.made = self.refused = self.ratings = 0
        permit = world.permit  # a fee-bearing procedure, so that 3.6 has something to count
        permit.fees = [{"name": "Lệ phí cấp phép", "amount": 75000}]
        permit.save(update_fields=["fees"])
        self.versions = [world.birth, world.birth, world.permit, world.copy, world.karaoke]

    # -- helpers ------------------------------------------------------------------------------------

    def official(self, username, role):
        key = (username, role)
        if key not in self.actors:
            self.actors[key] = self.world.official(username, role)
        return self.actors[key]

    def reception(self):
        return self.official("reception", Role.RECEPTION)

    def gap(self):
        minutes, weights = zip(*GAPS, strict=True)
        base = self.rng.choices(minutes, weights)[0]
        return timedelta(minutes=self.rng.randint(1, base))

    def facts(self, keys=None, p=0.4):
        """Random facts (now and then none, now and then a key the index does not know)."""
        if self.rng.random() > p:
            return None
        if self.rng.random() < 0.05:
            return {"bogus": True}
        keys = sorted(FACTS) if keys is None else keys
        return {k: self.rng.random() < 0.7 for k in self.rng.sample(keys, self.rng.randint(1, min(3, len(keys))))}

    def applicant_user(self):
        return self.world.users[self.rng.choice(["citizen", "other_citizen"])]

    # -- making dossiers --------------------------------------------------------------------------

    def new_dossier(self):
        w, rng = self.world, self.rng
        version = rng.choice(self.versions)
        at = vn(2026, 2, 16, 8, 0) + timedelta(minutes=rng.randint(0, 60 * 24 * 45))  # mid Feb to end of March
        channel = rng.choice(["counter", "counter", "post", "online", "online", "vneid"])
        try:
            if channel in ("online", "vneid"):
                user = self.applicant_user()
                d = sv.file_dossier(actor=w.citizen(user.username), version=version, receiving_unit=w.branch,
                                    applicant=w.applicant(user=user), channel=channel, area=w.commune, now=at,
                                    facts=self.facts(["citizen_data", "personal_storage"]))
            elif rng.random() < 0.6:
                d = sv.receive_at_counter(actor=self.reception(), version=version, receiving_unit=w.branch,
                                          applicant=w.applicant(), channel=channel, area=w.commune, now=at,
                                          facts=self.facts(["digitised", "reused", "personal_storage", "citizen_data",
                                                            "paid_online"]))
            else:
                d = sv.file_dossier(actor=self.reception(), version=version, receiving_unit=w.branch,
                                    applicant=w.applicant(), channel=channel, area=w.commune, now=at)
        except ActRefused:
            self.refused += 1
            return
        self.made += 1
        self.dossiers.append(d)
        self.clock[d.pk] = at

    # -- acting -----------------------------------------------------------------------------------

    def actor_for(self, act: Act, d, record):
        """Usually the right person; now and then the wrong one (the act is then refused)."""
        w, rng = self.world, self.rng
        own = d.applicant_user_id is not None
        holder = self.unit_names.get(record.holder_unit or record.competent_unit, "commune_ubnd")
        competent = self.unit_names.get(record.competent_unit, "commune_ubnd")
        if rng.random() < 0.05:
            return self.official("builder", Role.PROCESSING)
        if act in (Act.RECEIVE, Act.REQUEST_INTAKE_SUPPLEMENT, Act.REFUSE_INTAKE, Act.TRANSFER, Act.RETURN_RESULT,
                   Act.REPORT_WRONG_RESULT):
            return self.reception()
        if act in (Act.RESUBMIT, Act.WITHDRAW):
            return w.citizen(d.applicant_user.username) if own and rng.random() < 0.7 else self.reception()
        if act is Act.ASSIGN:
            return self.official(LEADERS.get(holder, "commune_chair"), Role.LEADER)
        if act is Act.COMPLETE_TASK:
            return None  # chosen with the task
        if act is Act.RETURN_FOR_SUPPLEMENT:
            return self.official(OFFICERS.get(holder, "commune_officer"), Role.PROCESSING)
        if act in (Act.EXTEND, Act.DECIDE, Act.CORRECT_RESULT):
            return self.official(LEADERS.get(competent, "commune_chair"), Role.LEADER)
        return SYSTEM  # close_unsupplemented

    def act(self, d):
        w, rng = self.world, self.rng
        d = fresh(d)
        record = from_json(d.snapshot)
        allowed = [a for a in TRANSITIONS[State(d.state)] if a is not Act.FILE]
        if not allowed:
            return self.rate(d)
        act = rng.choices(allowed, [WEIGHTS.get(a, 1) for a in allowed])[0]
        at = self.clock[d.pk] + self.gap()
        actor = self.actor_for(act, d, record)
        kw = {"now": at}
        if act in (Act.RECEIVE, Act.RESUBMIT):
            kw["facts"] = self.facts(["digitised", "reused", "personal_storage", "citizen_data", "paid_online"], 0.8)
        elif act is Act.DECIDE:
            kw["facts"] = self.facts(["e_result"], 0.8)
        elif act is Act.RETURN_RESULT:
            kw["facts"] = self.facts(["personal_storage"], 0.4)
        else:
            kw["facts"] = self.facts(p=0.1)  # the services take any known fact with any act
        if kw["facts"] is None:
            del kw["facts"]
        try:
            if act is Act.RECEIVE:
                sv.receive_dossier(d, actor, **kw)
            elif act is Act.REQUEST_INTAKE_SUPPLEMENT:
                sv.request_intake_supplement(d, actor, ["Tờ khai có chữ ký"], "Thiếu chữ ký", **kw)
            elif act is Act.REFUSE_INTAKE:
                sv.refuse_intake(d, actor, "Không thuộc thẩm quyền", **kw)
            elif act is Act.RESUBMIT:
                sv.resubmit_dossier(d, actor, **kw)
            elif act is Act.TRANSFER:
                sv.transfer_dossier(d, actor, **kw)
            elif act is Act.ASSIGN:
                holder = self.unit_names.get(record.holder_unit, "commune_ubnd")
                sv.assign_dossier(d, actor, w.users[OFFICERS.get(holder, "commune_officer")], **kw)
            elif act is Act.COMPLETE_TASK:
                tasks = [t for t in record.tasks if t.is_open] or record.tasks or [None]
                task = rng.choice(tasks)
                step = task.step if task else 1
                who = OFFICERS.get(self.unit_names.get(task.agency if task else 0, ""), "commune_officer")
                sv.complete_task(d, self.official(who, Role.PROCESSING), step, "Đã xong", **kw)
            elif act is Act.RETURN_FOR_SUPPLEMENT:
                sv.return_for_supplement(d, actor, ["Bản vẽ"], "Thiếu bản vẽ", **kw)
            elif act is Act.EXTEND:
                sv.extend_deadline(d, actor, "Cần xác minh thêm", working_days=rng.choice([1, 2, 5]), **kw)
            elif act is Act.DECIDE:
                outcome = rng.choice(["approved", "approved", "approved", "refused"])
                sv.decide_dossier(d, actor, outcome, "Không đủ điều kiện" if outcome == "refused" else "", **kw)
            elif act is Act.RETURN_RESULT:
                sv.return_result(d, actor, rng.choice(["counter", "post", "online"]), **kw)
            elif act is Act.REPORT_WRONG_RESULT:
                sv.report_wrong_result(d, actor, "Sai năm sinh", **kw)
            elif act is Act.CORRECT_RESULT:
                sv.correct_result(d, actor, **kw)
            elif act is Act.WITHDRAW:
                sv.withdraw_dossier(d, actor, "Không cần nữa", **kw)
            elif act is Act.CLOSE_UNSUPPLEMENTED:
                if rng.random() < 0.5:
                    at = at + timedelta(days=16)
                    kw["now"] = at
                sv.close_unsupplemented(d, SYSTEM, **kw)
        except ActRefused:
            self.refused += 1
            if rng.random() < 0.3:
                self.rate(d)  # a rating tried while the dossier is still open is refused too
            return
        self.made += 1
        self.clock[d.pk] = at

    def rate(self, d):
        """The applicant rates (or re-rates) an ended dossier: signed in, or at the counter kiosk."""
        at = self.clock[d.pk] + self.gap()
        levels = {"overall": self.rng.choice(LEVELS)}
        try:
            if d.applicant_user_id is not None:
                rate_dossier(d.applicant_user, d, levels, "", at)
            else:
                record_rating(self.world.users["other_citizen"], d, levels, "", at)
        except ActRefused:
            self.refused += 1
            return
        self.ratings += 1
        self.clock[d.pk] = at

    def play(self, dossiers: int, acts: int):
        for _ in range(dossiers):
            self.new_dossier()
        for _ in range(acts):
            self.act(self.rng.choice(self.dossiers))
        return self


def play(world, seed, dossiers=60, acts=260) -> Run:
    run = Run(world, seed).play(dossiers, acts)
    # the run really covered the index: dossiers received, ended, late, ratings, several months
    assert run.made >= dossiers + acts // 3 and run.ratings > 0 and run.refused > 0
    return run


def cards():
    now = vn(2026, 4, 15, 12, 0)
    return [scorecard(province_scope(), Period("month", 2026, m), now) for m in (2, 3)]


@pytest.mark.parametrize("seed", [1, 2])
def test_the_counters_kept_by_the_acts_are_what_the_log_says(world, seed):
    play(world, seed)
    assert compare(from_log(), stored()) == []
    kept = stored()
    assert len({m for (_u, _r, m) in kept.tallies}) >= 2  # dossiers received in more than one month
    totals = {n: sum(c[n] for (_u, r, _m), c in kept.tallies.items() if r == "c")
              for n in ("received", "on_time", "late", "open", "completed", "online", "disliked", "fee_due",
                        "e_result_done")}
    assert all(totals.values()), totals  # every kind of counter moved at least once


def test_a_counter_changed_behind_the_services_back_is_found_and_the_rebuild_repairs_it(world):
    play(world, seed=7)
    assert compare(from_log(), stored()) == []
    before_cards = cards()

    # one dossier counter row
    row = IndexTally.objects.filter(role="c", late__gt=0).order_by("pk").first()
    key = (row.unit_id, row.role, row.month)
    IndexTally.objects.filter(pk=row.pk).update(late=row.late + 1)
    differences = compare(from_log(), stored())
    assert [(d.table, d.key) for d in differences] == [("tally", key)]
    assert differences[0].rebuilt["late"] == row.late and differences[0].kept["late"] == row.late + 1
    assert cards() != before_cards  # the tampered counter shows on the province card
    replace_all(from_log())
    assert compare(from_log(), stored()) == []
    assert IndexTally.objects.get(unit_id=row.unit_id, role=row.role, month=row.month).late == row.late
    assert cards() == before_cards

    # an open deadline lost and a per-procedure counter changed
    open_row = IndexOpenDue.objects.filter(count__gt=0).order_by("pk").first()
    proc_row = IndexProcedureTally.objects.filter(received__gt=0).order_by("pk").first()
    IndexOpenDue.objects.filter(pk=open_row.pk).delete()
    IndexProcedureTally.objects.filter(pk=proc_row.pk).update(received=proc_row.received + 2)
    found = dict(sorted((d.table, d.key) for d in compare(from_log(), stored())))
    assert sorted(found) == ["open_due", "procedure"]
    assert found["open_due"] == (open_row.unit_id, open_row.role, open_row.month, open_row.due_at)
    assert found["procedure"] == (proc_row.unit_id, proc_row.month, proc_row.procedure_id)
    replace_all(from_log())
    assert compare(from_log(), stored()) == []
    assert IndexOpenDue.objects.get(unit_id=open_row.unit_id, role=open_row.role, month=open_row.month,
                                    due_at=open_row.due_at).count == open_row.count
    assert cards() == before_cards

    if connection.vendor != "postgresql":
        return  # SQLite keeps no procedure-use masks: it reads the tallies themselves
    # a unit's procedure-use mask cleared (what the rankings' catalogue figures read)
    use = IndexProcedureUse.objects.exclude(received=b"").order_by("pk").first()
    kept_bits = bytes(use.received)
    IndexProcedureUse.objects.filter(pk=use.pk).update(received=b"")
    differences = compare(from_log(), stored())
    assert [(d.table, d.key) for d in differences] == [("procedure_use", (use.unit_id, use.month))]
    assert str(differences[0]).startswith(f"Thủ tục có hồ sơ (đơn vị #{use.unit_id}; tháng")
    assert differences[0].kept.get("received", ()) == ()
    unit_card = lambda: scorecard(unit_scope(Unit.objects.get(pk=use.unit_id)),  # noqa: E731
                                  Period("month", use.month.year, use.month.month), vn(2026, 4, 15, 12, 0))
    tampered = unit_card()
    replace_all(from_log())
    assert compare(from_log(), stored()) == []
    assert bytes(IndexProcedureUse.objects.get(unit_id=use.unit_id, month=use.month).received
                 ).rstrip(b"\0") == kept_bits.rstrip(b"\0")
    assert unit_card() != tampered  # the unit's 3.2 counted fewer procedures
    assert cards() == before_cards

    # the province's mask of a month cleared (what the province and the one-stop units read)
    province = IndexProvinceUse.objects.exclude(received=b"").order_by("month").first()
    IndexProvinceUse.objects.filter(pk=province.pk).update(received=b"")
    differences = compare(from_log(), stored())
    assert [(d.table, d.key) for d in differences] == [("province_use", (province.month,))]
    assert str(differences[0]).startswith("Thủ tục có hồ sơ (toàn tỉnh; tháng")
    assert cards() != before_cards
    replace_all(from_log())
    assert compare(from_log(), stored()) == [] and cards() == before_cards
