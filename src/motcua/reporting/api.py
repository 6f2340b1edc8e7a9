"""REST routes of reporting."""

from ninja import Router

router = Router(tags=["Báo cáo định kỳ"])
