"""The handler's worklist (sổ theo dõi đơn): the cases of the units an official serves, in the
buckets a desk works by (mới, sắp đến hạn, quá hạn, chờ bổ sung, có dấu hiệu kéo dài), filtered
by kind, unit, channel and commune, searchable without diacritics, paged; htmx swaps only the
results. The XLSX export lists the same cases, in the same order, with the same filters."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import render

from motcua import timesource
from motcua.accounts.names import person_name
from motcua.complaints import worklists
from motcua.complaints.forms import KIND_LABELS
from motcua.complaints.models import Case, Filer
from motcua.complaints.views.common import CHANNEL_LABELS, STATE_LABELS, flag_label, is_overdue
from motcua.rules.calendar import VN_TZ
from motcua.units.models import Area, Unit
from motcua.web.guards import official

PER_PAGE = 25
UNIT_CHOICES_LIMIT = 400
TABS = ("new", "due_soon", "overdue", "waiting", "flagged", "open")


@dataclass(frozen=True)
class Filters:
    unit: Unit | None = None
    kind: str | None = None
    channel: str | None = None
    area: Area | None = None
    state: str | None = None
    q: str = ""
    bucket: str | None = None

    def query(self, *, bucket: bool = True) -> str:
        keep = {"unit": self.unit.code if self.unit else "", "kind": self.kind or "", "channel": self.channel or "",
                "area": self.area.code if self.area else "", "state": self.state or "", "q": self.q,
                "bucket": (self.bucket or "") if bucket else ""}
        return urlencode({k: v for k, v in keep.items() if v})


def read_filters(viewer, params) -> Filters:
    """The filters of a request (unknown values are ignored; a unit the viewer does not serve: 403)."""
    unit = None
    if params.get("unit"):
        unit = Unit.objects.filter(code=params["unit"][:40]).only("pk", "code", "name").first()
        if unit is not None and not (viewer.everything or unit.pk in viewer.units):
            raise PermissionDenied("Ông/bà không phục vụ cơ quan này.")
    area = Area.objects.filter(code=params["area"][:20]).only("pk", "code", "name").first() if params.get(
        "area") else None
    kind = params.get("kind") if params.get("kind") in KIND_LABELS else None
    channel = params.get("channel") if params.get("channel") in Case.Channel.values else None
    state = params.get("state") if params.get("state") in Case.State.values else None
    bucket = params.get("bucket") if params.get("bucket") in worklists.BUCKETS else None
    return Filters(unit, kind, channel, area, state, params.get("q", "").strip()[:100], bucket)


def scoped(viewer, f: Filters, base: QuerySet | None = None) -> QuerySet:
    """The viewer's handled cases (or ``base``) narrowed by every filter except the bucket."""
    cases = worklists.handled_by(viewer) if base is None else base
    if f.unit:
        cases = cases.filter(handling_unit=f.unit)
    if f.kind:
        cases = cases.filter(kind=f.kind)
    if f.channel:
        cases = cases.filter(channel=f.channel)
    if f.area:
        cases = cases.filter(area=f.area)
    if f.state:
        cases = cases.filter(state=f.state)
    return worklists.search(cases, f.q)


def listed(viewer, f: Filters, now, base: QuerySet | None = None) -> QuerySet:
    """The cases the list shows, in its order, ready for a page (filers in one more query)."""
    cases = scoped(viewer, f, base)
    cases = worklists.bucket(cases, f.bucket, now) if f.bucket else cases.order_by("-received_at", "-pk")
    return worklists.for_list(cases).prefetch_related(Prefetch("filers", queryset=Filer.objects.only(
        "pk", "case_id", "name", "representative")))


@dataclass(frozen=True)
class Row:
    url: str
    code: str
    kind: str
    subject: str
    filer: str
    people: int
    state: str
    unit: str
    handler: str
    received: str
    due_iso: str
    due: str
    overdue: bool
    flags: tuple[str, ...]
    channel: str


def rows(cases, now) -> list[Row]:
    out = []
    for c in cases:
        filers = list(c.filers.all())
        due = c.due_at.astimezone(VN_TZ) if c.due_at else None
        out.append(Row(f"/can-bo/vu-viec/{c.code}/", c.code, KIND_LABELS.get(c.kind, c.kind), c.subject,
                       filers[0].name if filers else "", c.people, STATE_LABELS.get(c.state, c.state),
                       c.handling_unit.name, person_name(c.handler), c.received_at.astimezone(VN_TZ).strftime(
                           "%d/%m/%Y"), due.isoformat() if due else "", due.strftime("%H:%M %d/%m/%Y") if due else "",
                       is_overdue(c, now), tuple(flag_label(x) for x in c.flags or ()),
                       CHANNEL_LABELS.get(c.channel, c.channel)))
    return out


def _units(viewer) -> list[Unit]:
    units = Unit.objects.only("pk", "code", "name").order_by("name")
    if not viewer.everything:
        units = units.filter(pk__in=viewer.units)
    return list(units[:UNIT_CHOICES_LIMIT])


def _page_number(value) -> int:
    return int(value) if value and value.isdigit() and len(value) < 7 else 1


@official
def worklist_page(request):
    viewer, now = request.viewer, timesource.now()
    f = read_filters(viewer, request.GET)
    page = Paginator(listed(viewer, f, now), PER_PAGE).get_page(_page_number(request.GET.get("page")))
    context = {"page": page, "rows": rows(page.object_list, now), "query": f.query(), "q": f.q, "unit": f.unit,
               "kind": f.kind, "channel": f.channel, "area": f.area, "bucket": f.bucket,
               "kinds": list(KIND_LABELS.items()), "channels": Case.Channel.choices}
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results":
        return render(request, "complaints/_worklist_results.html", context)
    counts = worklists.counts(scoped(viewer, f), now)
    context.update(units=_units(viewer), tab_query=f.query(bucket=False),
                   tabs=[(b, worklists.BUCKETS[b], counts[b]) for b in TABS])
    return render(request, "complaints/worklist.html", context)


@official
def worklist_xlsx(request):
    from motcua.complaints.export import EXPORT_LIMIT, worklist_xlsx as build

    viewer, now = request.viewer, timesource.now()
    f = read_filters(viewer, request.GET)
    content = build(rows(listed(viewer, f, now)[:EXPORT_LIMIT], now), now,
                    title=worklists.BUCKETS.get(f.bucket, "Tất cả vụ việc"))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="vu-viec-{now.astimezone(VN_TZ):%Y%m%d}.xlsx"'
    return response
