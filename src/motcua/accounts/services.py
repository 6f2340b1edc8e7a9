"""Writes about logins: count a failure (and lock after too many), clear on success."""

from __future__ import annotations

import functools
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from motcua import sql_rows, timesource
from motcua.accounts.models import ApiToken, LoginThrottle


def _key(username: str) -> str:
    return (username or "").strip().lower()[:150]


def locked_until(username: str, now: datetime | None = None) -> datetime | None:
    """When the account's lock ends, or ``None`` if it may try to log in now."""
    now = now or timesource.now()
    row = LoginThrottle.objects.filter(username=_key(username)).only("locked_until").first()
    return row.locked_until if row and row.locked_until and row.locked_until > now else None


@transaction.atomic
def record_failed_login(username: str, now: datetime | None = None) -> None:
    """One more failure; after ``MOTCUA_LOGIN_MAX_FAILURES`` in a row the account is locked for
    ``MOTCUA_LOGIN_LOCK_MINUTES`` (failures older than the lock period no longer count)."""
    key = _key(username)
    if not key:
        return
    now = now or timesource.now()
    window = timedelta(minutes=settings.MOTCUA_LOGIN_LOCK_MINUTES)
    row, _ = LoginThrottle.objects.select_for_update().get_or_create(username=key)  # row locked
    if row.last_failure_at and now - row.last_failure_at > window:
        row.failures = 0
    row.failures += 1
    row.last_failure_at = now
    if row.failures >= settings.MOTCUA_LOGIN_MAX_FAILURES:
        row.locked_until, row.failures = now + window, 0
    row.save(update_fields=["failures", "last_failure_at", "locked_until"])


def record_successful_login(username: str) -> None:
    LoginThrottle.objects.filter(username=_key(username)).update(failures=0, locked_until=None)


def start_second_factor(user) -> str:
    """Create (or replace) the user's authenticator secret; returns the provisioning URI."""
    from motcua.accounts.models import TotpDevice
    from motcua.accounts.totp import new_secret, provisioning_uri

    secret = new_secret()
    TotpDevice.objects.update_or_create(user=user, defaults={"secret": secret, "confirmed": False, "last_step": 0})
    return provisioning_uri(secret, user.get_username())


def confirm_second_factor(user, code: str, now: datetime | None = None) -> bool:
    """Turn the second factor on once the app shows a right code."""
    from motcua.accounts.models import TotpDevice

    device = TotpDevice.objects.filter(user=user).first()
    if device is None or not use_code(device, code, now):
        return False
    TotpDevice.objects.filter(pk=device.pk).update(confirmed=True)
    return True


@transaction.atomic
def use_code(device, code: str, now: datetime | None = None) -> bool:
    """Accept a code once: a code already used (or an older one) is refused, against replay."""
    from motcua.accounts.models import TotpDevice
    from motcua.accounts.totp import matching_step

    device = TotpDevice.objects.select_for_update().get(pk=device.pk)
    step = matching_step(device.secret, code, now or timesource.now())
    if step is None or step <= device.last_step:
        return False
    TotpDevice.objects.filter(pk=device.pk).update(last_step=step)
    return True


def second_factor_required(user) -> bool:
    from motcua.accounts.models import TotpDevice

    return TotpDevice.objects.filter(user=user, confirmed=True).exists()


def stop_second_factor(user) -> None:
    from motcua.accounts.models import TotpDevice

    TotpDevice.objects.filter(user=user).delete()


TOKEN_USE_RESOLUTION = timedelta(minutes=15)


def _digest(token: str) -> str:
    import hashlib

    return hashlib.sha256(token.encode()).hexdigest()


def issue_api_token(user, name: str) -> str:
    """A new token for ``user``; it is shown once and only its hash is kept."""
    import secrets

    token = "mc_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name.strip() or "API", digest=_digest(token))
    return token


@functools.cache
def _token_sql() -> tuple[str, tuple[str, ...]]:
    user = get_user_model()
    fields = sql_rows.every_field(user)
    return (f"SELECT t.id, {sql_rows.columns(ApiToken, ('last_used_at',), 't')}, {sql_rows.columns(user, fields, 'u')} "
            f"FROM {ApiToken._meta.db_table} t JOIN {user._meta.db_table} u ON u.id = t.user_id WHERE t.digest = %s"), fields


def user_for_token(token: str):
    """The active account behind a token, or None (read on every API call: a constant statement)."""
    sql, fields = _token_sql()
    rows = sql_rows.fetch(sql, [_digest(token or "")])
    if not rows:
        return None
    pk, (last_used_at,) = rows[0][0], sql_rows.values(ApiToken, ("last_used_at",), rows[0], 1)
    user = sql_rows.instance(get_user_model(), fields, rows[0], 2)
    if not user.is_active:
        return None
    now = timesource.now()
    if last_used_at is None or now - last_used_at > TOKEN_USE_RESOLUTION:
        # Recorded to the quarter hour: a write on every call would serialise a system's requests.
        ApiToken.objects.filter(pk=pk).update(last_used_at=now)
    return user


def _lookup_limits():
    from motcua.accounts.models import LookupThrottle

    return {
        LookupThrottle.Scope.IP: (settings.MOTCUA_LOOKUP_IP_MAX_FAILURES,
                                  timedelta(minutes=settings.MOTCUA_LOOKUP_IP_WINDOW_MINUTES)),
        LookupThrottle.Scope.CODE: (settings.MOTCUA_LOOKUP_CODE_MAX_FAILURES,
                                    timedelta(minutes=settings.MOTCUA_LOOKUP_CODE_WINDOW_MINUTES)),
    }


@transaction.atomic
def record_failed_lookup(ip: str, code: str, now: datetime | None = None) -> datetime | None:
    """One failed lookup (tra cứu sai) from ``ip`` on ``code``, whether or not the code exists.

    If the address or the code is already blocked, nothing is counted and the end of the block is
    returned (the caller answers 429). Otherwise the failure counts for both; the one that reaches
    its limit (``MOTCUA_LOOKUP_IP_MAX_FAILURES`` in ``MOTCUA_LOOKUP_IP_WINDOW_MINUTES``, or
    ``MOTCUA_LOOKUP_CODE_MAX_FAILURES`` in ``MOTCUA_LOOKUP_CODE_WINDOW_MINUTES``) is blocked until
    its window closes, from the next lookup on; ``None`` is returned."""
    from motcua.accounts.models import LookupThrottle

    now = now or timesource.now()
    Scope = LookupThrottle.Scope
    rows, created = [], False
    for scope, key in ((Scope.IP, (ip or "?")[:80]), (Scope.CODE, (code or "")[:80])):  # always this order
        row, new = LookupThrottle.objects.select_for_update().get_or_create(
            scope=scope, key=key, defaults={"window_ends_at": now})
        rows.append(row)
        created = created or new
    if created:  # keep the table small: rows whose window has closed say nothing any more
        LookupThrottle.objects.filter(window_ends_at__lt=now).exclude(pk__in=[r.pk for r in rows]).delete()
    blocked = [r.blocked_until for r in rows if r.blocked_until and r.blocked_until > now]
    if blocked:
        return max(blocked)
    limits = _lookup_limits()
    for row in rows:
        limit, window = limits[row.scope]
        if row.window_ends_at <= now:  # a new window opens with this failure
            row.failures, row.window_ends_at = 0, now + window
        row.failures += 1
        row.blocked_until = row.window_ends_at if row.failures >= limit else None
        row.save(update_fields=["failures", "window_ends_at", "blocked_until"])
    return None
