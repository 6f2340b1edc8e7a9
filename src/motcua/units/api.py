"""REST routes of the organisation: review report, positions, rotation."""

from ninja import Router

router = Router(tags=["Tổ chức bộ máy"])
