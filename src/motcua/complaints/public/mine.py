"""A citizen's own cases (đơn của tôi): the list, one case's page (state, due times, the answer,
the letters to download, the log by act and unit, never an official's name) and rating the answer.

These pages are the filer's: a case is shown only to the account that filed it online (officials
have ``/can-bo/``). Rating follows the dossier rule: once the case is answered the filer rates
it (a level of satisfaction, and a like or dislike counted once); the rating may be changed for
``MOTCUA_RATING_CHANGE_DAYS`` days after it was first given, then it is locked."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from motcua import timesource
from motcua.complaints import pdf
from motcua.complaints.lookup import KIND_LABELS, act_labels
from motcua.complaints.models import Case, CaseEvent, CaseRating
from motcua.complaints.services import CaseRefused, rate
from motcua.web.guards import signed_in

PER_PAGE = 25
ANSWERED = (Case.State.ANSWERED, Case.State.PUBLISHED, Case.State.CLOSED)
LIKES = [("", "Không chọn"), ("like", "Thích"), ("dislike", "Không thích")]


def own_case(request, pk: int) -> Case:
    """The user's own case, or 403 (officials included: this is the filer's page)."""
    case = get_object_or_404(Case.objects.select_related("handling_unit", "dossier", "area"), pk=pk)
    if case.account_id is None or case.account_id != request.user.pk:
        raise PermissionDenied("Đây không phải đơn của ông/bà. Ông/bà chỉ xem được đơn do mình gửi.")
    return case


@signed_in
def my_cases(request):
    cases = (Case.objects.filter(account=request.user).select_related("handling_unit")
             .only("pk", "code", "kind", "subject", "state", "received_at", "due_at", "resolve_due_at",
                   "handling_unit__name").order_by("-received_at", "-pk"))
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("page"))
    rows = [{"c": c, "kind": KIND_LABELS.get(c.kind, c.kind), "state": c.get_state_display()}
            for c in page.object_list]
    return render(request, "complaints/public_my_cases.html", {"page": page, "rows": rows})


# -- rating --------------------------------------------------------------------------------------

class CaseRatingForm(forms.Form):
    level = forms.TypedChoiceField(label="Mức độ hài lòng với kết quả trả lời, giải quyết", coerce=int,
                                   choices=[(lv.value, lv.label) for lv in reversed(CaseRating.Level)],
                                   widget=forms.RadioSelect,
                                   error_messages={"required": "Vui lòng chọn mức độ hài lòng."})
    like = forms.ChoiceField(label="Ông/bà thích hay không thích kết quả trả lời?", choices=LIKES, required=False,
                             widget=forms.RadioSelect)
    comment = forms.CharField(label="Ý kiến khác (nếu có)", required=False, widget=forms.Textarea, max_length=2000)


def first_rated_at(case: Case) -> datetime | None:
    return CaseEvent.objects.filter(case=case, act="rate").order_by("seq").values_list("at", flat=True).first()


def change_deadline(first: datetime) -> datetime:
    """Until when a rating first given at ``first`` may be changed (the dossiers' setting)."""
    return first + timedelta(days=settings.MOTCUA_RATING_CHANGE_DAYS)


def _rating_state(case: Case, now: datetime) -> dict:
    rating = CaseRating.objects.filter(case=case).first()
    first = first_rated_at(case) if rating else None
    until = change_deadline(first) if first else None
    return {"rating": rating, "until": until, "locked": bool(until and now > until),
            "can_rate": case.state in ANSWERED and case.answered_at is not None}


# -- one case ------------------------------------------------------------------------------------

def _entries(case: Case) -> list[dict]:
    """The log as the filer sees it: the act, when, and which unit (never an official's name)."""
    labels = act_labels()
    events = CaseEvent.objects.filter(case=case).select_related("from_unit", "to_unit").order_by("seq")
    rows = []
    for e in events:
        where = " → ".join(dict.fromkeys(u.name for u in (e.from_unit, e.to_unit) if u is not None))
        rows.append({"act": e.act, "label": labels.get(e.act, e.act), "at": e.at, "where": where,
                     "reason": e.reason if e.act in ("refuse", "request_info", "transfer", "extend", "withdraw")
                     else "", "due_after": e.due_after if e.due_after != e.due_before else None})
    return rows


def _page(request, case: Case, form: CaseRatingForm | None = None, status: int = 200, error: str = ""):
    now = timesource.now()
    entries = _entries(case)
    state = _rating_state(case, now)
    if form is None and state["can_rate"] and not state["locked"]:
        rating = state["rating"]
        form = CaseRatingForm(initial={"level": rating.level, "comment": rating.comment} if rating else {})
    return render(request, "complaints/public_my_case.html", {
        "c": case, "kind": KIND_LABELS.get(case.kind, case.kind), "state_label": case.get_state_display(),
        "entries": entries, "letters": pdf.available(case, {e["act"] for e in entries}),
        "filers": list(case.filers.all()), "form": form, "error": error,
        "overdue": bool(case.due_at and now > case.due_at), **state,
    }, status=status)


@signed_in
def my_case(request, pk: int):
    return _page(request, own_case(request, pk))


@signed_in
@require_POST
def rate_case(request, pk: int):
    case = own_case(request, pk)
    now = timesource.now()
    state = _rating_state(case, now)
    if not state["can_rate"]:
        return _page(request, case, status=409, error="Vụ việc chưa có kết quả trả lời; ông/bà đánh giá được sau "
                                                       "khi cơ quan trả lời, giải quyết.")
    if state["locked"]:
        return _page(request, case, status=409, error=f"Đánh giá chỉ sửa được trong "
                                                       f"{settings.MOTCUA_RATING_CHANGE_DAYS} ngày kể từ khi đánh giá.")
    form = CaseRatingForm(request.POST)
    if not form.is_valid():
        return _page(request, case, form, status=400)
    like = {"like": True, "dislike": False}.get(form.cleaned_data["like"])
    if state["rating"] is not None:
        like = None  # a like or dislike counts once: the first rating's
    try:
        rate(case, level=form.cleaned_data["level"], like=like, comment=form.cleaned_data["comment"], now=now,
             by=request.user)
    except CaseRefused as exc:
        return _page(request, case, form, status=exc.status, error=exc.message)
    messages.success(request, "Cảm ơn ông/bà đã đánh giá." if state["rating"] is None
                     else "Đã cập nhật đánh giá của ông/bà.")
    return redirect("complaints_public:my_case", pk=case.pk)
