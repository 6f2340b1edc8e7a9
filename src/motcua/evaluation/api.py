"""REST routes of evaluation."""

from ninja import Router

router = Router(tags=["Đánh giá, xếp loại"])
