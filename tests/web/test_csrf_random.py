"""CSRF secrets and masks drawn from one ``os.urandom`` call (``web.csrf_random``): in place of
Django's, the same 32 characters of the same alphabet, each uniform (a chi-square test that a
mapping without the rejection of bytes 248–255 fails by far), and the tokens pages carry still
unmask to the cookie's secret."""

from collections import Counter

from django.middleware import csrf
from django.test import RequestFactory

from motcua.web.csrf_random import new_string

# chi-square, 61 degrees of freedom: exceeded by chance once in 10,000 runs
CRITICAL = 110.0


def chi_square(counts: Counter, alphabet: str) -> float:
    n = sum(counts.values())
    expected = n / len(alphabet)
    return sum((counts.get(c, 0) - expected) ** 2 / expected for c in alphabet)


def test_django_draws_its_secrets_here():
    assert csrf._get_new_csrf_string.__module__ == "motcua.web.csrf_random"
    secrets = {csrf._get_new_csrf_string() for _ in range(2000)}
    assert len(secrets) == 2000
    assert all(len(s) == csrf.CSRF_SECRET_LENGTH and set(s) <= set(csrf.CSRF_ALLOWED_CHARS) for s in secrets)


def test_every_character_is_uniform_at_every_position():
    chars = csrf.CSRF_ALLOWED_CHARS
    strings = [new_string(32, chars) for _ in range(12_000)]
    assert chi_square(Counter("".join(strings)), chars) < CRITICAL
    assert chi_square(Counter(s[0] for s in strings), chars) < CRITICAL
    assert chi_square(Counter(s[-1] for s in strings), chars) < CRITICAL


def test_the_bias_this_avoids_is_seen():
    import os

    chars = csrf.CSRF_ALLOWED_CHARS
    biased = "".join(chars[b % 62] for b in os.urandom(384_000))  # bytes 248–255 kept: 8 characters favoured
    assert chi_square(Counter(biased), chars) > 10 * CRITICAL


def test_a_pages_token_unmasks_to_the_cookies_secret():
    request = RequestFactory().get("/tra-cuu/")
    token = csrf.get_token(request)
    assert len(token) == 2 * csrf.CSRF_SECRET_LENGTH and set(token) <= set(csrf.CSRF_ALLOWED_CHARS)
    assert csrf._unmask_cipher_token(token) == request.META["CSRF_COOKIE"]
    assert csrf.get_token(request) != token  # a new mask each time, the same secret
