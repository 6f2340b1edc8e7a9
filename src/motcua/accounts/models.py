"""Login protection: failed attempts per account and the lock they lead to."""

from django.conf import settings
from django.db import models


class LoginThrottle(models.Model):
    """Failed logins of one account name (khoá tạm thời sau nhiều lần đăng nhập sai)."""

    username = models.CharField("tên đăng nhập", max_length=150, unique=True)  # lower-cased
    failures = models.PositiveIntegerField("số lần sai liên tiếp", default=0)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField("khoá đến", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "khoá đăng nhập"


class TotpDevice(models.Model):
    """An official's authenticator app (xác thực hai lớp). Codes are accepted once only."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device")
    secret = models.CharField(max_length=64)
    confirmed = models.BooleanField("đã kích hoạt", default=False)
    last_step = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "xác thực hai lớp"


class ApiToken(models.Model):
    """A token a system uses to call the API on behalf of one account (stored as a hash)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("tên hệ thống", max_length=120)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "mã truy cập API"
