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


class LookupThrottle(models.Model):
    """Failed dossier lookups (tra cứu hồ sơ bằng mã và 4 số cuối) from one client address or on
    one dossier code, against guessing the 10,000 four-digit endings. Failures count within a
    window that opens at the first one; past the limit, lookups are refused until it closes."""

    class Scope(models.TextChoices):
        IP = "ip", "địa chỉ máy"
        CODE = "code", "mã hồ sơ"

    scope = models.CharField("phạm vi", max_length=4, choices=Scope.choices)
    key = models.CharField("địa chỉ hoặc mã hồ sơ", max_length=80)
    failures = models.PositiveIntegerField("số lần sai trong khoảng", default=0)
    window_ends_at = models.DateTimeField("khoảng đếm kết thúc lúc")
    blocked_until = models.DateTimeField("chặn đến", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "chặn tra cứu hồ sơ"
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="lookup_throttle_unique")]
        indexes = [models.Index(fields=["window_ends_at"], name="lookup_throttle_window_idx")]
