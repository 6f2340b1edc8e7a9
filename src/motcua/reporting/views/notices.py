"""The notices page (thông báo): what reminders and escalations left for the signed-in user,
newest first, unread ones marked; mark one or all read."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from motcua import timesource
from motcua.reporting import queries
from motcua.reporting.services import mark_read
from motcua.web.guards import signed_in

PER_PAGE = 30


@require_safe
@signed_in
def notice_list(request):
    page = Paginator(queries.notices_for(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reporting/notices.html", {"page": page, "notices": page.object_list, "query": "",
                                                      "unread": queries.unread_count(request.user)})


@require_POST
@signed_in
def read(request):
    """Mark one notice read (``id``) and follow its link (``next``), or mark all read."""
    ident = request.POST.get("id", "")
    mark_read(request.user, now=timesource.now(), ids=[int(ident)] if ident.isdigit() and len(ident) <= 15 else None)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("reporting:notices")
