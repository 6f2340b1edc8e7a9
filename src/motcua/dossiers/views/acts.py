"""The act pages of the workbench: one small form per act, posted to the same command table
as the REST API (``dossiers.commands``). A refused act shows the law's reason and changes
nothing; a dossier changed by someone else meanwhile gives 409 and a reload link."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render

from motcua import timesource
from motcua.dossiers.commands import ACT_NAMES, FACT_ACTS, FACT_LABELS, ActInput, live_roles, offered_acts, perform
from motcua.dossiers.services import Conflict
from motcua.dossiers.views.detail import load_visible
from motcua.rules.calendar import VN_TZ
from motcua.rules.dossier import from_json
from motcua.rules.lifecycle import ACT_LABELS, ActRefused, Role
from motcua.units.models import Official
from motcua.web.guards import official
from motcua.web.refusals import show_refusal
from motcua.accounts.names import person_name


class ActForm(forms.Form):
    """An act that carries nothing but the version it was decided on (no note field: a note
    typed where the act does not record one would be silently lost)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)


class NoteForm(ActForm):
    """An act whose log row keeps an optional reason or note."""

    reason = forms.CharField(label="Lý do / ghi chú", required=False, widget=forms.Textarea, max_length=2000)


class ItemsForm(NoteForm):
    items = forms.CharField(label="Giấy tờ cần bổ sung, hoàn thiện (mỗi dòng một nội dung)", widget=forms.Textarea,
                            max_length=4000, error_messages={"required": "Cần ghi ít nhất một nội dung cần bổ sung."})

    def clean_items(self):
        items = [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]
        if not items:
            raise forms.ValidationError("Cần ghi ít nhất một nội dung cần bổ sung.")
        return items


class ReasonForm(ActForm):
    reason = forms.CharField(label="Lý do", widget=forms.Textarea, max_length=2000,
                             error_messages={"required": "Phải nêu rõ lý do."})


class ExtendForm(ReasonForm):
    working_days = forms.FloatField(label="Gia hạn thêm (ngày làm việc)", min_value=0.5, max_value=60)


class DecideForm(NoteForm):
    outcome = forms.ChoiceField(label="Kết quả", choices=[("approved", "Giải quyết (cấp kết quả)"),
                                                          ("refused", "Từ chối giải quyết (nêu lý do)")])

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "refused" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Từ chối giải quyết phải nêu rõ lý do.")
        return data


class ReturnForm(ActForm):
    method = forms.ChoiceField(label="Hình thức trả", choices=[("counter", "Tại quầy"), ("post", "Qua bưu chính"),
                                                               ("online", "Trực tuyến")])


class AssignForm(ActForm):
    officer = forms.ChoiceField(label="Cán bộ xử lý")


class TaskForm(NoteForm):
    step = forms.TypedChoiceField(label="Phần việc", coerce=int)


RETURN_LABELS = {"personal_storage": "Đẩy kết quả điện tử vào kho dữ liệu cá nhân của người nộp"}


def _add_facts(form, name: str, dossier) -> None:
    fee = bool((dossier.snapshot or {}).get("facts", {}).get("fee"))
    for key in FACT_ACTS.get(name, ()):
        if key == "paid_online" and not fee:
            continue  # nothing to pay
        label = (RETURN_LABELS if name == "return_result" else FACT_LABELS)[key]
        form.fields[f"fact_{key}"] = forms.BooleanField(label=label, required=False)


FORMS = {"request_intake_supplement": ItemsForm, "return_for_supplement": ItemsForm, "refuse_intake": ReasonForm,
         "extend": ExtendForm, "decide": DecideForm, "return_result": ReturnForm, "assign": AssignForm,
         "complete_task": TaskForm, "report_wrong_result": ReasonForm, "withdraw": ReasonForm}


def _form(name, dossier, user, data=None):
    form = FORMS.get(name, ActForm)(data, initial={"expected_version": dossier.event_count})
    _add_facts(form, name, dossier)
    if name == "assign":
        # Only people the service will accept: a live processing or leading post in the unit
        # holding the dossier (on a joint route that is not always the competent agency).
        unit = dossier.holder_unit_id or dossier.competent_unit_id
        today = timesource.now().astimezone(VN_TZ).date()
        posts = Official.objects.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today),
                                        Q(valid_to__isnull=True) | Q(valid_to__gte=today),
                                        unit_id=unit, role__in=[Role.PROCESSING, Role.LEADER])
        people = get_user_model().objects.filter(pk__in=posts.values("user_id")).order_by("last_name", "first_name")
        form.fields["officer"].choices = [(u.username, person_name(u)) for u in people]
    if name == "complete_task":
        record = from_json(dossier.snapshot)
        mine = set(Official.objects.filter(user=user).values_list("unit_id", flat=True))
        form.fields["step"].choices = [(t.step, f"{t.step}. {t.name}") for t in record.tasks
                                       if t.is_open and (t.agency in mine or user.is_superuser)]
    return form


@official
def act_page(request, pk: int, act: str):
    if act not in ACT_NAMES:
        raise Http404
    dossier = load_visible(request, pk)
    label = ACT_LABELS[ACT_NAMES[act]]
    posted = request.method == "POST"
    if act not in offered_acts(dossier, live_roles(request.viewer), dossier.applicant_user_id == request.user.pk):
        if posted and _stale(request.POST, dossier):
            # Someone else's act moved the dossier on while this form was open: say so, keep the input.
            form = _form(act, dossier, request.user, request.POST)
            form.is_valid()
            form.add_error(None, Conflict().message)
            return render(request, "dossiers/act.html", {"d": dossier, "act": act, "label": label, "form": form,
                                                         "conflict": True}, status=409)
        messages.error(request, f"Không thể «{label.lower()}» hồ sơ này lúc này.")
        return redirect("workbench:dossier", pk=pk)
    form = _form(act, dossier, request.user, request.POST if posted else None)  # an empty POST is still bound
    status, conflict = 200, False
    if posted:
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
            ticked = [k for k in list(data) if k.startswith("fact_") and data.pop(k)]
            facts = {k.removeprefix("fact_"): True for k in ticked}  # what was ticked; the rest stays unknown
            try:
                perform(request.user, dossier, act, ActInput(**data, facts=facts or None))
            except ActRefused as exc:
                status, conflict = show_refusal(form, exc)
            else:
                messages.success(request, f"Đã {label.lower()}.")
                return redirect("workbench:dossier", pk=pk)
        else:
            status = 400
    return render(request, "dossiers/act.html", {"d": dossier, "act": act, "label": label, "form": form,
                                                 "conflict": conflict}, status=status)


def _stale(data, dossier) -> bool:
    """Whether the form was filled in on an older version of the dossier than the stored one."""
    try:
        return int(data.get("expected_version", "")) != dossier.event_count
    except ValueError:
        return False
