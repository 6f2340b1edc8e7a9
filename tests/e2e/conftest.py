"""Browser tests: Playwright (sync API) drives Debian's Chromium against pytest-django's live
server, one journey per file, like a person would: type, tick, click, sign out, sign in as the
next official. Each test leaves a full-page screenshot of its last page in tests/e2e/screens/.

- The browser is Debian's ``/usr/bin/chromium`` (``apt-get install -y chromium fonts-liberation2``);
  Playwright never downloads one. Missing Chromium: a failure with CI=true, else a skip.
- They run on the SQLite pass of ``motcua.testing.suite`` only (skipped on the PostgreSQL pass).
- Time: every page reads "now" from ``motcua.timesource``; the ``clock`` fixture fixes it (and the
  test moves it on between steps), so due times and codes on the pages are the same every run.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest

from motcua import timesource
from motcua.rules.calendar import VN_TZ
from tests.dossiers.conftest import fresh_calendar, world  # noqa: F401  (shared world)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HERE = Path(__file__).parent
SCREENS = HERE / "screens"
PASSWORD = "Mk-e2e-2026-motcua"
TIMEOUT_MS = 10_000

#: the world's users as people with names (the pages show full names)
NAMES = {
    "reception": "Trần Thị Lan", "reception2": "Phạm Văn Hải", "commune_officer": "Lê Văn Nam",
    "commune_chair": "Nguyễn Thị Hoa", "builder": "Đỗ Minh Tuấn", "builder_head": "Vũ Quang Huy",
    "police_officer": "Hoàng Văn Công", "culture_officer": "Bùi Thị Mai", "culture_head": "Đặng Văn Long",
    "justice_head": "Ngô Thị Thu", "citizen": "Nguyễn Văn Đình", "other_citizen": "Trịnh Thị Bích",
}


def vn(y, m, d, hh=9, mm=0) -> datetime:
    """A moment in Hà Nội time."""
    return datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


def hm_dmy(moment: datetime) -> str:
    """How the pages print a moment: ``09:00 23/03/2026`` (Hà Nội time)."""
    return moment.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")


# -- running only where a browser can run ---------------------------------------------------------

def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: browser tests (Playwright + Debian's Chromium), SQLite pass only")


def pytest_collection_modifyitems(config, items):
    on_postgres = os.environ.get("MOTCUA_TEST_BACKEND") == "postgresql"
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)
            if on_postgres:
                item.add_marker(pytest.mark.skip(reason="browser tests run on the SQLite pass only"))


def _ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for the whole e2e package.

    Package scope (not session): Playwright's sync API keeps an asyncio loop running in this
    thread while it is started, which makes Django refuse ORM calls ("async context"); the
    tests here are allowed them, and the loop and the allowance end with this directory, so
    tests collected after tests/e2e keep Django's check."""
    if not os.access(CHROMIUM, os.X_OK):
        message = f"{CHROMIUM} is missing: sudo apt-get install -y chromium fonts-liberation2"
        if _ci():
            pytest.fail(f"CI: {message}", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# -- the server, its settings and its clock -------------------------------------------------------

@pytest.fixture
def site(live_server, settings):
    """The live server's base URL, with the cookies working over plain http."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_CODE = "vi"
    return live_server.url


class Clock:
    """The time every service and page reads (``motcua.timesource``), moved on by the test."""

    def __init__(self, start: datetime):
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def set(self, moment: datetime) -> datetime:
        self.moment = moment
        return moment

    def advance(self, **delta) -> datetime:
        self.moment += timedelta(**delta)
        return self.moment


@pytest.fixture
def clock():
    """Monday 02/03/2026 08:30 in Hà Nội unless the test sets another moment."""
    fixed = Clock(vn(2026, 3, 2, 8, 30))
    timesource.set_provider(fixed)
    yield fixed
    timesource.set_provider(None)


@pytest.fixture
def people(world, clock, settings):  # noqa: F811  (the shared ``world`` fixture)
    """The world's users with names and a password, so that they can sign in through the form.

    Passwords are hashed with a fast hasher here (Argon2 costs ~0.7 s per sign-in on a CI
    machine); the form, the lockout backend and the session are the real ones."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    hashed = None
    for username, user in world.users.items():
        if hashed is None:
            user.set_password(PASSWORD)
            hashed = user.password
        else:
            user.password = hashed  # the same password: one Argon2 hash is enough
        user.first_name = NAMES.get(username, username)
        user.save()
    return world


# -- the page, signing in and out, the final screenshot -------------------------------------------

def _new_tab(browser, site):
    context = browser.new_context(base_url=site, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


@pytest.fixture
def page(browser, site):
    """The browser of the person the journey follows (its last page is the test's screenshot)."""
    tab = _new_tab(browser, site)
    yield tab
    tab.context.close()


@pytest.fixture
def desk(browser, site):
    """A second computer (own cookies), e.g. the officials' desk while the citizen stays signed
    in at home."""
    tab = _new_tab(browser, site)
    yield tab
    tab.context.close()


@pytest.fixture(autouse=True)
def final_screenshot(request, page):
    """After each test (passed or failed), its last page as tests/e2e/screens/<test name>.png,
    kept as a CI artefact. (Set up after ``page``, so torn down before the page closes.)"""
    yield
    if page.is_closed():
        return
    SCREENS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


@pytest.fixture
def sign_in(page):
    """Sign in through the real login form as ``username``, landing on ``next`` (on ``tab``,
    the journey's page unless told)."""
    from playwright.sync_api import expect

    def sign_in(username: str, next: str = "/can-bo/", password: str = PASSWORD, *, tab=None):
        tab = tab or page
        tab.goto(f"/dang-nhap/?next={quote(next)}")
        tab.get_by_label("Tên đăng nhập").fill(username)
        tab.get_by_label("Mật khẩu", exact=True).fill(password)
        tab.get_by_role("button", name="Đăng nhập").click()
        # the server found the user the test created: the top bar greets them by name
        expect(tab.locator(".topbar .who")).to_have_text(NAMES.get(username, username))
        return tab

    return sign_in


@pytest.fixture
def sign_out(page):
    from playwright.sync_api import expect

    def sign_out(*, tab=None):
        tab = tab or page
        tab.locator(".topbar").get_by_role("button", name="Đăng xuất").click()
        expect(tab).to_have_url(re.compile(r"/dang-nhap/"))
        expect(tab.locator(".topbar .who")).to_have_count(0)

    return sign_out


@pytest.fixture
def act(page):
    """Make an act from the dossier page as a person does: press its button, fill its form
    (``{label: value}``; a list value picks an option), confirm, and read the success message."""
    from playwright.sync_api import expect

    def act(name: str, fields: dict | None = None, *, success: str | None = None, tab=None):
        tab = tab or page
        tab.locator(f"a[data-act={name}]").click()
        expect(tab).to_have_url(re.compile(rf"/can-bo/ho-so/\d+/viec/{name}/$"))
        label = tab.locator("main h1").inner_text().strip()
        for field, value in (fields or {}).items():
            if isinstance(value, list):  # a select (a checkbox's label may contain the same words)
                tab.get_by_role("combobox", name=field).select_option(label=value[0])
            else:
                tab.get_by_label(field).fill(str(value))
        tab.get_by_role("button", name=label, exact=True).click()
        expect(tab).to_have_url(re.compile(r"/can-bo/ho-so/\d+/$"))
        expect(tab.locator("ul.messages li.success")).to_have_text(success or f"Đã {label.lower()}.")
        return tab

    return act


def rate_on_portal(page, overall: str, criteria: dict | None = None, comment: str = ""):
    """On the applicant's dossier page: «Đánh giá», one choice per criterion, send, and see thanks."""
    from playwright.sync_api import expect

    page.locator("#rate").click()
    expect(page.locator("main h1")).to_have_text("Đánh giá mức độ hài lòng")

    def group(legend: str):
        return page.locator("fieldset fieldset", has=page.locator("legend", has_text=legend))

    for criterion, level in (criteria or {}).items():
        group(criterion).get_by_label(level, exact=True).check()
    group("Mức độ hài lòng chung").get_by_label(overall, exact=True).check()
    if comment:
        page.get_by_label("Ý kiến khác").fill(comment)
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.locator("ul.messages li.success")).to_have_text("Cảm ơn ông/bà đã đánh giá.")
    expect(page.locator("main")).to_contain_text("Ông/bà đã đánh giá lúc")
    expect(group("Mức độ hài lòng chung").get_by_label(overall, exact=True)).to_be_checked()
