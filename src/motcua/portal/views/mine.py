"""A citizen's own dossiers (hồ sơ của tôi): the list, one dossier's page with its timeline and
forms, sending the documents asked for (bổ sung hồ sơ), withdrawing (rút hồ sơ, Art. 21), and
downloading a stored file.

These pages show the applicant's view only: a dossier is shown to the user who filed it and to
nobody else, officials included (they have ``/can-bo/``). Files are the exception: whoever may
see the dossier (``dossiers.access.can_see``) may download its files. Acts go through
``dossiers.commands.perform``, the same table the REST API uses.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from motcua.dossiers.access import can_see
from motcua.dossiers.commands import ActInput, offered_acts, perform
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.queries import timeline
from motcua.dossiers.views.detail import mask
from motcua.dossiers.views.facts_html import facts
from motcua.portal import attachments
from motcua.portal.models import Attachment
from motcua.portal.views.filing import UploadsMixin, file_field, local_time
from motcua.rules.lifecycle import ROLE_LABELS, STATE_LABELS, WAITING_STATES, Act, ActRefused, Role, State
from motcua.rules.timers import timers_at
from motcua.web.guards import signed_in
from motcua.web.refusals import show_refusal

PER_PAGE = 25
ENDED = (State.RETURNED, State.REFUSED_AT_INTAKE, State.WITHDRAWN)  # the applicant may rate these
SUPPLEMENT_ACTS = (Act.REQUEST_INTAKE_SUPPLEMENT.value, Act.RETURN_FOR_SUPPLEMENT.value)
CITIZEN_FORMS = ("01", "02", "03", "04")


def expected(d: Dossier) -> tuple[str, bool]:
    """What the applicant should do now, and whether it is urgent (only a supplement is)."""
    state = State(d.state)
    if state in WAITING_STATES:
        return "Cần bổ sung hồ sơ", True
    return {
        State.FILED: "Chờ Bộ phận Một cửa tiếp nhận",
        State.RECEIVED: "Đang giải quyết, chờ kết quả",
        State.PROCESSING: "Đang giải quyết, chờ kết quả",
        State.CORRECTING: "Đang đính chính kết quả",
        State.DECIDED: "Có kết quả: đến nhận hoặc nhận trực tuyến",
        State.RETURNED: "Đã trả kết quả: mời đánh giá",
        State.REFUSED_AT_INTAKE: "Bị từ chối tiếp nhận: xem lý do",
        State.WITHDRAWN: "Đã dừng giải quyết",
        State.CLOSED: "Đã kết thúc do không bổ sung",
    }[state], False


def own_dossier(request, pk: int) -> Dossier:
    """The user's own dossier, or 403 (even for officials: this is the applicant's page)."""
    dossier = get_object_or_404(Dossier.objects.select_related(
        "procedure", "procedure_version", "receiving_unit", "competent_unit", "holder_unit", "area"), pk=pk)
    if dossier.applicant_user_id is None or dossier.applicant_user_id != request.user.pk:
        raise PermissionDenied("Đây không phải hồ sơ của ông/bà. Ông/bà chỉ xem được hồ sơ do mình nộp.")
    return dossier


# -- the list ------------------------------------------------------------------------------------

@signed_in
def my_dossiers(request):
    dossiers = (Dossier.objects.filter(applicant_user=request.user)
                .select_related("procedure", "receiving_unit").defer("snapshot").order_by("-filed_at", "-pk"))
    page = Paginator(dossiers, PER_PAGE).get_page(request.GET.get("page"))
    rows = []
    for d in page.object_list:
        text, urgent = expected(d)
        rows.append({"d": d, "state": STATE_LABELS[State(d.state)], "expected": text, "urgent": urgent})
    context = {"page": page, "rows": rows, "query": urlencode({})}
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results":
        return render(request, "portal/_my_dossier_rows.html", context)
    return render(request, "portal/my_dossiers.html", context)


# -- one dossier ---------------------------------------------------------------------------------

def _where(entry) -> str:
    """Where an act happened, by unit: never the officer's name."""
    if entry.role == ROLE_LABELS[Role.APPLICANT]:
        return "Người nộp hồ sơ"
    names = [u.name for u in (entry.from_unit, entry.to_unit) if u is not None]
    if len(names) == 2 and names[0] == names[1]:
        names = names[:1]
    return " → ".join(names) or ("Hệ thống" if entry.role == ROLE_LABELS[Role.SYSTEM] else "")


def _forms(entries, dossier: Dossier) -> list[tuple[str, str]]:
    """The applicant's forms that exist for this dossier: receipt 01 once received, supplement
    request 02, refusal 03 (at intake or as the decision) and apology 04 once their act happened."""
    from motcua.documents.forms import TITLES

    acts = {e.act for e in entries if e.act != Act.DECIDE.value or e.data.get("outcome") == "refused"}
    has = {"01": dossier.received_at is not None, "02": bool(acts & set(SUPPLEMENT_ACTS)),
           "03": bool(acts & {Act.REFUSE_INTAKE.value, Act.DECIDE.value}), "04": Act.EXTEND.value in acts}
    return [(n, TITLES[n].capitalize()) for n in CITIZEN_FORMS if has[n]]


@signed_in
def my_dossier(request, pk: int):
    dossier = own_dossier(request, pk)
    line = timeline(dossier)
    entries = [{"act": e.act, "label": e.label, "at": e.at, "where": _where(e), "reason": e.reason,
                "items": e.listed, "due_after": e.due_after if e.due_after != e.due_before else None}
               for e in line.entries]
    request_entry = next((e for e in reversed(line.entries) if e.act in SUPPLEMENT_ACTS), None)
    waiting = State(dossier.state) in WAITING_STATES
    text, urgent = expected(dossier)
    return render(request, "portal/my_dossier.html", {
        "d": dossier, "state_label": STATE_LABELS[State(dossier.state)], "expected": text, "urgent": urgent,
        "entries": entries, "waiting": waiting, "asked": request_entry if waiting else None,
        "forms": _forms(line.entries, dossier), "files": list(dossier.attachments.all()),
        "can_withdraw": "withdraw" in offered_acts(dossier, set(), own=True),
        "can_rate": State(dossier.state) in ENDED,
        "facts": facts(dossier, official=False, id_masked=mask(dossier.applicant_id_number)),
    })


# -- sending the documents asked for -------------------------------------------------------------

class SupplementForm(UploadsMixin, forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, items: list[str], existing: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing = existing
        self.document_fields = []
        for i, item in enumerate(items):
            name = f"item_{i}"
            self.fields[name] = file_field(item, False)
            self.document_fields.append((name, item))
        self.fields["other"] = file_field("Giấy tờ khác (nếu có)", False, multiple=True)
        self.document_fields.append(("other", attachments.OTHER_DOCUMENT))

    def clean(self):
        data = super().clean()
        files = self.check_files(data, self.existing)
        if not files and not self.errors:
            raise forms.ValidationError("Chưa đính kèm tệp nào: cần gửi ít nhất một giấy tờ được yêu cầu bổ sung.")
        data["_files"] = files
        return data

    def item_rows(self):
        return [self[name] for name, _ in self.document_fields if name != "other"]


def _requested(dossier: Dossier) -> DossierEvent | None:
    return (DossierEvent.objects.filter(dossier=dossier, act__in=SUPPLEMENT_ACTS).order_by("-seq")
            .only("reason", "data", "at").first())


@signed_in
def supplement(request, pk: int):
    dossier = own_dossier(request, pk)
    if State(dossier.state) not in WAITING_STATES:
        messages.error(request, "Hồ sơ không ở trạng thái chờ bổ sung; không cần nộp bổ sung.")
        return redirect("portal:my_dossier", pk=pk)
    asked = _requested(dossier)
    items = list((asked.data or {}).get("items") or []) if asked else []
    existing = Attachment.objects.filter(dossier=dossier).count()
    options = {"items": items, "existing": existing}
    status, conflict = 200, False
    if request.method == "POST":
        form = SupplementForm(request.POST, request.FILES, **options)
        if form.is_valid():
            try:
                with attachments.removed_on_error() as written, transaction.atomic(durable=True):
                    perform(request.user, dossier, "resubmit",
                            ActInput(expected_version=form.cleaned_data["expected_version"]))
                    attachments.store(dossier, form.cleaned_data["_files"], user=request.user,
                                      stage=Attachment.Stage.SUPPLEMENT, written=written)
            except (ActRefused, attachments.UploadRefused) as exc:
                status, conflict = show_refusal(form, exc)
            else:
                messages.success(request, _resubmitted(dossier))
                return redirect("portal:my_dossier", pk=pk)
        else:
            status = 400
    else:
        form = SupplementForm(initial={"expected_version": dossier.event_count}, **options)
    return render(request, "portal/supplement.html", {
        "d": dossier, "form": form, "asked": asked, "items": items, "conflict": conflict,
        "max_mb": attachments.megabytes(settings.MOTCUA_UPLOAD_MAX_BYTES),
        "left": max(attachments.MAX_FILES - existing, 0), "allowed": attachments.ALLOWED_TEXT,
    }, status=status)


def _resubmitted(dossier: Dossier) -> str:
    dossier.refresh_from_db(fields=["state", "due_at", "acceptance_due_at"])
    if dossier.state == State.FILED:
        hours = timers_at(dossier.filed_at.date()).online_acceptance_hours
        when = f", chậm nhất {local_time(dossier.acceptance_due_at)}" if dossier.acceptance_due_at else ""
        return (f"Đã nộp bổ sung hồ sơ; Bộ phận Một cửa sẽ xem xét tiếp nhận trong {hours:g} giờ làm việc{when}.")
    due = f" Hẹn trả kết quả mới: {local_time(dossier.due_at)}." if dossier.due_at else ""
    return f"Đã nộp bổ sung hồ sơ; hồ sơ được chuyển lại cơ quan giải quyết.{due}"


# -- withdrawing ---------------------------------------------------------------------------------

class WithdrawForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="Lý do rút hồ sơ", widget=forms.Textarea, max_length=2000, error_messages={
        "required": "Cần ghi lý do rút hồ sơ (ghi trên thông báo dừng giải quyết).",
        "max_length": "Lý do dài quá 2000 ký tự."})


@signed_in
def withdraw(request, pk: int):
    dossier = own_dossier(request, pk)
    if "withdraw" not in offered_acts(dossier, set(), own=True):
        messages.error(request, f"Không thể rút hồ sơ khi hồ sơ đang ở trạng thái «{STATE_LABELS[State(dossier.state)]}» "
                                "(chỉ rút được trước khi có kết quả giải quyết).")
        return redirect("portal:my_dossier", pk=pk)
    status, conflict = 200, False
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                perform(request.user, dossier, "withdraw", ActInput(
                    expected_version=form.cleaned_data["expected_version"], reason=form.cleaned_data["reason"]))
            except ActRefused as exc:
                status, conflict = show_refusal(form, exc)
            else:
                messages.success(request, "Đã dừng giải quyết hồ sơ theo yêu cầu của ông/bà.")
                return redirect("portal:my_dossier", pk=pk)
        else:
            status = 400
    else:
        form = WithdrawForm(initial={"expected_version": dossier.event_count})
    return render(request, "portal/withdraw.html", {"d": dossier, "form": form, "conflict": conflict},
                  status=status)


# -- a stored file -------------------------------------------------------------------------------

@require_safe
@never_cache  # personal documents: no shared or browser cache keeps a copy
@signed_in
def attachment(request, pk: int):
    item = get_object_or_404(Attachment.objects.select_related("dossier"), pk=pk)
    if not can_see(request.viewer, item.dossier):
        raise PermissionDenied("Ông/bà không được tải tệp này (tệp thuộc hồ sơ ông/bà không được xem).")
    try:
        handle = attachments.path_of(item.stored_name).open("rb")
    except (attachments.UploadRefused, FileNotFoundError):
        raise Http404("Không tìm thấy tệp trong kho lưu trữ; vui lòng báo Bộ phận Một cửa.") from None
    response = FileResponse(handle, as_attachment=True, filename=item.original_name, content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
