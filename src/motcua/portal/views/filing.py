"""Online filing (nộp hồ sơ trực tuyến, Decree 118 Arts. 15, 17.2): the applicant's details, the
commune where a commune-level procedure is settled, the one-stop unit that will receive the
dossier (any in the province: "regardless of administrative boundaries", Arts. 3.6–3.7, 14.2),
and one file per checklist document.

The dossier waits in «Chờ tiếp nhận» with no code until a one-stop officer accepts it. The
filing and its files are saved in one transaction: a refused filing leaves no row and no file.
"""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from motcua import timesource
from motcua.accounts.names import person_name
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.queries import NoVersionInForce, version_in_force
from motcua.dossiers import services as sv
from motcua.dossiers.actors import applicant_actor
from motcua.portal import attachments
from motcua.portal.models import Attachment
from motcua.portal.views.procedures import duration_text, today
from motcua.rules.calendar import VN_TZ
from motcua.rules.lifecycle import ActRefused
from motcua.rules.timers import timers_at
from motcua.units.models import Area, Unit
from motcua.web.guards import signed_in

COMMUNE_KINDS = (Area.Kind.WARD, Area.Kind.COMMUNE, Area.Kind.SPECIAL_ZONE)
CENTRE_KINDS = (Unit.Kind.ONE_TIER_CENTRE, Unit.Kind.PROVINCIAL_CENTRE)
#: one-stop units a citizen of the province may file at (a ministry's one-stop unit is not one).
CITIZEN_ONE_STOP_KINDS = sorted(Unit.ONE_STOP_KINDS - {Unit.Kind.MINISTRY_UNIT})
AUTO = ""
_CITIZEN_ID = re.compile(r"\d{12}")
_PHONE = re.compile(r"(\+84|0)\d{9,10}")


# -- where: the province, its communes and its one-stop units --------------------------------------

def province() -> Area | None:
    return Area.objects.filter(code=settings.MOTCUA_PROVINCE_CODE).first()


def communes(prov: Area | None) -> list[Area]:
    areas = Area.objects.filter(kind__in=COMMUNE_KINDS)
    if prov is not None:
        areas = areas.filter(parent=prov)
    return list(areas.only("pk", "code", "name").order_by("name_folded"))


def one_stop_units(prov: Area | None, on: date) -> list[Unit]:
    """The live one-stop units of the province: its service centre first, then the branches and
    communes' units by name."""
    units = (Unit.objects.filter(kind__in=CITIZEN_ONE_STOP_KINDS)
             .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gte=on)))
    if prov is not None:
        units = units.filter(Q(area=prov) | Q(area__parent=prov))
    units = list(units.only("pk", "code", "name", "kind", "level", "area_id").order_by("name"))
    return sorted(units, key=lambda u: (u.kind not in CENTRE_KINDS, u.level != Unit.Level.PROVINCE))


def default_unit(units: list[Unit], area: Area | None) -> Unit | None:
    """The commune's own one-stop unit (serving it, or seated there) when there is a commune;
    otherwise, or if it has none, the province's service centre."""
    if area is not None:
        serving = set(Unit.objects.filter(pk__in=[u.pk for u in units], served_areas=area).values_list("pk", flat=True))
        for unit in units:
            if unit.pk in serving:
                return unit
        for unit in units:
            if unit.area_id == area.pk:
                return unit
    return next((u for u in units if u.kind in CENTRE_KINDS), units[0] if units else None)


# -- the form ------------------------------------------------------------------------------------

class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (the «other documents» box)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def file_field(label: str, required: bool, multiple: bool = False) -> forms.FileField:
    kind = MultipleFileField if multiple else forms.FileField
    widget = (MultipleFileInput if multiple else forms.FileInput)(attrs={"accept": attachments.ACCEPT})
    return kind(label=label, required=required, widget=widget, error_messages={
        "required": f"Chưa đính kèm «{label}» (giấy tờ bắt buộc).",
        "empty": "Tệp đã chọn rỗng (0 byte); vui lòng chọn lại tệp.",
        "invalid": "Tệp gửi lên không hợp lệ; vui lòng chọn lại tệp.",
        "missing": "Không nhận được tệp; vui lòng chọn lại tệp.",
    })


class UploadsMixin:
    """Checks every file field (type by content, size, count) into ``cleaned_data['_files']``."""

    document_fields: list[tuple[str, str]]  # (field name, checklist item)

    def check_files(self, data: dict, existing: int = 0) -> list[attachments.Checked]:
        checked = []
        for name, document in self.document_fields:
            uploads = data.get(name) or []
            for upload in uploads if isinstance(uploads, list) else [uploads]:
                try:
                    checked.append(attachments.check(upload, document))
                except attachments.UploadRefused as exc:
                    self.add_error(name, exc.message)
        try:
            attachments.check_count(existing, len(checked))
        except attachments.UploadRefused as exc:
            self.add_error(None, exc.message)
        return checked


class FilingForm(UploadsMixin, forms.Form):
    name = forms.CharField(label="Họ và tên", max_length=200, error_messages={
        "required": "Chưa nhập họ và tên người nộp hồ sơ.", "max_length": "Họ tên dài quá 200 ký tự."})
    id_number = forms.CharField(label="Số định danh cá nhân (số căn cước)", max_length=20, error_messages={
        "required": "Chưa nhập số định danh cá nhân (12 chữ số trên thẻ căn cước).",
        "max_length": "Số định danh cá nhân gồm đúng 12 chữ số."})
    phone = forms.CharField(label="Số điện thoại", max_length=20, error_messages={
        "required": "Chưa nhập số điện thoại để Bộ phận Một cửa liên hệ.", "max_length": "Số điện thoại dài quá."})
    email = forms.EmailField(label="Thư điện tử", max_length=254, required=False, error_messages={
        "invalid": "Thư điện tử không đúng định dạng (ví dụ ten@example.vn)."})
    address = forms.CharField(label="Địa chỉ liên hệ", max_length=255, error_messages={
        "required": "Chưa nhập địa chỉ liên hệ.", "max_length": "Địa chỉ dài quá 255 ký tự."})
    area = forms.ChoiceField(label="Xã, phường nơi giải quyết hồ sơ", required=False, error_messages={
        "invalid_choice": "Xã, phường đã chọn không thuộc tỉnh, thành phố này."})
    unit = forms.ChoiceField(label="Nơi tiếp nhận hồ sơ", required=False, error_messages={
        "invalid_choice": "Nơi tiếp nhận đã chọn không phải Bộ phận Một cửa của tỉnh, thành phố này."})

    def __init__(self, *args, documents: list[dict], areas: list[Area], units: list[Unit], needs_area: bool,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_area = needs_area
        self.fields["area"].choices = [("", "— Chọn xã, phường —")] + [(a.code, a.name) for a in areas]
        self.fields["unit"].choices = [(AUTO, "Tự động: Bộ phận Một cửa của xã, phường đã chọn, hoặc Trung tâm "
                                              "Phục vụ hành chính công")] + [(u.code, u.name) for u in units]
        self.document_fields = []
        for i, doc in enumerate(documents):
            name = f"doc_{i}"
            label = doc.get("name") or f"Giấy tờ số {i + 1}"
            self.fields[name] = file_field(label, bool(doc.get("required", True)))
            self.document_fields.append((name, label))
        self.fields["other"] = file_field("Giấy tờ khác (nếu có)", False, multiple=True)
        self.document_fields.append(("other", attachments.OTHER_DOCUMENT))

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_id_number(self):
        number = re.sub(r"\s", "", self.cleaned_data["id_number"])
        if not _CITIZEN_ID.fullmatch(number):
            raise forms.ValidationError("Số định danh cá nhân phải gồm đúng 12 chữ số (số trên thẻ căn cước).")
        return number

    def clean_phone(self):
        phone = re.sub(r"[\s.\-()]", "", self.cleaned_data["phone"])
        if not _PHONE.fullmatch(phone):
            raise forms.ValidationError("Số điện thoại không hợp lệ (ví dụ 0912345678 hoặc +84912345678).")
        return phone

    def clean_address(self):
        return " ".join(self.cleaned_data["address"].split())

    def clean(self):
        data = super().clean()
        if self.needs_area and not data.get("area") and "area" not in self.errors:
            self.add_error("area", "Thủ tục này do UBND xã, phường giải quyết: cần chọn xã, phường nơi giải quyết hồ sơ.")
        data["_files"] = self.check_files(data)
        return data

    def document_rows(self):
        return [self[name] for name, _ in self.document_fields if name != "other"]


# -- the page ------------------------------------------------------------------------------------

def local_time(moment) -> str:
    return timezone.localtime(moment, VN_TZ).strftime("%H:%M ngày %d/%m/%Y") if moment else ""


@signed_in
def file_online(request, code: str):
    proc = get_object_or_404(Procedure, code=code)
    on = today()
    try:
        version = version_in_force(proc, on)
    except NoVersionInForce as exc:
        raise Http404(exc.messages[0]) from None
    if version.online == ProcedureVersion.Online.NONE:
        messages.error(request, "Thủ tục này chưa nhận hồ sơ trực tuyến; vui lòng nộp tại Bộ phận Một cửa.")
        return redirect("portal:procedure", code=code)
    needs_area = version.competent_unit_id is None
    prov = province()
    areas = communes(prov) if needs_area else []
    units = one_stop_units(prov, on)
    documents = list(version.documents or [])
    options = {"documents": documents, "areas": areas, "units": units, "needs_area": needs_area}
    status = 200
    if request.method == "POST":
        form = FilingForm(request.POST, request.FILES, **options)
        if form.is_valid():
            try:
                dossier = _file(request, form.cleaned_data, version, areas, units)
            except (ActRefused, attachments.UploadRefused) as exc:
                form.add_error(None, exc.message)
                status = 422
            else:
                hours = timers_at(on).online_acceptance_hours
                messages.success(request, f"Hồ sơ đã được gửi; Bộ phận Một cửa ({dossier.receiving_unit.name}) sẽ "
                                          f"tiếp nhận trong {hours:g} giờ làm việc, chậm nhất "
                                          f"{local_time(dossier.acceptance_due_at)}. Mã hồ sơ được cấp khi tiếp nhận.")
                return redirect("portal:my_dossier", pk=dossier.pk)
        else:
            status = 400
    else:
        user = request.user
        form = FilingForm(initial={"name": person_name(user), "email": user.email, "unit": AUTO}, **options)
    return render(request, "portal/file.html", {
        "p": proc, "v": version, "form": form, "duration": duration_text(version), "needs_area": needs_area,
        "max_mb": attachments.megabytes(settings.MOTCUA_UPLOAD_MAX_BYTES), "max_files": attachments.MAX_FILES,
        "allowed": attachments.ALLOWED_TEXT,
    }, status=status)


def _file(request, data: dict, version: ProcedureVersion, areas: list[Area], units: list[Unit]):
    """File the dossier and store its files in one transaction (both or neither)."""
    area = next((a for a in areas if a.code == data.get("area")), None)
    unit = next((u for u in units if u.code == data.get("unit")), None) or default_unit(units, area)
    if unit is None:
        raise ActRefused("Chưa có Bộ phận Một cửa nào nhận hồ sơ trực tuyến; vui lòng liên hệ Trung tâm Phục vụ "
                         "hành chính công.", code="no_one_stop")
    user = request.user
    applicant = sv.Applicant(name=data["name"], id_number=data["id_number"], phone=data["phone"],
                             email=data.get("email") or "", address=data["address"], user=user)
    now = timesource.now()
    with attachments.removed_on_error() as written, transaction.atomic(durable=True):
        dossier = sv.file_dossier(actor=applicant_actor(user), version=version, receiving_unit=unit,
                                  applicant=applicant, channel="online", area=area, now=now)
        attachments.store(dossier, data["_files"], user=user, stage=Attachment.Stage.FILING, written=written, now=now)
    return dossier
