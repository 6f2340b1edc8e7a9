"""New CSRF secrets and masks from one ``os.urandom`` call each.

Django draws each of the 32 characters of a CSRF secret (and of the mask a page's token carries)
with ``secrets.choice``: 32 system calls per string, about 60 µs, two strings for a visitor
without a cookie. That was about a tenth of the time of the citizen lookup's answer. Here the bytes
are drawn at once and mapped to the same 62 characters without bias: a byte below 248
(= 4 × 62) gives the character ``byte % 62``, a byte from 248 up is dropped (rejection
sampling), so each character is still uniform and independent. ``install`` puts it in place of
``django.middleware.csrf._get_new_csrf_string`` (``web.apps``) if that function is there and
draws the same kind of string; otherwise Django's own stays.
"""

from __future__ import annotations

import os

KEPT = 62 * 4  # the bytes kept: below 248, four per character
_TABLES: dict[str, tuple[bytes, bytes]] = {}  # chars → (byte → character, the bytes dropped)


def new_string(length: int, chars: str) -> str:
    """``length`` characters of ``chars`` (62 of them), each uniform and independent."""
    tables = _TABLES.get(chars)
    if tables is None:
        if len(chars) != 62:
            raise ValueError("62 characters expected")
        tables = _TABLES[chars] = (bytes(ord(chars[b % 62]) if b < KEPT else 0 for b in range(256)),
                                   bytes(range(KEPT, 256)))
    table, dropped = tables
    out = b""
    while len(out) < length:  # 48 bytes keep 32 or more but for about one time in 10^12
        out += os.urandom(length + 16).translate(table, dropped)
    return out[:length].decode("ascii")


def install() -> bool:
    from django.middleware import csrf

    if len(csrf.CSRF_ALLOWED_CHARS) != 62 or not callable(getattr(csrf, "_get_new_csrf_string", None)):
        return False
    if len(csrf._get_new_csrf_string()) != csrf.CSRF_SECRET_LENGTH:
        return False
    chars, length = csrf.CSRF_ALLOWED_CHARS, csrf.CSRF_SECRET_LENGTH
    csrf._get_new_csrf_string = lambda: new_string(length, chars)
    return True
