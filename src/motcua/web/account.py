"""An official's own security page: turn the second factor (TOTP, an authenticator app) on or
off. Turning it off asks for the password again."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from motcua.accounts.models import TotpDevice
from motcua.accounts.services import confirm_second_factor, start_second_factor, stop_second_factor
from motcua.accounts.totp import provisioning_uri
from motcua.documents.qr import qr_svg
from motcua.web.guards import official


@never_cache
@official
def second_factor(request):
    user, error = request.user, ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "start":
            start_second_factor(user)
            return redirect("web:second_factor")
        if action == "confirm":
            if confirm_second_factor(user, request.POST.get("code", "")):
                messages.success(request, "Đã bật xác thực hai lớp: từ lần đăng nhập sau, nhập mã từ ứng dụng.")
                return redirect("web:second_factor")
            error = "Mã không đúng hoặc đã hết hạn; nhập mã đang hiện trên ứng dụng."
        elif action == "stop":
            if user.check_password(request.POST.get("password", "")):
                stop_second_factor(user)
                messages.success(request, "Đã tắt xác thực hai lớp.")
                return redirect("web:second_factor")
            error = "Mật khẩu không đúng: chưa tắt xác thực hai lớp."
        else:
            error = "Yêu cầu không hợp lệ."
    device = TotpDevice.objects.filter(user=user).first()
    pending = device is not None and not device.confirmed
    uri = provisioning_uri(device.secret, user.get_username()) if pending else ""
    return render(request, "web/second_factor.html", {
        "device": device, "pending": pending, "secret": device.secret if pending else "",
        "qr": qr_svg(uri) if pending else "", "error": error}, status=400 if error else 200)
