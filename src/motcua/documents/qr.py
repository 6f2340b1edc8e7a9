"""QR codes printed on forms (Circular 01/2023/TT-VPCP: at least the dossier code, the
procedure code, the applicant's identification number and the document's name)."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg


def form_payload(*, dossier_code: str, procedure_code: str, applicant_id: str, document: str) -> str:
    return "|".join([dossier_code or "", procedure_code, applicant_id or "", document])


def qr_svg(payload: str) -> str:
    """An inline SVG (no raster library needed)."""
    image = qrcode.make(payload, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=1)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg"):]
