"""The meeting page in Debian's Chromium (Playwright, as tests/e2e does): under the site's Content
Security Policy (no inline script) the static script draws both charts of the pack with Chart.js,
and the browser reports no refused script or style. SQLite pass only; skipped without Chromium
(a failure under CI)."""

from __future__ import annotations

import os

import pytest
from django.conf import settings as django_settings
from django.test import Client

from motcua import timesource
from tests.dossiers.scenario import vn

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def chromium():
    if os.environ.get("MOTCUA_TEST_BACKEND") == "postgresql":
        pytest.skip("browser tests run on the SQLite pass only")
    if not os.access(CHROMIUM, os.X_OK):
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI: {CHROMIUM} is missing", pytrace=False)
        pytest.skip(f"{CHROMIUM} is missing")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop runs in this thread
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                 args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.mark.django_db(transaction=True)
def test_the_charts_draw_under_the_content_security_policy(meetings, world, live_server, settings, chromium):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    timesource.set_provider(lambda: vn(2026, 4, 16, 10))
    try:
        signed = Client()
        signed.force_login(world.users["builder"])
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "url": live_server.url,
                              "value": signed.cookies[django_settings.SESSION_COOKIE_NAME].value}])
        page = context.new_page()
        problems = []
        page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
        page.on("response", lambda r: problems.append(r.url) if r.status >= 400 and "/static/" in r.url else None)
        response = page.goto(f"{live_server.url}/can-bo/giao-ban/{meetings[1].pk}/")
        assert response.status == 200 and "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_function("document.querySelectorAll('canvas[data-chart]').length === 2 && "
                               "Array.from(document.querySelectorAll('canvas[data-chart]'))"
                               ".every(c => window.Chart && window.Chart.getChart(c))", timeout=10_000)
        drawn = page.evaluate("Array.from(document.querySelectorAll('canvas[data-chart]')).map(c => {"
                              "const ch = window.Chart.getChart(c); return [ch.data.labels.length, "
                              "ch.data.datasets.map(d => d.data.reduce((a, b) => a + b, 0))]; })")
        assert drawn == [[5, [10]], [5, [2, 1, 4, 2]]]  # 5 status bars (9 tasks + 1 at risk); 5 units, by status
        assert problems == []
        context.close()
    finally:
        timesource.set_provider(None)
