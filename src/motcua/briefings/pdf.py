"""The briefing pack as PDF (WeasyPrint): A4, Vietnamese text in Liberation Serif (DejaVu as the
fallback; both cover Vietnamese and are embedded), the two charts as inline SVG drawn by
``briefings.charts`` (no script runs in a PDF)."""

from __future__ import annotations

from django.template.loader import render_to_string

from motcua.briefings.charts import status_svg, units_svg
from motcua.briefings.pack import Pack, local_day
from motcua.briefings.services import committee_name


def percent(share) -> str:
    """A Fraction as "87,5 %" (Vietnamese decimal comma); "—" when there is none."""
    return "—" if share is None else f"{float(share) * 100:.1f}".replace(".", ",") + " %"


def context(pack: Pack) -> dict:
    return {"pack": pack, "meeting": pack.meeting, "programme": pack.programme, "held": local_day(pack.meeting.held_at),
            "since": pack.since, "committee": committee_name(pack.programme), "rate": percent(pack.counts.completion_rate),
            "svg_status": status_svg(pack), "svg_units": units_svg(pack)}


def render_html(pack: Pack) -> str:
    return render_to_string("briefings/pack_pdf.html", context(pack))


def render_pdf(pack: Pack) -> bytes:
    from weasyprint import HTML  # imported when a PDF is drawn: it costs seconds at start-up

    return HTML(string=render_html(pack)).write_pdf()


def filename(pack: Pack, extension: str) -> str:
    import re

    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", f"giao-ban-{pack.programme.code}-{local_day(pack.meeting.held_at):%Y%m%d}")
    return f"{stem}.{extension}"
