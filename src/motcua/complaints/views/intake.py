"""Tiếp nhận đơn by an official (at a citizen-reception session, by post, or forwarded by another
agency): the kind, the subject and content, the filers (several rows, each possibly a
representative), the group's size, the remote-area flag, the date the complainant learned of the
decision, and optional links (a dossier, the unit or official concerned, the previous case).

The checks are the services' (``complaints.services.file_case``): a refusal (wrong
representatives, missing facts) comes back on the same form, filled in as it was sent, and
nothing is recorded; a complaint out of time is recorded and refused at once with the reason."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from motcua import timesource
from motcua.complaints import services as sv
from motcua.complaints.forms import COMPLAINTS, FilerFormSet, IntakeForm
from motcua.complaints.models import Case
from motcua.dossiers.intake_desk import commune_areas
from motcua.units.models import Unit
from motcua.web.guards import official

PREFIX = "filers"
BLANK_ROWS = 3
UNIT_LIMIT = 400


def intake_units(viewer) -> list[Unit]:
    """The units an official takes filings for: those they serve (the administrator: all)."""
    units = Unit.objects.select_related("area").only("pk", "code", "name", "area__parent_id", "area__kind").order_by(
        "name")
    if not viewer.everything:
        units = units.filter(pk__in=viewer.units)
    return list(units[:UNIT_LIMIT])


def _formset(data=None, more: bool = False):
    if data is None:
        return FilerFormSet(prefix=PREFIX, initial=[{} for _ in range(BLANK_ROWS)])
    if more:  # one more blank row, keeping every value typed so far
        data = data.copy()
        key = f"{PREFIX}-TOTAL_FORMS"
        try:
            data[key] = str(min(int(data.get(key, "0")) + 1, 200))
        except ValueError:
            data[key] = str(BLANK_ROWS)
    return FilerFormSet(data, prefix=PREFIX)


def _filers(formset) -> list[sv.FilerIn]:
    return [sv.FilerIn(name=f.cleaned_data["name"], id_number=f.cleaned_data["id_number"],
                       phone=f.cleaned_data["phone"], email=f.cleaned_data["email"],
                       address=f.cleaned_data["address"], representative=f.cleaned_data["representative"])
            for f in formset.forms if not f.is_blank]


@official
def intake_page(request):
    units = intake_units(request.viewer)
    if not units:
        raise PermissionDenied("Ông/bà không phục vụ cơ quan nào để tiếp nhận đơn.")
    areas = list(commune_areas(units))
    posted = request.method == "POST"
    more = posted and "more" in request.POST
    form = IntakeForm(request.POST if posted else None, units=units, areas=areas,
                      initial=None if posted else {"handling_unit": units[0].code})
    formset = _formset(request.POST if posted else None, more=more)
    status = 200
    if posted and not more:
        valid = form.is_valid() & formset.is_valid()
        filers = _filers(formset) if formset.is_valid() else []
        if formset.is_valid() and not filers:
            form.add_error(None, "Đơn phải ghi rõ họ tên ít nhất một người gửi.")
            valid = False
        if valid:
            data = form.cleaned_data
            try:
                case = sv.file_case(
                    kind=data["kind"], channel=data["channel"], subject=data["subject"], content=data["content"],
                    filers=filers, handling_unit=data["handling_unit"], now=timesource.now(), by=request.user,
                    area=data["area"], concerned_unit=data["concerned_unit"],
                    concerned_official=data["concerned_official"], dossier=data["dossier"],
                    forwarded_by=data["forwarded_by"], people=data["people"], remote=data["remote"],
                    known_on=data["known_on"] if data["kind"] in COMPLAINTS else None, previous=data["previous"],
                    filed_level=data["filed_level"], competent_level=data["competent_level"])
            except sv.CaseRefused as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                _tell(request, case)
                return redirect("complaints:case", code=case.code)
        else:
            status = 400
    return render(request, "complaints/intake.html", {"form": form, "formset": formset, "units": units},
                  status=status)


def _tell(request, case: Case) -> None:
    if case.state == Case.State.REFUSED:
        last = case.events.order_by("-seq").values_list("reason", flat=True).first() or ""
        messages.warning(request, f"Đã ghi nhận đơn, mã {case.code}, nhưng không thụ lý: {last}")
        return
    linked = f" Đơn cùng nội dung với vụ việc {case.matter_of.code}: đã liên kết." if case.matter_of_id else ""
    messages.success(request, f"Đã tiếp nhận đơn, mã vụ việc {case.code}.{linked}")
