"""Phiếu đánh giá: the small slip handed over with the result, carrying the one-time rating link
as a QR code and as text, printed as HTML or PDF (WeasyPrint, as ``documents.forms``)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.template.loader import render_to_string

from motcua import timesource
from motcua.documents.qr import qr_svg
from motcua.dossiers.models import Dossier
from motcua.rules.calendar import VN_TZ
from motcua.rules.rating import scale_on

TITLE = "PHIẾU ĐÁNH GIÁ MỨC ĐỘ HÀI LÒNG"


def _local(moment: datetime | None) -> str:
    return moment.astimezone(VN_TZ).strftime("%H giờ %M phút, ngày %d/%m/%Y") if moment else ""


def context(dossier: Dossier, url: str, now: datetime | None = None) -> dict:
    """``url``: the absolute address of the link (``/danh-gia/<token>/``), issued at ``now``."""
    now = (now or timesource.now()).astimezone(VN_TZ)
    scale = scale_on(now.date())
    return {"title": TITLE, "dossier": dossier, "procedure": dossier.procedure, "url": url, "qr": qr_svg(url),
            "returned": _local(dossier.returned_at), "printed": now, "days": settings.MOTCUA_RATING_LINK_DAYS,
            "levels": [lv.label for lv in scale.levels], "basis": scale.basis}


def render_html(dossier: Dossier, url: str, now: datetime | None = None) -> str:
    return render_to_string("quality/slip.html", context(dossier, url, now))


def render_pdf(dossier: Dossier, url: str, now: datetime | None = None) -> bytes:
    from weasyprint import HTML  # imported when a PDF is drawn: it costs seconds at start-up

    return HTML(string=render_html(dossier, url, now)).write_pdf()
