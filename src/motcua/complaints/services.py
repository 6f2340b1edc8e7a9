"""Writes about cases (vụ việc: PAKN, khiếu nại, tố cáo), one function per act.

``file_case`` (tiếp nhận đơn) checks the filing, links duplicates and repeats, gives the code and
starts the clock; the acts move it on: ``accept`` (thụ lý), ``refuse`` (không thụ lý, trả lại),
``request_info`` / ``receive_info`` (đề nghị / nhận bổ sung thông tin), ``assign`` (giao cán bộ
thụ lý), ``transfer`` (chuyển đơn), ``extend_intake`` (kéo dài thời hạn kiểm tra, xác minh để thụ lý
tố cáo), ``extend`` (gia hạn giải quyết tố cáo), ``answer`` (trả lời
PAKN, quyết định giải quyết khiếu nại, kết luận nội dung tố cáo), ``publish`` (công khai trả lời
PAKN), ``withdraw`` (rút đơn), ``close`` (kết thúc), ``rate`` (đánh giá kết quả trả lời).

Each act runs in one transaction: it locks the case row, refuses a stale ``expected_version``
(409) or a wrong state (409) or bad input (422) with ``CaseRefused`` and changes nothing then;
otherwise it appends one event to the case's hash-chained log (``log.append_event``), bumps
``version``, refreshes the long-running flags, tells ``index_feed.on_case_change`` (if present)
and, after commit, ``letters.on_act`` (if present). The clock is ``clock.py``.
Who may act is checked by the callers (``access.may_handle``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from motcua.complaints import clock
from motcua.complaints.anonymise import anonymise_case
from motcua.complaints.codes import next_code
from motcua.complaints.intake import check_intake, check_input
from motcua.complaints.log import append_event
from motcua.complaints.matching import matches_for, record_of
from motcua.complaints.models import Case, CaseEvent, CaseRating, Filer
from motcua.complaints.recording import (CASE_ACTS, OPEN, CaseRefused, CaseSnapshot, FilerIn, S, _actor, _after,
                                         _done, _late, _locked, _text, refresh_flags)
from motcua.rules.case_matching import normalise_id, normalise_name
from motcua.rules.complaints import CaseKind, Extension, check_extension, check_intake_extension
from motcua.text import fold
from motcua.units.models import Official

__all__ = ["CaseRefused", "FilerIn", "CaseSnapshot", "CASE_ACTS", "file_case", "accept", "refuse", "request_info",
           "receive_info", "assign", "transfer", "extend_intake", "extend", "answer", "publish", "withdraw", "close",
           "rate", "refresh_flags"]

# -- intake ------------------------------------------------------------------------------------

@transaction.atomic
def file_case(*, kind, channel, subject, content, filers: list[FilerIn], handling_unit, now: datetime, by=None,
              account=None, area=None, concerned_unit=None, concerned_official=None, dossier=None, forwarded_by="",
              people=None, remote=False, known_on=None, previous=None, filed_level="commune",
              competent_level="commune") -> Case:
    """Tiếp nhận đơn. A filing out of time (limitation period, second-complaint window) is recorded
    and refused at once, with the reason; bad input (missing fields, wrong representatives) is
    refused with ``CaseRefused`` and nothing is recorded."""
    kind = check_input(kind=kind, channel=channel, subject=subject, content=content, filers=filers,
                       forwarded_by=forwarded_by, filed_level=filed_level, competent_level=competent_level,
                       previous=previous, handling_unit=handling_unit, refused=CaseRefused)
    people = max(int(people or 0), len(filers))
    out_of_time = check_intake(kind=kind, filers=filers, people=people, now=now, known_on=known_on,
                               previous=previous, remote=remote, refused=CaseRefused)
    due, resolve_due = clock.intake_due(kind, now)
    case = Case(code=next_code(kind, now), kind=kind, channel=channel, forwarded_by=(forwarded_by or "").strip(),
                subject=subject.strip(), subject_folded=fold(subject)[:500], content=content.strip(), area=area,
                concerned_unit=concerned_unit, concerned_official=concerned_official, dossier=dossier,
                handling_unit=handling_unit, filed_level=filed_level, competent_level=competent_level,
                account=account, previous=previous, people=people, remote=bool(remote), known_on=known_on,
                received_at=now, due_at=due, resolve_due_at=resolve_due)
    case.save()
    rows = [Filer(case=case, name=f.name.strip(), name_folded=normalise_name(f.name), id_number=normalise_id(f.id_number),
                  phone=(f.phone or "").strip(), email=(f.email or "").strip(), address=(f.address or "").strip(),
                  representative=bool(f.representative)) for f in filers]
    Filer.objects.bulk_create(rows)
    data: dict = {"kind": kind, "channel": channel, "people": people}
    reason = ""
    found = matches_for(record_of(case, rows), now)
    if found:
        best = found[0]
        first = Case.objects.only("pk", "code", "matter_of_id").get(pk=int(best.earlier))
        root = Case.objects.only("pk", "code").get(pk=first.matter_of_id) if first.matter_of_id else first
        case.matter_of, case.link_kind = root, best.kind.value
        data.update(linked_to=root.code, matched=first.code, link_kind=best.kind.value, score=best.score)
        reason = " ".join(best.reasons)
    actor, role = _actor(by, case, filer=by is None and channel == Case.Channel.ONLINE)
    append_event(case, "file", at=now, actor=actor, role=role, to_unit_id=handling_unit.pk, due_after=due,
                 reason=reason, data=data)
    refresh_flags(case, now, save=False)
    case.save(update_fields=["matter_of", "link_kind", "flags", "version", "last_hash"])
    _after(case, None, "file", now)
    if out_of_time:
        return refuse(case, by=None, now=now, reason=out_of_time)
    return case


# -- the acts ----------------------------------------------------------------------------------

@transaction.atomic
def accept(case: Case, *, by, now: datetime, expected_version=None, complexity="normal") -> Case:
    cur = _locked(case, expected_version, (S.RECEIVED,), "accept")
    if complexity not in Case.Complexity.values:
        raise CaseRefused("Tính chất vụ việc không hợp lệ.", "case_invalid", 422)
    before, due_before = CaseSnapshot.of(cur), cur.due_at
    cur.complexity, cur.accepted_at, cur.state = complexity, now, S.ACCEPTED
    cur.resolve_due_at = clock.resolve_due(cur, now)
    cur.due_at = cur.resolve_due_at
    return _done(cur, case, before, "accept", now, by, due_before=due_before,
                 data={"complexity": complexity, "late": _late(now, due_before)},
                 fields=("complexity", "accepted_at", "state", "resolve_due_at", "due_at"))


@transaction.atomic
def refuse(case: Case, *, by, now: datetime, expected_version=None, reason) -> Case:
    reason = _text(reason, "lý do không thụ lý")
    cur = _locked(case, expected_version, (S.RECEIVED, S.INFO_REQUESTED), "refuse")
    before, due_before = CaseSnapshot.of(cur), cur.due_at
    cur.state, cur.closed_at, cur.due_at = S.REFUSED, now, None
    return _done(cur, case, before, "refuse", now, by, due_before=due_before, reason=reason,
                 data={"late": _late(now, due_before)}, fields=("state", "closed_at", "due_at"))


@transaction.atomic
def request_info(case: Case, *, by, now: datetime, expected_version=None, reason) -> Case:
    """The clock stops until the information arrives (see ``clock``). A PAKN may be asked after
    acceptance too; a complaint or denunciation only before it."""
    reason = _text(reason, "nội dung cần bổ sung")
    states = (S.RECEIVED, S.ACCEPTED) if case.kind == CaseKind.PAKN else (S.RECEIVED,)
    cur = _locked(case, expected_version, states, "request_info")
    before, due_before = CaseSnapshot.of(cur), cur.due_at
    late = cur.kind == CaseKind.PAKN and _late(now, clock.request_info_due(cur.received_at))
    data = {"from_state": cur.state, "late": late}
    cur.state, cur.due_at = S.INFO_REQUESTED, None
    return _done(cur, case, before, "request_info", now, by, due_before=due_before, reason=reason, data=data,
                 fields=("state", "due_at"))


@transaction.atomic
def receive_info(case: Case, *, by, now: datetime, expected_version=None, note="") -> Case:
    """The filing is complete: the clock starts again in full from now."""
    cur = _locked(case, expected_version, (S.INFO_REQUESTED,), "receive_info")
    before = CaseSnapshot.of(cur)
    asked = CaseEvent.objects.filter(case_id=cur.pk, act="request_info").order_by("-seq").values_list("data", flat=True)
    back = (asked.first() or {}).get("from_state", S.RECEIVED)
    due, resolve_due = clock.intake_due(cur.kind, now)
    cur.state = back
    if cur.kind == CaseKind.PAKN:
        cur.resolve_due_at = resolve_due
        cur.due_at = due if back == S.RECEIVED else resolve_due
    else:
        cur.due_at = due
    return _done(cur, case, before, "receive_info", now, by, reason=(note or "").strip(),
                 data={"restarted": True}, fields=("state", "due_at", "resolve_due_at"))


@transaction.atomic
def assign(case: Case, *, by, now: datetime, expected_version=None, handler) -> Case:
    cur = _locked(case, expected_version, OPEN, "assign")
    if handler is None or not Official.objects.filter(user=handler, unit_id=cur.handling_unit_id).exists():
        raise CaseRefused("Cán bộ được giao phải là cán bộ của cơ quan giải quyết vụ việc.", "case_invalid", 422)
    before = CaseSnapshot.of(cur)
    cur.handler = handler
    return _done(cur, case, before, "assign", now, by, due_before=cur.due_at, data={"handler": f"u{handler.pk}"},
                 fields=("handler",))


@transaction.atomic
def transfer(case: Case, *, by, now: datetime, expected_version=None, to_unit, reason) -> Case:
    """Chuyển đơn: before acceptance only; the receiving unit's intake clock starts now."""
    reason = _text(reason, "lý do chuyển đơn")
    cur = _locked(case, expected_version, (S.RECEIVED, S.INFO_REQUESTED), "transfer")
    if to_unit is None or to_unit.pk == cur.handling_unit_id:
        raise CaseRefused("Hãy chọn cơ quan nhận đơn khác cơ quan đang giải quyết.", "case_invalid", 422)
    before, due_before, from_unit = CaseSnapshot.of(cur), cur.due_at, cur.handling_unit_id
    cur.handling_unit, cur.handler, cur.state = to_unit, None, S.RECEIVED
    cur.due_at, resolve_due = clock.intake_due(cur.kind, now)
    if cur.kind == CaseKind.PAKN:
        cur.resolve_due_at = resolve_due
    return _done(cur, case, before, "transfer", now, by, due_before=due_before, reason=reason,
                 from_unit_id=from_unit, to_unit_id=to_unit.pk,
                 fields=("handling_unit", "handler", "state", "due_at", "resolve_due_at"))


#: the acts that start a case's intake clock again (``clock``): its filing, a transfer, the
#: information it lacked
INTAKE_STARTS = ("file", "transfer", "receive_info")


@transaction.atomic
def extend_intake(case: Case, *, by, now: datetime, expected_version=None, reason) -> Case:
    """Kéo dài thời hạn kiểm tra, xác minh thông tin để thụ lý tố cáo (Luật Tố cáo 2018, Điều 24):
    when the check needs verification (at several places…), a denunciation's accept-by moves from
    7 to 10 working days from the start of its intake clock. Once, and before the 7 days run out."""
    reason = _text(reason, "lý do cần kiểm tra, xác minh thêm")
    if case.kind != CaseKind.DENUNCIATION:
        raise CaseRefused("Chỉ vụ việc tố cáo được kéo dài thời hạn kiểm tra, xác minh để thụ lý.",
                          "case_wrong_kind", 409)
    cur = _locked(case, expected_version, (S.RECEIVED,), "extend_intake")
    acts = list(CaseEvent.objects.filter(case_id=cur.pk, act__in=(*INTAKE_STARTS, "extend_intake"))
                .order_by("seq").values_list("act", "at"))
    start = max((at for act, at in acts if act in INTAKE_STARTS), default=cur.received_at)
    extended = any(act == "extend_intake" and at >= start for act, at in acts)
    problems = check_intake_extension(start, extended, now, clock.calendar())
    if problems:
        raise CaseRefused(" ".join(problems), "case_extension_refused", 422)
    before, due_before = CaseSnapshot.of(cur), cur.due_at
    cur.due_at = clock.intake_extended_due(start)
    return _done(cur, case, before, "extend_intake", now, by, due_before=due_before, reason=reason,
                 data={"from": start.isoformat()}, fields=("due_at",))


def granted_extensions(case: Case) -> list[Extension]:
    rows = CaseEvent.objects.filter(case_id=case.pk, act="extend").order_by("seq").values_list("at", "data")
    return [Extension(at, int(data["days"])) for at, data in rows]


@transaction.atomic
def extend(case: Case, *, by, now: datetime, expected_version=None, days, reason) -> Case:
    """Quyết định gia hạn giải quyết tố cáo (Luật Tố cáo 2018, Điều 30), checked by
    ``rules.complaints.check_extension``; the log keeps the due time before and after."""
    reason = _text(reason, "lý do gia hạn")
    if case.kind != CaseKind.DENUNCIATION:
        raise CaseRefused("Chỉ vụ việc tố cáo được gia hạn thời hạn giải quyết.", "case_wrong_kind", 409)
    cur = _locked(case, expected_version, (S.ACCEPTED,), "extend")
    granted = granted_extensions(cur)
    new = Extension(now, int(days))
    problems = check_extension(cur.complexity, cur.accepted_at, granted, new, clock.calendar())
    if problems:
        raise CaseRefused(" ".join(problems), "case_extension_refused", 422)
    before, due_before = CaseSnapshot.of(cur), cur.due_at
    cur.resolve_due_at = clock.resolve_due(cur, cur.accepted_at, [*granted, new])
    cur.due_at, cur.extensions = cur.resolve_due_at, len(granted) + 1
    return _done(cur, case, before, "extend", now, by, due_before=due_before, reason=reason,
                 data={"days": new.days, "number": cur.extensions},
                 fields=("resolve_due_at", "due_at", "extensions"))


#: kinds whose answer is the final decision on the matter (a first complaint may still go to a second)
FINAL_KINDS = (CaseKind.PAKN, CaseKind.COMPLAINT_SECOND, CaseKind.DENUNCIATION)


@transaction.atomic
def answer(case: Case, *, by, now: datetime, expected_version=None, text, public_text="") -> Case:
    """Trả lời PAKN (from receipt or acceptance) / quyết định giải quyết khiếu nại / kết luận nội
    dung tố cáo (after acceptance). A PAKN then has 2 WD to be published."""
    text = _text(text, "nội dung trả lời, giải quyết")
    states = (S.RECEIVED, S.ACCEPTED) if case.kind == CaseKind.PAKN else (S.ACCEPTED,)
    cur = _locked(case, expected_version, states, "answer")
    before, due_before = CaseSnapshot.of(cur), cur.due_at
    late = _late(now, cur.resolve_due_at)
    cur.state, cur.answered_at, cur.answer = S.ANSWERED, now, text
    # what the portal may publish: the officer's public text, or the answer, without personal data
    cur.public_answer = anonymise_case(cur, (public_text or "").strip() or text)
    cur.accepted_at = cur.accepted_at or now
    cur.due_at = clock.publish_due(now) if cur.kind == CaseKind.PAKN else None
    if cur.kind in FINAL_KINDS:
        cur.final_decision_at = now
    return _done(cur, case, before, "answer", now, by, due_before=due_before,
                 data={"late": late, "final": cur.kind in FINAL_KINDS},
                 fields=("state", "answered_at", "answer", "public_answer", "accepted_at", "due_at",
                         "final_decision_at"))


@transaction.atomic
def publish(case: Case, *, by, now: datetime, expected_version=None) -> Case:
    if case.kind != CaseKind.PAKN:
        raise CaseRefused("Chỉ kết quả trả lời phản ánh, kiến nghị được công khai trên Cổng.", "case_wrong_kind", 409)
    cur = _locked(case, expected_version, (S.ANSWERED,), "publish")
    if not cur.public_answer.strip():
        raise CaseRefused("Chưa có nội dung công khai (đã bỏ thông tin cá nhân) để đăng.", "case_invalid", 422)
    before, due_before = CaseSnapshot.of(cur), cur.due_at
    cur.state, cur.published_at, cur.due_at = S.PUBLISHED, now, None
    return _done(cur, case, before, "publish", now, by, due_before=due_before,
                 data={"late": _late(now, due_before)}, fields=("state", "published_at", "due_at"))


@transaction.atomic
def withdraw(case: Case, *, by, now: datetime, expected_version=None, reason) -> Case:
    reason = _text(reason, "lý do rút đơn")
    cur = _locked(case, expected_version, OPEN, "withdraw")
    before, due_before = CaseSnapshot.of(cur), cur.due_at
    cur.state, cur.closed_at, cur.due_at = S.WITHDRAWN, now, None
    return _done(cur, case, before, "withdraw", now, by, due_before=due_before, reason=reason,
                 fields=("state", "closed_at", "due_at"))


@transaction.atomic
def close(case: Case, *, by, now: datetime, expected_version=None) -> Case:
    """Kết thúc: an answered (or published) case; or a duplicate still open, with a reference to
    the case handling its matter."""
    cur = _locked(case, expected_version, (S.ANSWERED, S.PUBLISHED, *OPEN), "close")
    duplicate = cur.state in OPEN
    if duplicate and not cur.matter_of_id:
        raise CaseRefused("Chỉ kết thúc được vụ việc đã trả lời, giải quyết (hoặc đơn trùng với vụ việc khác).",
                          "case_wrong_state", 409)
    if cur.kind == CaseKind.PAKN and cur.state == S.ANSWERED:
        raise CaseRefused("Phải công khai kết quả trả lời phản ánh, kiến nghị trước khi kết thúc.",
                          "case_wrong_state", 409)
    before, due_before = CaseSnapshot.of(cur), cur.due_at
    reference = Case.objects.filter(pk=cur.matter_of_id).values_list("code", flat=True).first() if duplicate else ""
    cur.state, cur.closed_at, cur.due_at = S.CLOSED, now, None
    return _done(cur, case, before, "close", now, by, due_before=due_before,
                 reason=f"Đơn trùng, đã được giải quyết trong vụ việc {reference}." if duplicate else "",
                 data={"duplicate_of": reference} if duplicate else {}, fields=("state", "closed_at", "due_at"))


@transaction.atomic
def rate(case: Case, *, level, like=None, comment="", now: datetime, by=None) -> Case:
    """Đánh giá kết quả trả lời, by the filer (own account, or the follow-by-code page: ``by=None``).
    A rating may be changed (level and comment) for ``MOTCUA_RATING_CHANGE_DAYS`` days after it was
    first given; the like or dislike counts once, with the first rating."""
    cur = _locked(case, None, (S.ANSWERED, S.PUBLISHED, S.CLOSED), "rate")
    if cur.answered_at is None:
        raise CaseRefused("Vụ việc chưa có kết quả trả lời để đánh giá.", "case_wrong_state", 409)
    if by is not None and cur.account_id is not None and by.pk != cur.account_id:
        raise CaseRefused("Chỉ người gửi đơn được đánh giá kết quả trả lời.", "case_not_filer", 409)
    try:
        level = CaseRating.Level(int(level))
    except (TypeError, ValueError):
        raise CaseRefused("Mức độ hài lòng không hợp lệ.", "case_invalid", 422) from None
    before = CaseSnapshot.of(cur)
    existing = CaseRating.objects.filter(case_id=cur.pk).first()
    if existing is not None:
        first = (CaseEvent.objects.filter(case_id=cur.pk, act="rate").order_by("seq").values_list("at", flat=True).first()
                 or existing.rated_at)
        days = settings.MOTCUA_RATING_CHANGE_DAYS
        if now > first + timedelta(days=days):
            raise CaseRefused(f"Đánh giá chỉ sửa được trong {days} ngày kể từ khi đánh giá.", "rating_locked", 409)
        like = None  # counted with the first rating
    rating = existing or CaseRating(case=cur, rated_at=now, level=level)
    rating.level, rating.comment, rating.rated_at = level, (comment or "").strip(), now
    if like is True:
        rating.likes += 1
    elif like is False:
        rating.dislikes += 1
    rating.save()
    return _done(cur, case, before, "rate", now, by, due_before=cur.due_at, filer=True,
                 data={"level": int(level), "like": like})
