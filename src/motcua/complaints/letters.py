"""Letters sent to the filer after an act (gửi văn bản cho người gửi đơn): which act sends which
letter, drawn as PDF (``complaints.pdf``) and e-mailed, attached, through Django's mail backend to
every filer who gave an e-mail address (one message each: filers do not see each other's
addresses).

``services`` calls ``on_act(case_id, act, now)`` after the act's transaction has committed, so a
slow or failing mail server never undoes an act; a failure is returned (and logged), not raised.
The case's log is not written here: ``on_act`` returns what was sent for the caller to record.
``MOTCUA_CASE_LETTERS_BY_EMAIL = False`` (a setting, default on) turns the e-mails off, e.g. while
generating demo data.

==============  ==========================================================================
act             letter
==============  ==========================================================================
``accept``      thông báo thụ lý (complaint, denunciation) / tiếp nhận (PAKN)
``refuse``      thông báo không thụ lý, từ chối tiếp nhận — with the reasons
``answer``      văn bản trả lời PAKN / quyết định giải quyết khiếu nại / kết luận tố cáo
``extend``      quyết định gia hạn giải quyết tố cáo
==============  ==========================================================================
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from motcua.complaints import pdf
from motcua.complaints.models import Case

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sent:
    """One letter e-mailed (or not: ``error`` says why)."""

    letter: str
    title: str
    to: str
    filename: str
    error: str = ""


def _body(case: Case, title: str) -> str:
    return (f"Kính gửi ông/bà,\n\n{case.handling_unit.name} gửi ông/bà {title.lower()} về vụ việc {case.code} "
            f"(«{case.subject[:200]}»), đính kèm thư này (tệp PDF).\n\n"
            f"Ông/bà theo dõi vụ việc tại {pdf.follow_url(case)} bằng mã vụ việc "
            "và 4 số cuối số định danh hoặc số điện thoại đã ghi trong đơn.\n\n"
            "Thư này được gửi tự động, vui lòng không trả lời.\n— motcua")


def on_act(case_id: int, act: str, now: datetime, *, connection=None) -> list[Sent]:
    """Send the letter ``act`` calls for (none for the other acts): one e-mail per filer with an
    address, the PDF attached. Returns what was sent, with the error for each that failed."""
    letter = pdf.LETTER_OF_ACT.get(act)
    if letter is None or not getattr(settings, "MOTCUA_CASE_LETTERS_BY_EMAIL", True):
        return []
    case = Case.objects.select_related("handling_unit").filter(pk=case_id).first()
    if case is None:
        return []
    emails = sorted({f.email.strip() for f in case.filers.all() if (f.email or "").strip()})
    if not emails:
        return []
    try:
        title = pdf.title(case, letter)
        content = pdf.render_pdf(case, letter)
    except pdf.NoLetter as exc:  # the act's row is not there (should not happen after the act)
        log.warning("letter %s of case %s not drawn: %s", letter, case.code, exc)
        return []
    name = pdf.filename(case, letter)
    subject = f"[{case.code}] {title.capitalize()}"
    connection = connection or get_connection()
    sent = []
    for address in emails:
        message = EmailMessage(subject, _body(case, title), None, [address], connection=connection)
        message.attach(name, content, "application/pdf")
        error = ""
        try:
            message.send()
        except Exception as exc:  # noqa: BLE001  (any mail failure: the act stands; say why)
            error = f"{type(exc).__name__}: {exc}"[:255]
            log.warning("letter %s of case %s not sent to a filer: %s", letter, case.code, error)
        sent.append(Sent(letter, title, address, name, error))
    return sent
