"""The forms of the evaluation pages (POST only, CSRF-protected): on a unit and period — open the
sheets, compute them all, apply the quota (with the outstanding-organisation exemption); on a
sheet — general points, a manual product (add, remove), a fact (record, remove), compute, approve.
Who may act is asked of ``evaluation.access``; the acts are ``evaluation.services``'."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from motcua.evaluation import access
from motcua.evaluation import services as sv
from motcua.evaluation.models import Sheet
from motcua.evaluation.views.pages import _period, _unit
from motcua.web.guards import official

UNIT_ACTS = {"open": "Đã mở phiếu đánh giá cho đơn vị và từng công chức.",
             "compute": "Đã cập nhật số liệu tự động, tính điểm và áp tỷ lệ hoàn thành xuất sắc.",
             "quota": "Đã áp tỷ lệ hoàn thành xuất sắc."}
SHEET_ACTS = {"general": "Đã lưu điểm tiêu chí chung.", "product": "Đã thêm sản phẩm.",
              "remove_product": "Đã xoá sản phẩm.", "fact": "Đã ghi nhận căn cứ.", "remove_fact": "Đã xoá căn cứ.",
              "refresh": "Đã cập nhật số liệu tự động.", "compute": "Đã tính điểm.", "approve": "Đã phê duyệt phiếu."}


def _int(value, default=0) -> int:
    try:
        number = int(str(value).strip() or default)
    except (TypeError, ValueError):
        raise sv.EvaluationRefused("Số liệu phải là số nguyên.", "invalid_product", 422) from None
    if not 0 <= number < 10**6:
        raise sv.EvaluationRefused("Số liệu phải từ 0 đến 999999.", "invalid_product", 422)
    return number


@official
@require_POST
def unit_act(request, code: str, period: str, act: str):
    unit, period = _unit(code), _period(period)
    if act not in UNIT_ACTS:
        raise Http404
    access.require_assess_unit(request.viewer, unit.pk)
    try:
        if act == "open":
            sv.open_sheets(unit, period, by=request.user)
        elif act == "compute":
            sv.compute_unit(unit, period, by=request.user)
        else:
            outstanding = request.POST.get("outstanding") == "1"
            for group in sorted(set(Sheet.objects.filter(unit=unit, period=period.code, official__isnull=False)
                                    .values_list("group", flat=True))):
                sv.apply_quota(unit, period, group, outstanding=outstanding)
    except sv.EvaluationRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, UNIT_ACTS[act])
    return redirect("evaluation:unit", code=unit.code, period=period.code)


def _sheet_act(request, sheet: Sheet, act: str) -> None:
    p, by = request.POST, request.user
    if act == "general":
        sv.set_general_points(sheet, {k[4:]: v for k, v in p.items() if k.startswith("crit")}, by=by)
    elif act == "product":
        sv.add_product(sheet, p.get("name", ""), _int(p.get("assigned")), _int(p.get("completed")),
                       _int(p.get("failed_reviews")), _int(p.get("delays")), _int(p.get("exempt_delays")),
                       p.get("weight") or "1", p.get("note", ""), by=by)
    elif act == "remove_product":
        sv.remove_product(sheet, _int(p.get("product")), by=by)
    elif act == "fact":
        try:
            day = date.fromisoformat(p.get("occurred_on", ""))
        except ValueError:
            raise sv.EvaluationRefused("Ngày của căn cứ không hợp lệ.", "invalid_fact", 422) from None
        sv.record_fact(sheet, p.get("kind", ""), day, p.get("document", ""), p.get("note", ""), by=by)
    elif act == "remove_fact":
        sv.remove_fact(sheet, _int(p.get("fact")), by=by)
    elif act == "refresh":
        if sheet.state != Sheet.State.DRAFT:
            raise sv.EvaluationRefused("Phiếu đã được phê duyệt: không sửa được nữa.", "sheet_approved")
        sv.refresh_feeds([sheet])
    elif act == "compute":
        sv.compute_sheet(sheet, by=by)
    else:
        sv.approve_sheet(sheet, by=by)


@official
@require_POST
def sheet_act(request, pk: int, act: str):
    sheet = get_object_or_404(Sheet, pk=pk)
    if act not in SHEET_ACTS:
        raise Http404
    access.require_assess(request.viewer, sheet)
    try:
        _sheet_act(request, sheet, act)
    except sv.EvaluationRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, SHEET_ACTS[act])
    return redirect("evaluation:sheet", pk=sheet.pk)
