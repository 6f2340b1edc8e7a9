"""The official forms of Circular 03/2025 filled from a dossier and its log, as PDF.

01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả; 06 Phiếu kiểm soát quá trình giải quyết hồ sơ.
(Field lists follow one-stop-details.md §2.1 and §1.3; check them against Appendix I.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.template.loader import render_to_string

from motcua import timesource
from motcua.documents.qr import form_payload, qr_svg
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import events_of
from motcua.rules.calendar import VN_TZ
from motcua.rules.dossier import replay
from motcua.rules.holding import handoff_status
from motcua.rules.lifecycle import Act
from motcua.units.models import Unit

TITLES = {
    "01": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    "02": "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    "03": "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    "04": "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
    "05": "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
    "06": "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
}
#: The act whose log row a form prints (the last one, when it happened more than once).
SOURCE = {
    "02": (Act.REQUEST_INTAKE_SUPPLEMENT, Act.RETURN_FOR_SUPPLEMENT),
    "03": (Act.REFUSE_INTAKE, Act.DECIDE),
    "04": (Act.EXTEND,),
    "05": (Act.WITHDRAW,),
}
MISSING = {"02": "chưa có yêu cầu bổ sung", "03": "không bị từ chối", "04": "chưa xin gia hạn",
           "05": "không dừng giải quyết"}


class UnknownForm(ValueError):
    pass


def _local(moment: datetime | None) -> str:
    return moment.astimezone(VN_TZ).strftime("%H giờ %M phút, ngày %d/%m/%Y") if moment else ""


@dataclass(frozen=True)
class HandOff:
    """One row of the process-control sheet: who handed the dossier to whom, when, how timely."""

    giver: str
    receiver: str
    at: str
    status: str
    note: str


def _hand_offs(dossier: Dossier) -> list[HandOff]:
    events = events_of(dossier)
    names = dict(Unit.objects.filter(pk__in={u for e in events for u in (e.from_unit, e.to_unit) if u})
                 .values_list("pk", "name"))
    record, rows = None, []
    for ev in events:
        before = record
        record = replay([ev]) if record is None else _apply_copy(record, ev)
        if ev.act is Act.TRANSFER:
            due = before.transfer_due_at if before else None
            rows.append(HandOff(names.get(ev.from_unit, ""), names.get(ev.to_unit, ""), _local(ev.at),
                                handoff_status(ev.at, due), "Chuyển hồ sơ giải quyết"))
        elif ev.act is Act.COMPLETE_TASK:
            task = before.task(ev.data["step"])
            rows.append(HandOff(names.get(ev.from_unit, ""), names.get(ev.to_unit, ""), _local(ev.at),
                                handoff_status(ev.at, task.due_at), task.name))
        elif ev.act in (Act.DECIDE, Act.CORRECT_RESULT):
            rows.append(HandOff(names.get(ev.from_unit, ""), names.get(ev.to_unit, ""), _local(ev.at),
                                handoff_status(ev.at, before.due_at), "Chuyển kết quả về nơi tiếp nhận"))
        elif ev.act is Act.RETURN_RESULT:
            rows.append(HandOff(names.get(ev.from_unit, ""), "Người nộp hồ sơ", _local(ev.at),
                                handoff_status(ev.at, before.due_at), "Trả kết quả"))
    return rows


def _apply_copy(record, ev):
    from motcua.dossiers.persistence import copy_of
    from motcua.rules.dossier import apply

    return apply(copy_of(record), ev)


def _source_event(dossier: Dossier, number: str):
    acts = SOURCE.get(number)
    if not acts:
        return None
    found = [e for e in events_of(dossier) if e.act in acts
             and not (e.act is Act.DECIDE and e.data.get("outcome") != "refused")]
    if not found:
        raise UnknownForm(f"Hồ sơ {dossier.code or ''} {MISSING[number]}: không có mẫu số {number} để in.")
    return found[-1]


def context(dossier: Dossier, number: str) -> dict:
    if number not in TITLES:
        raise UnknownForm(f"Không có mẫu số {number}; các mẫu hiện có: {', '.join(TITLES)}.")
    source = _source_event(dossier, number)
    version = dossier.procedure_version
    payload = form_payload(dossier_code=dossier.code, procedure_code=dossier.procedure.code,
                           applicant_id=dossier.applicant_id_number, document=TITLES[number])
    days = version.duration_hours / 8
    return {
        "number": number, "title": TITLES[number], "dossier": dossier, "procedure": dossier.procedure,
        "version": version, "documents": version.documents or [],
        "duration": "Trả ngay trong ngày" if days == 0 else f"{days:g} ngày làm việc",
        "received": _local(dossier.received_at), "due": _local(dossier.due_at),
        "printed": timesource.now().astimezone(VN_TZ), "qr": qr_svg(payload), "payload": payload,
        "hand_offs": _hand_offs(dossier) if number == "06" else [],
        "event": source, "event_at": _local(source.at) if source else "",
        "items": (source.data.get("items") or []) if source else [],
        "due_before": _local(source.due_before) if source else "", "due_after": _local(source.due_after) if source else "",
        "agency": dossier.competent_unit,
    }


def render_html(dossier: Dossier, number: str) -> str:
    return render_to_string(f"documents/form{number}.html", context(dossier, number))


def render_pdf(dossier: Dossier, number: str) -> bytes:
    from weasyprint import HTML  # imported when a PDF is drawn: it costs seconds at start-up

    return HTML(string=render_html(dossier, number)).write_pdf()
