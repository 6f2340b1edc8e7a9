"""REST routes of programmes."""

from ninja import Router

router = Router(tags=["Chương trình, nhiệm vụ"])
