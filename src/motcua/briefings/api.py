"""REST routes of briefings."""

from ninja import Router

router = Router(tags=["Giao ban"])
