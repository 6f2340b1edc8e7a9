"""Reads about briefing meetings for pages, the API and the CLI (a fixed number of queries each)."""

from __future__ import annotations

from django.db.models import Count, Max, Q, QuerySet

from motcua.briefings.models import Conclusion, Meeting
from motcua.programmes.models import Programme
from motcua.text import fold


def programmes(search: str = "") -> list[Programme]:
    """Programmes with how many meetings each has had and when the last one was; ``search``
    matches code, number or title without diacritics (a city has a handful of programmes)."""
    rows = list(Programme.objects.select_related("standing_agency").annotate(
        meeting_count=Count("meetings"), last_meeting=Max("meetings__held_at")).order_by("-issued_on", "code"))
    words = fold(search).split()
    return [p for p in rows if all(w in fold(f"{p.code} {p.number} {p.title}") for w in words)]


def meetings(programme: Programme | None = None) -> QuerySet[Meeting]:
    qs = (Meeting.objects.select_related("programme")
          .annotate(conclusion_count=Count("conclusions", distinct=True),
                    assigned_count=Count("conclusions", filter=Q(conclusions__task__isnull=False), distinct=True))
          .order_by("-held_at", "-pk"))
    return qs.filter(programme=programme) if programme is not None else qs


def meeting(pk: int) -> Meeting | None:
    return Meeting.objects.select_related("programme", "programme__standing_agency", "created_by").filter(pk=pk).first()


def conclusions(meeting: Meeting) -> list[Conclusion]:
    return list(Conclusion.objects.filter(meeting=meeting).select_related("lead_unit", "task")
                .prefetch_related("co_units").order_by("order"))


def latest_meeting(programme: Programme) -> Meeting | None:
    return Meeting.objects.filter(programme=programme).order_by("-held_at", "-pk").first()
