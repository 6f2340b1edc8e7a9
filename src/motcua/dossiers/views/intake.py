"""Counter intake (tiếp nhận tại quầy): pick the procedure, tick its document checklist, and
either receive the dossier (receipt form 01) or hand the applicant one consolidated supplement
request (form 02), or refuse it with reasons (form 03).

Every write goes through ``dossiers.services``; a refused act re-displays the form with what was
typed and saves nothing (filing and the answer to it share one transaction)."""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html

from motcua import timesource
from motcua.catalog.models import Procedure
from motcua.catalog.queries import NoVersionInForce, search_procedures, version_in_force
from motcua.dossiers import services as sv
from motcua.dossiers.actors import official_actor
from motcua.dossiers.commands import FACT_LABELS
from motcua.dossiers.intake_desk import COMMUNE_KINDS, commune_areas, reception_units, take_in
from motcua.rules.calendar import HOURS_PER_WORKING_DAY, VN_TZ
from motcua.rules.lifecycle import ActRefused, Role
from motcua.units.models import Unit
from motcua.web.guards import official

APPLICANT_KINDS = [("citizen", "Công dân Việt Nam"), ("foreigner", "Người nước ngoài"), ("organisation", "Tổ chức")]
CHANNELS = [("counter", "Trực tiếp tại quầy"), ("post", "Qua bưu chính công ích")]
_CITIZEN_ID = re.compile(r"\d{12}")
_FOREIGN_ID = re.compile(r"[A-Z0-9]{6,20}")
_ORGANISATION_ID = re.compile(r"[A-Z0-9][A-Z0-9.\-]{0,19}")
_PHONE = re.compile(r"(\+84|0)\d{9,10}")



def _require_reception(request) -> list[Unit]:
    units = reception_units(request.user, timesource.today())
    if not units:
        raise PermissionDenied("Tiếp nhận hồ sơ cần vai trò cán bộ tiếp nhận tại Bộ phận Một cửa hoặc "
                               "Trung tâm Phục vụ hành chính công; tài khoản này không có vai trò đó.")
    return units


# -- step 1: the procedure -------------------------------------------------------------------------

@official
def choose_procedure(request):
    """Search the catalogue without diacritics; htmx swaps only the results while typing."""
    _require_reception(request)
    q = request.GET.get("q", "").strip()[:100]
    level = request.GET.get("level") if request.GET.get("level") in Procedure.Level.values else ""
    context = {"q": q, "level": level, "levels": Procedure.Level.choices,
               "procedures": list(search_procedures(q, level or None, limit=50))}
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results":
        return render(request, "dossiers/intake_results.html", context)
    return render(request, "dossiers/intake_choose.html", context)


# -- step 2: the applicant and the checklist -------------------------------------------------------

class IntakeForm(forms.Form):
    unit = forms.ChoiceField(error_messages={"required": "Chưa chọn nơi tiếp nhận.",
                                             "invalid_choice": "Ông/bà không tiếp nhận hồ sơ tại đơn vị này."})
    applicant_kind = forms.ChoiceField(choices=APPLICANT_KINDS, initial="citizen")
    name = forms.CharField(max_length=200, error_messages={
        "required": "Chưa nhập họ tên người nộp hồ sơ.", "max_length": "Họ tên dài quá 200 ký tự."})
    id_number = forms.CharField(max_length=20, error_messages={
        "required": "Chưa nhập số định danh (số căn cước của công dân, hộ chiếu, mã số của tổ chức).",
        "max_length": "Số định danh dài quá 20 ký tự."})
    phone = forms.CharField(max_length=20, required=False, error_messages={"max_length": "Số điện thoại dài quá."})
    email = forms.EmailField(max_length=254, required=False,
                             error_messages={"invalid": "Thư điện tử không đúng định dạng (ví dụ ten@example.vn)."})
    address = forms.CharField(max_length=255, required=False,
                              error_messages={"max_length": "Địa chỉ dài quá 255 ký tự."})
    area = forms.ChoiceField(required=False, error_messages={
        "invalid_choice": "Xã, phường đã chọn không thuộc tỉnh, thành phố này."})
    channel = forms.ChoiceField(choices=CHANNELS, initial="counter",
                                error_messages={"invalid_choice": "Hình thức nộp không hợp lệ."})
    docs = forms.MultipleChoiceField(required=False, error_messages={
        "invalid_choice": "Thành phần hồ sơ đã đánh dấu không có trong danh mục của thủ tục."})
    extra_items = forms.CharField(max_length=4000, required=False)
    notes = forms.CharField(max_length=2000, required=False,
                            error_messages={"max_length": "Ghi chú dài quá 2000 ký tự."})
    refusal_reason = forms.CharField(max_length=2000, required=False,
                                     error_messages={"max_length": "Lý do từ chối dài quá 2000 ký tự."})

    def __init__(self, *args, units, areas, documents, needs_area, refusing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_area, self.refusing = needs_area, refusing
        self.fields["unit"].choices = [(u.code, u.name) for u in units]
        self.fields["area"].choices = [("", "—")] + [(a.code, a.name) for a in areas]
        self.fields["docs"].choices = [(str(i), d.get("name", "")) for i, d in enumerate(documents)]

    account = forms.CharField(max_length=150, required=False)
    fact_digitised = forms.BooleanField(required=False, label=FACT_LABELS["digitised"])
    fact_reused = forms.BooleanField(required=False, label=FACT_LABELS["reused"])
    fact_personal_storage = forms.BooleanField(required=False, label=FACT_LABELS["personal_storage"])
    fact_citizen_data = forms.BooleanField(required=False, label=FACT_LABELS["citizen_data"])
    fact_paid_online = forms.BooleanField(required=False, label=FACT_LABELS["paid_online"])

    def fact_fields(self):
        return [self[name] for name in self.fields if name.startswith("fact_")]

    def facts(self) -> dict[str, bool]:
        return {name.removeprefix("fact_"): True for name in self.fields
                if name.startswith("fact_") and self.cleaned_data.get(name)}

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_account(self):
        """The applicant's account on the portal, if they have one: the dossier then shows under
        their «Hồ sơ của tôi», where they follow it and rate it when it ends."""
        from django.contrib.auth import get_user_model

        username = self.cleaned_data["account"].strip()
        if not username:
            return None
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError("Không có tài khoản công dân với tên đăng nhập này.")
        return user

    def clean_phone(self):
        phone = re.sub(r"[\s.\-()]", "", self.cleaned_data["phone"])
        if phone and not _PHONE.fullmatch(phone):
            raise forms.ValidationError("Số điện thoại không hợp lệ (ví dụ 0912345678 hoặc +84912345678).")
        return phone

    def clean_extra_items(self):
        return [line.strip() for line in self.cleaned_data["extra_items"].splitlines() if line.strip()]

    def clean(self):
        data = super().clean()
        number = re.sub(r"\s", "", data.get("id_number") or "").upper()
        kind = data.get("applicant_kind")
        if number:
            if kind == "citizen" and not _CITIZEN_ID.fullmatch(number):
                self.add_error("id_number", "Số định danh cá nhân của công dân phải gồm đúng 12 chữ số.")
            elif kind == "foreigner" and not _FOREIGN_ID.fullmatch(number):
                self.add_error("id_number", "Số hộ chiếu, giấy tờ của người nước ngoài gồm 6–20 chữ cái hoặc chữ số.")
            elif kind == "organisation" and not _ORGANISATION_ID.fullmatch(number):
                self.add_error("id_number", "Mã số của tổ chức chỉ gồm chữ số, chữ cái, dấu chấm hoặc gạch ngang.")
            data["id_number"] = number
        if self.needs_area and not data.get("area") and "area" not in self.errors:
            self.add_error("area", "Thủ tục này do UBND cấp xã giải quyết: cần chọn xã, phường nơi giải quyết hồ sơ.")
        if self.refusing and not (data.get("refusal_reason") or "").strip():
            self.add_error("refusal_reason", "Từ chối tiếp nhận phải nêu rõ lý do (ví dụ: thủ tục không thuộc "
                                             "thẩm quyền giải quyết của tỉnh, thành phố).")
        return data


def _checklist(documents, ticked) -> list[dict]:
    return [{"value": str(i), "name": d.get("name", ""), "originals": d.get("originals", 0),
             "copies": d.get("copies", 0), "required": bool(d.get("required")), "checked": str(i) in ticked}
            for i, d in enumerate(documents)]


def _initial(units: list[Unit]) -> dict:
    first = units[0]
    initial = {"unit": first.code, "applicant_kind": "citizen", "channel": "counter"}
    if first.area.kind in COMMUNE_KINDS:
        initial["area"] = first.area.code  # the commune the unit sits in: the usual case
    return initial


@official
def intake_form(request, procedure: str):
    units = _require_reception(request)
    proc = get_object_or_404(Procedure, code=procedure)
    today = timesource.today()
    try:
        version = version_in_force(proc, today)
    except NoVersionInForce as exc:
        messages.error(request, exc.messages[0])
        return redirect("workbench:intake")
    needs_area = version.competent_unit_id is None
    if needs_area and request.headers.get("HX-Request") and request.headers.get("HX-Target") == "area":
        return render(request, "dossiers/intake_areas.html", {
            "areas": commune_areas(units, request.GET.get("xa", "")[:100]), "selected": request.GET.get("area", "")})
    documents = list(version.documents or [])
    areas = list(commune_areas(units)) if needs_area else []
    posted = request.method == "POST"
    refusing = posted and request.POST.get("action") == "refuse"
    form = IntakeForm(request.POST if posted else None, initial=None if posted else _initial(units), units=units,
                      areas=areas, documents=documents, needs_area=needs_area, refusing=refusing)
    if not sv.version_facts(version)["fee"]:
        del form.fields["fact_paid_online"]  # nothing to pay
    status = 200
    if posted:
        if form.is_valid():
            try:
                dossier, message = _submit(request, form.cleaned_data, version, units, areas, refusing, form.facts())
            except ActRefused as exc:
                form.add_error(None, exc.message)
                status = 422
            else:
                messages.success(request, message)
                return redirect("workbench:dossier", pk=dossier.pk)
        else:
            status = 400
    ticked = set(form["docs"].value() or [])
    return render(request, "dossiers/intake_form.html", {
        "procedure": proc, "version": version, "form": form, "units": units, "areas": areas,
        "needs_area": needs_area, "checklist": _checklist(documents, ticked),
        "kinds": APPLICANT_KINDS, "channels": CHANNELS,
        "days": version.duration_hours / HOURS_PER_WORKING_DAY,
    }, status=status)


def _submit(request, data, version, units, areas, refusing, facts=None):
    """Write the dossier through the services; ``ActRefused`` leaves nothing behind."""
    actor = official_actor(request.user, Role.RECEPTION, timesource.today())
    unit = next(u for u in units if u.code == data["unit"])
    area = next((a for a in areas if a.code == data["area"]), None) if data.get("area") else None
    applicant = sv.Applicant(name=data["name"], id_number=data["id_number"], phone=data["phone"],
                             email=data["email"], address=data["address"], user=data.get("account"))
    now = timesource.now()
    filing = {"actor": actor, "version": version, "receiving_unit": unit, "applicant": applicant,
              "channel": data["channel"], "area": area, "now": now}
    if refusing:
        with transaction.atomic():
            dossier = sv.file_dossier(**filing)
            sv.refuse_intake(dossier, actor, data["refusal_reason"], now=now)
        return dossier, format_html(
            "Đã từ chối tiếp nhận hồ sơ của {}. <a href=\"{}\">In phiếu từ chối tiếp nhận (mẫu 03)</a>.",
            applicant.name, _form_url(dossier, "03"))
    intake = take_in(**filing, ticked=[int(i) for i in data["docs"]], extra_items=data["extra_items"],
                     notes=data["notes"], facts=facts)
    dossier = intake.dossier
    if not intake.received:
        return dossier, format_html(
            "Hồ sơ chưa đủ thành phần: đã lập phiếu yêu cầu bổ sung, hoàn thiện hồ sơ ({} nội dung); hồ sơ "
            "chưa được tiếp nhận. <a href=\"{}\">In phiếu yêu cầu bổ sung (mẫu 02)</a>.",
            len(intake.requested), _form_url(dossier, "02"))
    due = timezone.localtime(dossier.due_at, VN_TZ).strftime("%H:%M ngày %d/%m/%Y") if dossier.due_at else "—"
    return dossier, format_html(
        "Đã tiếp nhận hồ sơ mã {}. Hẹn trả kết quả: {}. <a href=\"{}\">In giấy tiếp nhận hồ sơ và hẹn trả "
        "kết quả (mẫu 01)</a>.", dossier.code, due, _form_url(dossier, "01"))


def _form_url(dossier, number: str) -> str:
    return f"/can-bo/ho-so/{dossier.pk}/mau/{number}.pdf"
