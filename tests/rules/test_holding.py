"""Who held a dossier, for how long, and who made it late (process-control sheet, mẫu 06;
Decree 118/2025 Arts. 17.1, 18.2, 19.5, 20.2 and one-stop.md §10 "Responsible for lateness").

Pure: every log is built by the acts of ``rules.intake`` / ``rules.processing`` on the national
calendar (office hours 08:00–12:00, 13:00–17:00; March 2026 has no public holiday) and read by
``rules.holding.analyse``. Units: 1 the one-stop branch, 2 the commune People's Committee,
3 the police, 4 the culture department (lead agency of a joint procedure).
"""

from datetime import datetime


from motcua.rules import intake, processing
from motcua.rules.acting import SYSTEM, Actor, Context
from motcua.rules.calendar import VN_TZ, default_calendar
from motcua.rules.dossier import apply
from motcua.rules.holding import Overrun, analyse
from motcua.rules.lifecycle import Role

CAL = default_calendar()
H = 3600
BRANCH, COMMUNE, POLICE, CULTURE = 1, 2, 3, 4

RECEPTION = Actor("u1", Role.RECEPTION, frozenset({BRANCH}))
COMMUNE_CHAIR = Actor("u2", Role.LEADER, frozenset({COMMUNE}))
COMMUNE_OFFICER = Actor("u3", Role.PROCESSING, frozenset({COMMUNE}))
POLICE_OFFICER = Actor("u4", Role.PROCESSING, frozenset({POLICE}))
CULTURE_HEAD = Actor("u5", Role.LEADER, frozenset({CULTURE}))
CITIZEN = Actor("c1", Role.APPLICANT)


def vn(y, m, d, hh=9, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


class Log:
    """A dossier's event log, written act by act through the pure rules."""

    def __init__(self):
        self.events = []
        self.record = None

    def act(self, fn, at, actor, **kwargs):
        ctx = Context(CAL, at, actor)
        event = fn(self.record, ctx, **kwargs) if self.record is not None else fn(ctx, **kwargs)
        self.record = apply(self.record, event)
        self.events.append(event)
        return self

    def report(self, now):
        return analyse(self.events, CAL, now)


def counter(at, *, budget_hours=24, competent=COMMUNE) -> Log:
    """A complete paper dossier filed and received at the branch counter (3 working days by default)."""
    return (Log()
            .act(intake.file_dossier, at, RECEPTION, channel="counter", receiving_unit=BRANCH,
                 competent_unit=competent, budget_seconds=budget_hours * H)
            .act(intake.receive, at, RECEPTION, code="000.00.70.H26-260302-0001", cross_level=False))


def spans(report):
    return [(s.unit, s.start, s.end, s.working_seconds / H, s.act) for s in report.segments]


# -- working hours per unit -----------------------------------------------------------------------

def test_working_hours_are_counted_per_unit_from_each_hand_off():
    log = counter(vn(2026, 3, 2, 9, 0))  # Monday 09:00
    log.act(processing.transfer, vn(2026, 3, 2, 11, 0), RECEPTION)
    log.act(processing.decide, vn(2026, 3, 4, 10, 0), COMMUNE_CHAIR, outcome="approved")  # Wednesday
    log.act(processing.return_result, vn(2026, 3, 4, 14, 0), RECEPTION)

    report = log.report(vn(2026, 3, 20))

    assert spans(report) == [
        (BRANCH, vn(2026, 3, 2, 9), vn(2026, 3, 2, 11), 2, "file"),
        # Mon 11:00-12:00 and 13:00-17:00 (5 h), Tuesday (8 h), Wed 08:00-10:00 (2 h).
        (COMMUNE, vn(2026, 3, 2, 11), vn(2026, 3, 4, 10), 15, "transfer"),
        # The result waits at the branch: 10:00-12:00 and 13:00-14:00.
        (BRANCH, vn(2026, 3, 4, 10), vn(2026, 3, 4, 14), 3, "decide"),
        (None, vn(2026, 3, 4, 14), vn(2026, 3, 4, 14), 0, "return_result"),
    ]
    assert report.per_unit == {BRANCH: 5 * H, COMMUNE: 15 * H}


def test_the_unit_holding_an_open_dossier_is_counted_up_to_now():
    log = counter(vn(2026, 3, 2, 9, 0))
    log.act(processing.transfer, vn(2026, 3, 2, 11, 0), RECEPTION)

    report = log.report(vn(2026, 3, 3, 12, 30))  # Tuesday, lunch break

    last = report.segments[-1]
    assert (last.unit, last.start, last.end) == (COMMUNE, vn(2026, 3, 2, 11), None)
    assert report.per_unit == {BRANCH: 2 * H, COMMUNE: 9 * H}  # 5 h Monday + 4 h Tuesday morning
    assert not report.late


def test_waiting_for_the_applicant_counts_for_no_unit():
    log = counter(vn(2026, 3, 2, 9, 0))
    log.act(processing.transfer, vn(2026, 3, 2, 11, 0), RECEPTION)
    log.act(processing.return_for_supplement, vn(2026, 3, 3, 9, 0), COMMUNE_OFFICER, items=["Giấy chứng sinh"])
    log.act(intake.resubmit, vn(2026, 3, 5, 9, 0), RECEPTION)  # Thursday: the clock restarts from zero
    log.act(processing.decide, vn(2026, 3, 6, 9, 0), COMMUNE_CHAIR, outcome="approved")

    report = log.report(vn(2026, 3, 6, 9, 0))

    assert spans(report) == [
        (BRANCH, vn(2026, 3, 2, 9), vn(2026, 3, 2, 11), 2, "file"),
        (COMMUNE, vn(2026, 3, 2, 11), vn(2026, 3, 3, 9), 6, "transfer"),
        (None, vn(2026, 3, 3, 9), vn(2026, 3, 5, 9), 16, "return_for_supplement"),
        (COMMUNE, vn(2026, 3, 5, 9), vn(2026, 3, 6, 9), 8, "resubmit"),
        (BRANCH, vn(2026, 3, 6, 9), None, 0, "decide"),
    ]
    # The 16 working hours with the applicant are nobody's.
    assert report.per_unit == {BRANCH: 2 * H, COMMUNE: 14 * H}
    assert not report.late and report.responsible == []


# -- on time or late ------------------------------------------------------------------------------

def test_a_dossier_decided_at_its_due_time_is_on_time():
    log = counter(vn(2026, 3, 2, 9, 0))  # 3 working days: due Thursday 05/03 09:00
    log.act(processing.transfer, vn(2026, 3, 2, 11, 0), RECEPTION)
    log.act(processing.decide, vn(2026, 3, 5, 9, 0), COMMUNE_CHAIR, outcome="approved")

    report = log.report(vn(2026, 3, 20))

    assert log.record.reference_due_at == vn(2026, 3, 5, 9, 0)
    assert report.late is False
    assert report.late_seconds == 0
    assert report.responsible == [] and report.overruns == []


def test_a_late_dossier_names_the_unit_holding_it_when_the_due_time_passed():
    log = counter(vn(2026, 3, 2, 9, 0))
    log.act(processing.transfer, vn(2026, 3, 2, 11, 0), RECEPTION)
    log.act(processing.decide, vn(2026, 3, 6, 9, 0), COMMUNE_CHAIR, outcome="approved")  # Friday

    report = log.report(vn(2026, 3, 20))

    assert report.late is True
    assert report.late_seconds == 8 * H
    assert report.responsible == [COMMUNE]
    assert report.overruns == [Overrun(COMMUNE, "processing", vn(2026, 3, 5, 9), vn(2026, 3, 6, 9), 8 * H)]


def test_an_open_dossier_past_its_due_time_is_late_up_to_now():
    log = counter(vn(2026, 3, 2, 9, 0))
    log.act(processing.transfer, vn(2026, 3, 2, 11, 0), RECEPTION)

    report = log.report(vn(2026, 3, 6, 10, 0))

    assert report.late is True
    assert report.late_seconds == 9 * H  # Thu 09:00 -> Fri 10:00
    assert report.responsible == [COMMUNE]
    assert report.overruns[-1].done is None


def test_a_dossier_that_ran_out_at_the_receiving_unit_names_the_receiving_unit():
    log = counter(vn(2026, 3, 2, 9, 0), budget_hours=8)  # due Tuesday 09:00; transfer limit Monday 17:00
    log.act(processing.transfer, vn(2026, 3, 3, 10, 0), RECEPTION)
    log.act(processing.decide, vn(2026, 3, 3, 11, 0), COMMUNE_CHAIR, outcome="approved")

    report = log.report(vn(2026, 3, 20))

    assert report.late and report.late_seconds == 2 * H
    assert report.responsible == [BRANCH]
    assert report.overruns == [
        Overrun(BRANCH, "transfer", vn(2026, 3, 2, 17), vn(2026, 3, 3, 10), 2 * H),
        Overrun(BRANCH, "processing", vn(2026, 3, 3, 9), vn(2026, 3, 3, 11), 2 * H),
    ]


def test_a_late_transfer_is_an_overrun_of_the_receiving_unit():
    log = counter(vn(2026, 3, 2, 15, 30))  # at/after 15:00: the paper must go by Tuesday 12:00
    log.act(processing.transfer, vn(2026, 3, 3, 14, 0), RECEPTION)
    log.act(processing.decide, vn(2026, 3, 4, 9, 0), COMMUNE_CHAIR, outcome="approved")

    report = log.report(vn(2026, 3, 20))

    # 12:00 -> 14:00 is one working hour (lunch is not counted).
    assert report.overruns == [Overrun(BRANCH, "transfer", vn(2026, 3, 3, 12), vn(2026, 3, 3, 14), 1 * H)]
    assert report.late is False and report.responsible == []  # the dossier itself was decided in time


# -- joint procedures (liên thông, Art. 20.2.b) ---------------------------------------------------

ROUTE = [
    {"step": 1, "agency": COMMUNE, "name": "Xác nhận địa điểm", "hours": 24, "depends_on": []},
    {"step": 2, "agency": POLICE, "name": "Kiểm tra phòng cháy", "hours": 16, "depends_on": []},
    {"step": 3, "agency": CULTURE, "name": "Cấp giấy phép", "hours": 88, "depends_on": [1, 2], "is_lead": True},
]


def joint_online() -> Log:
    """Filed online Monday 02/03 08:30, 16 working days, accepted 09:00 (due Tuesday 24/03 09:00),
    sent to every agency at 10:00: the commune's part is due Thursday 05/03 10:00, the police's
    Wednesday 04/03 10:00; the culture department (lead) holds the e-dossier."""
    return (Log()
            .act(intake.file_dossier, vn(2026, 3, 2, 8, 30), CITIZEN, channel="online", receiving_unit=BRANCH,
                 competent_unit=CULTURE, budget_seconds=128 * H, applicant="c1", route_mode="parallel")
            .act(intake.receive, vn(2026, 3, 2, 9, 0), RECEPTION, code="000.00.00.G22-260302-0001",
                 cross_level=True)
            .act(processing.transfer, vn(2026, 3, 2, 10, 0), RECEPTION, route=ROUTE))


def test_a_police_task_that_overran_makes_the_police_responsible_though_the_lead_held_the_dossier():
    log = joint_online()
    log.act(processing.complete_task, vn(2026, 3, 3, 10, 0), COMMUNE_OFFICER, step=1)  # in time
    log.act(processing.complete_task, vn(2026, 3, 12, 10, 0), POLICE_OFFICER, step=2)  # 6 days late
    log.act(processing.decide, vn(2026, 3, 25, 9, 0), CULTURE_HEAD, outcome="approved")  # a day late

    report = log.report(vn(2026, 3, 30))

    assert log.record.reference_due_at == vn(2026, 3, 24, 9, 0)
    # The e-dossier never left the lead agency: it held it when the due time passed...
    assert set(report.per_unit) == {BRANCH, CULTURE}
    assert [s.unit for s in report.segments if s.start <= vn(2026, 3, 24, 9) < (s.end or vn(2100, 1, 1))] == [CULTURE]
    # ... yet the police, whose part overran its own sub-deadline, made the dossier late.
    assert report.late and report.late_seconds == 8 * H
    assert report.responsible == [POLICE]
    assert report.overruns == [
        Overrun(POLICE, "task:2", vn(2026, 3, 4, 10), vn(2026, 3, 12, 10), 48 * H),
        Overrun(POLICE, "processing", vn(2026, 3, 24, 9), vn(2026, 3, 25, 9), 8 * H),
    ]


def test_a_joint_dossier_late_with_every_task_in_time_names_the_lead_agency():
    log = joint_online()
    log.act(processing.complete_task, vn(2026, 3, 3, 10, 0), COMMUNE_OFFICER, step=1)
    log.act(processing.complete_task, vn(2026, 3, 4, 10, 0), POLICE_OFFICER, step=2)  # at its sub-deadline
    log.act(processing.decide, vn(2026, 3, 25, 9, 0), CULTURE_HEAD, outcome="approved")

    report = log.report(vn(2026, 3, 30))

    assert report.responsible == [CULTURE]
    assert [o.step for o in report.overruns] == ["processing"]


def test_an_open_task_past_its_sub_deadline_is_an_overrun_up_to_now():
    log = joint_online()

    report = log.report(vn(2026, 3, 5, 10, 0))  # Thursday 10:00: the police's part is 8 h over

    assert report.overruns == [Overrun(POLICE, "task:2", vn(2026, 3, 4, 10), None, 8 * H)]
    assert not report.late


# -- known bugs: time with the applicant is charged as lateness -----------------------------------

def test_a_dossier_waiting_for_the_applicant_past_its_old_due_time_is_not_late():
    log = counter(vn(2026, 3, 2, 9, 0))  # due Thursday 05/03 09:00
    log.act(processing.transfer, vn(2026, 3, 2, 11, 0), RECEPTION)
    log.act(processing.return_for_supplement, vn(2026, 3, 3, 9, 0), COMMUNE_OFFICER, items=["Giấy chứng sinh"])

    report = log.report(vn(2026, 3, 10, 9, 0))  # the applicant has not come back yet

    assert report.late is False
    assert report.responsible == [] and report.overruns == []


def test_a_dossier_closed_for_want_of_supplement_is_not_late():
    log = counter(vn(2026, 3, 2, 9, 0))
    log.act(processing.transfer, vn(2026, 3, 2, 11, 0), RECEPTION)
    log.act(processing.return_for_supplement, vn(2026, 3, 3, 9, 0), COMMUNE_OFFICER, items=["Giấy chứng sinh"])
    log.act(processing.close_unsupplemented, vn(2026, 3, 18, 10, 0), SYSTEM)

    report = log.report(vn(2026, 3, 20))

    assert report.late is False
    assert report.overruns == []


def test_an_online_filing_answered_with_a_correction_request_has_no_acceptance_overrun():
    log = (Log()
           .act(intake.file_dossier, vn(2026, 3, 2, 9, 0), CITIZEN, channel="online", receiving_unit=BRANCH,
                competent_unit=COMMUNE, budget_seconds=24 * H, applicant="c1")
           .act(intake.request_intake_supplement, vn(2026, 3, 2, 10, 0), RECEPTION, items=["Tờ khai có chữ ký"]))

    report = log.report(vn(2026, 3, 6, 9, 0))  # four days later, the applicant still has it

    assert report.per_unit == {BRANCH: 1 * H}
    assert report.overruns == []


def test_handoff_status_on_the_process_control_sheet():
    """§1.3: late after the step's due time; early when handed over on an earlier day."""
    from datetime import datetime

    from motcua.rules.calendar import VN_TZ
    from motcua.rules.holding import handoff_status

    due = datetime(2026, 2, 23, 12, 0, tzinfo=VN_TZ)
    assert handoff_status(datetime(2026, 2, 13, 16, 45, tzinfo=VN_TZ), due) == "Trước hạn"
    assert handoff_status(datetime(2026, 2, 23, 11, 0, tzinfo=VN_TZ), due) == "Đúng hạn"
    assert handoff_status(datetime(2026, 2, 23, 12, 1, tzinfo=VN_TZ), due) == "Quá hạn"
    assert handoff_status(datetime(2026, 2, 23, 12, 1, tzinfo=VN_TZ), None) == "Đúng hạn"
