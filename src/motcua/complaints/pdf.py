"""A case's letters (văn bản gửi người gửi đơn) as PDF, drawn by WeasyPrint from
``templates/complaints/letter_*.html`` with the Vietnamese serif fonts of the official forms.

Four letters, each printed from the last row of the case's log for its act:

- ``acceptance`` (thông báo thụ lý) — after ``accept``;
- ``refusal`` (thông báo không thụ lý / từ chối tiếp nhận, with the reasons) — after ``refuse``;
- ``answer`` — after ``answer``: for feedback the answer (văn bản trả lời phản ánh, kiến nghị),
  for a complaint the decision (quyết định giải quyết khiếu nại lần đầu / lần hai), for a
  denunciation the conclusion (kết luận nội dung tố cáo);
- ``extension`` (quyết định gia hạn giải quyết tố cáo) — after ``extend``.

Each carries the case code, the filers, the handling unit, the dates, the legal basis and time
limit from ``rules.complaints`` and a QR code of the public follow page (``/tra-cuu-vu-viec/``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from motcua import timesource
from motcua.complaints.lookup import KIND_LABELS
from motcua.complaints.models import Case, CaseEvent
from motcua.documents.qr import qr_svg
from motcua.rules.calendar import VN_TZ
from motcua.rules.complaints import CaseKind, DayCount, Step, time_limit

#: letter -> the acts of the log it prints (the last one)
SOURCES = {"acceptance": ("accept",), "refusal": ("refuse",), "answer": ("answer",), "extension": ("extend",)}
LETTERS = tuple(SOURCES)
#: the act -> the letter sent to the filer after it
LETTER_OF_ACT = {act: letter for letter, acts in SOURCES.items() for act in acts}

_ANSWER_TITLES = {
    CaseKind.PAKN: "VĂN BẢN TRẢ LỜI PHẢN ÁNH, KIẾN NGHỊ",
    CaseKind.COMPLAINT_FIRST: "QUYẾT ĐỊNH GIẢI QUYẾT KHIẾU NẠI LẦN ĐẦU",
    CaseKind.COMPLAINT_SECOND: "QUYẾT ĐỊNH GIẢI QUYẾT KHIẾU NẠI LẦN HAI",
    CaseKind.DENUNCIATION: "KẾT LUẬN NỘI DUNG TỐ CÁO",
}
_OBJECT = {CaseKind.PAKN: "phản ánh, kiến nghị", CaseKind.COMPLAINT_FIRST: "khiếu nại",
           CaseKind.COMPLAINT_SECOND: "khiếu nại", CaseKind.DENUNCIATION: "tố cáo"}
_UNITS = {DayCount.WORKING: "ngày làm việc", DayCount.CALENDAR: "ngày"}


class NoLetter(ValueError):
    """The act the letter records never happened on this case (or there is no such letter)."""


def title(case: Case, letter: str) -> str:
    kind = CaseKind(case.kind)
    if letter == "answer":
        return _ANSWER_TITLES[kind]
    if letter == "refusal":
        if kind is CaseKind.PAKN:
            return "THÔNG BÁO TỪ CHỐI TIẾP NHẬN PHẢN ÁNH, KIẾN NGHỊ"
        return f"THÔNG BÁO VỀ VIỆC KHÔNG THỤ LÝ {_OBJECT[kind].upper()}"
    if letter == "acceptance":
        if kind is CaseKind.PAKN:
            return "THÔNG BÁO TIẾP NHẬN PHẢN ÁNH, KIẾN NGHỊ"
        return f"THÔNG BÁO VỀ VIỆC THỤ LÝ GIẢI QUYẾT {_OBJECT[kind].upper()}"
    if letter == "extension":
        return f"QUYẾT ĐỊNH GIA HẠN GIẢI QUYẾT {_OBJECT[kind].upper()}"
    raise NoLetter(f"Không có văn bản «{letter}»; các văn bản: {', '.join(LETTERS)}.")


def local(moment: datetime | None) -> str:
    return moment.astimezone(VN_TZ).strftime("ngày %d/%m/%Y") if moment else ""


def local_time(moment: datetime | None) -> str:
    return moment.astimezone(VN_TZ).strftime("%H giờ %M, ngày %d/%m/%Y") if moment else ""


def follow_url(case: Case) -> str:
    """The public follow page for this case (the QR's content): the code only, never the digits."""
    base = getattr(settings, "MOTCUA_SITE_URL", "") or ""
    return f"{base}{reverse('complaints_public:follow')}?{urlencode({'code': case.code})}"


@dataclass(frozen=True)
class Basis:
    """The legal basis and time limit a letter cites."""

    text: str
    limit: str


def basis(case: Case, letter: str) -> Basis:
    kind = CaseKind(case.kind)
    step = {"refusal": Step.REFUSE if kind is CaseKind.PAKN else Step.ACCEPT,
            "acceptance": Step.REQUEST_INFO if kind is CaseKind.PAKN else Step.ACCEPT,
            "answer": Step.RESOLVE, "extension": Step.RESOLVE}[letter]
    on = (case.accepted_at or case.received_at).astimezone(VN_TZ).date()
    lim = time_limit(kind, step, is_complex=case.complexity != Case.Complexity.NORMAL, remote=case.remote, on=on)
    if letter == "acceptance" and kind is CaseKind.PAKN:
        lim = time_limit(kind, Step.RESOLVE, on=on)
    return Basis(lim.basis, f"{lim.amount} {_UNITS[lim.unit]}")


def source_event(case: Case, letter: str) -> CaseEvent:
    if letter not in SOURCES:
        raise NoLetter(f"Không có văn bản «{letter}»; các văn bản: {', '.join(LETTERS)}.")
    event = CaseEvent.objects.filter(case=case, act__in=SOURCES[letter]).order_by("-seq").first()
    if event is None:
        raise NoLetter(f"Vụ việc {case.code} chưa có việc để lập «{title(case, letter).lower()}».")
    return event


def available(case: Case, acts: set[str] | None = None) -> list[tuple[str, str]]:
    """(letter, title) of the letters this case has, from the acts of its log (read once if not given)."""
    if acts is None:
        acts = set(CaseEvent.objects.filter(case=case).values_list("act", flat=True))
    return [(letter, title(case, letter)) for letter, srcs in SOURCES.items() if acts & set(srcs)]


def context(case: Case, letter: str) -> dict:
    event = source_event(case, letter)
    filers = list(case.filers.all())
    url = follow_url(case)
    return {
        "letter": letter, "title": title(case, letter), "case": case, "kind_label": KIND_LABELS.get(case.kind, ""),
        "object": _OBJECT[CaseKind(case.kind)], "filers": filers, "unit": case.handling_unit,
        "event": event, "event_at": local(event.at), "received": local(case.received_at),
        "accepted": local(case.accepted_at), "answered": local(case.answered_at),
        "due": local_time(event.due_after or case.resolve_due_at or case.due_at),
        "due_before": local_time(event.due_before), "due_after": local_time(event.due_after),
        "days": (event.data or {}).get("days"), "basis": basis(case, letter), "answer": case.answer,
        "follow_url": url, "qr": qr_svg(url), "printed": local(timesource.now()),
    }


def render_html(case: Case, letter: str) -> str:
    return render_to_string(f"complaints/letter_{letter}.html", context(case, letter))


def render_pdf(case: Case, letter: str) -> bytes:
    from weasyprint import HTML  # imported when a PDF is drawn: it costs seconds at start-up

    return HTML(string=render_html(case, letter)).write_pdf()


def filename(case: Case, letter: str) -> str:
    return f"{case.code}-{letter}.pdf"
