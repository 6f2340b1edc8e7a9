"""The login form used by the admin (and later the workbench): says, in Vietnamese, why a
locked account cannot log in and until when."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from motcua.accounts.backends import AccountLocked
from motcua.accounts.services import locked_until


class LockoutAdminAuthenticationForm(AdminAuthenticationForm):
    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            until = locked_until(self.data.get("username", ""))
            if until is not None:
                raise ValidationError(AccountLocked(until).args[0], code="locked") from None
            raise
