"""The act pages of a case (thụ lý, từ chối, đề nghị bổ sung, phân công, chuyển đơn, gia hạn, trả
lời, công khai, rút đơn, kết thúc): one small form per act, posted to ``complaints.services`` as
the REST API does (``views.commands``). A refused act shows the law's reason on the form,
filled in as it was sent, and changes nothing; a case changed by someone else since the page was
read answers 409 with a reload link."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from motcua import timesource
from motcua.complaints.access import may_handle
from motcua.complaints.views.commands import ACT_LABELS, handler_choices, offered_acts, perform, unit_choices
from motcua.complaints.forms import FORMS
from motcua.complaints.services import CaseRefused
from motcua.complaints.views.common import kind_label, load_case
from motcua.web.guards import official

__all__ = ["ACT_LABELS", "act_page", "build_form", "offered_acts"]


def build_form(name: str, case, data=None):
    form = FORMS[name](data, initial={"expected_version": case.version}, prefix=None)
    if name == "assign":
        form.fields["handler"].choices = handler_choices(case)
    if name == "transfer":
        form.fields["to_unit"].choices = unit_choices(exclude=case.handling_unit_id)
    return form


@official
def act_page(request, code: str, act: str):
    if act not in FORMS:
        raise Http404
    case = load_case(request.viewer, code)
    if not may_handle(request.viewer, case):
        raise PermissionDenied("Chỉ cán bộ của cơ quan giải quyết vụ việc được xử lý vụ việc này.")
    label = ACT_LABELS[act]
    posted = request.method == "POST"
    if not posted and act not in offered_acts(case):
        messages.error(request, f"Không thể «{label.lower()}» vụ việc ở trạng thái «{case.get_state_display()}».")
        return redirect("complaints:case", code=case.code)
    form = build_form(act, case, request.POST if posted else None)
    status, conflict = 200, False
    if posted:
        if _stale(request.POST, case):
            # Someone acted on the case while this form was open: say so, keep what was typed.
            form.is_valid()
            form.add_error(None, "Vụ việc đã được người khác cập nhật sau khi ông/bà mở trang; hãy tải lại vụ việc "
                                 "và làm lại. Chưa có thay đổi nào được ghi.")
            status, conflict = 409, True
        elif act not in offered_acts(case):
            form.is_valid()
            form.add_error(None, f"Không thể «{label.lower()}» vụ việc ở trạng thái «{case.get_state_display()}».")
            status = 409
        elif form.is_valid():
            try:
                perform(case, act, form.cleaned_data, by=request.user, now=timesource.now())
            except CaseRefused as exc:
                form.add_error(None, exc.message)
                status, conflict = exc.status, exc.code == "stale_case"
            else:
                messages.success(request, f"Đã {label[0].lower()}{label[1:]}: vụ việc {case.code}.")
                return redirect("complaints:case", code=case.code)
        else:
            status = 400
    return render(request, "complaints/act.html", {"c": case, "kind": kind_label(case.kind), "act": act,
                                                   "label": label, "form": form, "conflict": conflict},
                  status=status)


def _stale(data, case) -> bool:
    try:
        return int(data.get("expected_version", "")) != case.version
    except ValueError:
        return False
