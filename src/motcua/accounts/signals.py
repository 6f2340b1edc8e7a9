"""Every login attempt, through any form (admin, workbench, API), updates the throttle."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from motcua.accounts.services import record_failed_login, record_successful_login


@receiver(user_login_failed, dispatch_uid="motcua-login-failed")
def _failed(sender, credentials, request=None, **kwargs):
    record_failed_login(credentials.get("username", ""))


@receiver(user_logged_in, dispatch_uid="motcua-logged-in")
def _succeeded(sender, request, user, **kwargs):
    record_successful_login(user.get_username())
