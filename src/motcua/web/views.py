"""Signing in and out, and the home page that sends each user to their desk."""

from __future__ import annotations

from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from motcua.accounts.forms import LoginForm
from motcua.accounts.services import record_successful_login


def home(request):
    """Officials land on their worklist, citizens on their dossiers, visitors on the portal."""
    if request.user.is_authenticated:
        if request.viewer.units or request.viewer.everything:
            return redirect("workbench:worklist")
        return redirect("portal:my_dossiers")
    return redirect("portal:procedures")


@never_cache
@csrf_protect
def sign_in(request):
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        login(request, user)
        record_successful_login(user.get_username())
        return redirect(target)
    return render(request, "web/login.html", {"form": form, "next": target},
                  status=200 if request.method == "GET" or form.is_valid() else 400)


@require_POST
def sign_out(request):
    logout(request)
    return redirect("web:login")
