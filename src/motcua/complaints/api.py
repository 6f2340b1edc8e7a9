"""REST routes for cases (PAKN, complaints, denunciations)."""

from ninja import Router

router = Router(tags=["Phản ánh, kiến nghị, khiếu nại, tố cáo"])
