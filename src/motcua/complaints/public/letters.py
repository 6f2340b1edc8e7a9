"""Downloading a case's letters (PDF): the filer from their own page, the officials who may see
the case (``complaints.access.may_see``) from theirs. One view for both, so the rule is one."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from motcua.complaints import pdf
from motcua.complaints.access import may_see
from motcua.complaints.models import Case
from motcua.web.guards import signed_in


@require_safe
@never_cache  # personal data: no shared or browser cache keeps a copy
@signed_in
def letter(request, pk: int, letter: str):
    case = get_object_or_404(Case.objects.select_related("handling_unit"), pk=pk)
    if not may_see(request.viewer, case):
        raise PermissionDenied("Ông/bà không được xem văn bản của vụ việc này.")
    if letter not in pdf.LETTERS:
        raise Http404(f"Không có văn bản «{letter}».")
    try:
        content = pdf.render_pdf(case, letter)
    except pdf.NoLetter as exc:
        raise Http404(str(exc)) from None
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.filename(case, letter)}"'
    return response
