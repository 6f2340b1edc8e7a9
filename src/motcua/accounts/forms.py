"""The login form used by the admin (and later the workbench): says, in Vietnamese, why a
locked account cannot log in and until when, and asks for the authenticator code of an
official who has turned the second factor on."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from motcua.accounts.backends import AccountLocked
from motcua.accounts.services import locked_until, record_failed_login, second_factor_required, use_code


class SecondFactorMixin:
    """Lockout message and the authenticator code, for any authentication form."""

    otp = forms.CharField(label="Mã xác thực (nếu đã bật xác thực hai lớp)", required=False, max_length=8,
                          widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))

    def clean(self):
        try:
            cleaned = super().clean()  # type: ignore[misc]
        except ValidationError:
            until = locked_until(self.data.get("username", ""))
            if until is not None:
                raise ValidationError(AccountLocked(until).args[0], code="locked") from None
            raise
        user = self.get_user()
        if user is not None and second_factor_required(user):
            if not use_code(user.totp_device, self.cleaned_data.get("otp", "")):
                record_failed_login(user.get_username())  # a wrong code counts towards the lock
                self.user_cache = None
                raise ValidationError("Mã xác thực hai lớp không đúng hoặc đã được dùng.", code="otp")
        return cleaned


class LoginForm(SecondFactorMixin, AuthenticationForm):
    """The workbench's and portal's sign-in form."""

    otp = SecondFactorMixin.otp


class LockoutAdminAuthenticationForm(SecondFactorMixin, AdminAuthenticationForm):
    """The admin's sign-in form (staff only)."""

    otp = SecondFactorMixin.otp
