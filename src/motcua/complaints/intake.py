"""Checks at intake (tiếp nhận đơn), before a case is recorded:

* ``check_input`` — what makes a filing unusable (nothing is recorded; ``CaseRefused`` 422);
* ``check_intake`` — the group's representatives (refused, nothing recorded) and the filer's
  time limits: the complaint limitation period (thời hiệu, 90 days) and the second-complaint
  window. A filing out of time is recorded and refused at once with the returned reason, so that
  it is not lost."""

from __future__ import annotations

from datetime import datetime

from motcua.complaints import clock
from motcua.complaints.models import Case
from motcua.rules.case_matching import normalise_id, normalise_name
from motcua.rules.complaints import CaseKind, check_limitation, check_representatives, check_second_complaint, local_date

LEVELS = tuple(Case.Level.values)


def check_input(*, kind, channel, subject, content, filers, forwarded_by, filed_level, competent_level, previous,
                handling_unit, refused) -> CaseKind:
    problems = []
    try:
        kind = CaseKind(kind)
    except ValueError:
        raise refused(f"Loại vụ việc «{kind}» không hợp lệ.", "case_invalid", 422) from None
    if channel not in Case.Channel.values:
        problems.append(f"Hình thức gửi đơn «{channel}» không hợp lệ.")
    if channel == Case.Channel.FORWARDED and not (forwarded_by or "").strip():
        problems.append("Đơn do cơ quan khác chuyển đến: hãy ghi tên cơ quan chuyển đơn.")
    if not (subject or "").strip():
        problems.append("Chưa nhập nội dung chính của đơn.")
    if not (content or "").strip():
        problems.append("Chưa nhập nội dung đơn.")
    if not filers or not all((f.name or "").strip() for f in filers):
        problems.append("Đơn phải ghi rõ họ tên người gửi.")
    if filed_level not in LEVELS or competent_level not in LEVELS:
        problems.append("Cấp nhận đơn hoặc cấp có thẩm quyền không hợp lệ.")
    if handling_unit is None:
        problems.append("Chưa chọn cơ quan giải quyết.")
    if kind is CaseKind.COMPLAINT_SECOND and previous is not None and previous.kind != CaseKind.COMPLAINT_FIRST:
        problems.append("Khiếu nại lần hai phải gắn với một khiếu nại lần đầu.")
    if problems:
        raise refused(" ".join(problems), "case_invalid", 422)
    return kind


def _person(f) -> str:
    return normalise_id(f.id_number) or normalise_name(f.name)


def check_intake(*, kind: CaseKind, filers, people: int, now: datetime, known_on, previous, remote: bool,
                 refused) -> str:
    """Raise ``refused`` for wrong representatives; return the reason a filing out of time is
    refused ("" if it is in time)."""
    if people >= 2:
        persons = [_person(f) for f in filers]
        persons += [f"#khong-ghi-ten-{i}" for i in range(people - len(filers))]  # listed only by number
        problems = check_representatives(persons, [_person(f) for f in filers if f.representative],
                                         on=local_date(now))
        if problems:
            raise refused(" ".join(problems), "representatives_invalid", 422)
    cal = clock.calendar()
    reasons: list[str] = []
    if kind is CaseKind.COMPLAINT_FIRST and known_on is not None:
        reasons += check_limitation(known_on, now, cal).reasons
    if kind is CaseKind.COMPLAINT_SECOND and previous is not None:
        reasons += check_second_complaint(now, cal, remote=remote, first_decision_received_at=previous.answered_at,
                                          first_due_at=previous.resolve_due_at or previous.due_at).reasons
    return " ".join(reasons)
