"""Authentication that refuses a locked account before its password is even checked."""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from motcua.accounts.services import locked_until
from motcua.rules.calendar import VN_TZ


class AccountLocked(PermissionDenied):
    def __init__(self, until):
        super().__init__(
            "Tài khoản tạm khoá do đăng nhập sai nhiều lần; vui lòng thử lại sau "
            f"{until.astimezone(VN_TZ):%H:%M ngày %d/%m/%Y}.")


class LockoutBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        until = locked_until(username or kwargs.get("username", ""))
        if until is not None:
            raise AccountLocked(until)  # stops authentication; the failure is recorded too
        return super().authenticate(request, username=username, password=password, **kwargs)
