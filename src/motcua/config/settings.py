"""Django settings, driven by environment variables with safe defaults.

MOTCUA_DATABASE_URL  database (default: SQLite file ``motcua.sqlite3`` in the working directory)
MOTCUA_SECRET_KEY    secret key (required when MOTCUA_DEBUG is off)
MOTCUA_DEBUG         "1" for development pages and errors (default off)
MOTCUA_ALLOWED_HOSTS comma-separated host names (default 127.0.0.1,localhost)
MOTCUA_CONN_MAX_AGE  seconds a database connection is kept between requests (default 0: closed each time)
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = os.environ.get("MOTCUA_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("MOTCUA_SECRET_KEY") or (
    "motcua-insecure-development-key" if DEBUG or os.environ.get("MOTCUA_DEMO") else ""
)
if not SECRET_KEY:
    # Commands that never sign anything (migrate, calendar, bench) still work; the web server refuses.
    SECRET_KEY = "motcua-unset-" + os.urandom(16).hex()
ALLOWED_HOSTS = os.environ.get("MOTCUA_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "motcua.accounts",
    "motcua.units",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.documents",
    "motcua.quality",
    "motcua.surveys",
    "motcua.programmes",
    "motcua.reporting",
    "motcua.briefings",
    "motcua.evaluation",
    "motcua.complaints",
    "motcua.portal",
    "motcua.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "motcua.config.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "motcua.web.guards.ViewerMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "motcua.config.urls"
WSGI_APPLICATION = "motcua.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            # {{ user|person }}: names in Vietnamese order; {% pager %}: a list's previous/next links
            "builtins": ["motcua.web.templatetags.people", "motcua.web.templatetags.paging"],
            "libraries": {"i18n": "motcua.web.templatetags.i18n_kept"},  # literal translations kept per language
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.reporting.badge.notices",  # {{ unread_notices }} in the menu
            ],
        },
    },
]
# The one template library named twice is ours on purpose: ``i18n`` above replaces Django's
# (tests/web/test_i18n_kept.py checks it renders what Django's does).
SILENCED_SYSTEM_CHECKS = ["templates.W003"]


def database_from_url(url: str) -> dict:
    """One database from a URL; SQLite gets WAL, IMMEDIATE transactions and a busy timeout."""
    # Persistent connections (seconds; 0 = one per request) for a server with long-lived workers.
    config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("MOTCUA_CONN_MAX_AGE", "0")))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            # 2 KiB pages: a dossier row still fits one page, and each commit writes half the bytes
            # to the WAL (measured: ~6% more dossier acts per second than 4 KiB); applies to new files.
            "init_command": (
                "PRAGMA page_size=2048; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA cache_size=-64000; PRAGMA wal_autocheckpoint=10000;"
            ),
        }
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # Parameters bound on the server, and a statement run five times on a connection is
        # prepared: the pages' repeated queries are parsed and planned once per worker.
        config["OPTIONS"] = {"prepare_threshold": 5, "server_side_binding": True}
    return config


DATABASE_URL = os.environ.get("MOTCUA_DATABASE_URL", f"sqlite:///{Path.cwd() / 'motcua.sqlite3'}")
DATABASES = {"default": database_from_url(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Every login goes through the lockout check first (accounts.backends).
AUTHENTICATION_BACKENDS = ["motcua.accounts.backends.LockoutBackend"]
MOTCUA_LOGIN_MAX_FAILURES = int(os.environ.get("MOTCUA_LOGIN_MAX_FAILURES", "5"))
MOTCUA_LOGIN_LOCK_MINUTES = int(os.environ.get("MOTCUA_LOGIN_LOCK_MINUTES", "15"))

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

LOCALE_PATHS = [BASE_DIR / "web" / "locale"]
LOGIN_URL = "/dang-nhap/"

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("MOTCUA_STATIC_ROOT", Path.cwd() / "var" / "static"))

# Citizens' attachments: outside the web root, served only through a view that checks access.
MOTCUA_UPLOAD_DIR = Path(os.environ.get("MOTCUA_UPLOAD_DIR", Path.cwd() / "var" / "uploads"))
MOTCUA_UPLOAD_MAX_BYTES = int(os.environ.get("MOTCUA_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

SESSION_ENGINE = "motcua.accounts.sessions"  # Django's database sessions, read by one precompiled statement
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG and os.environ.get("MOTCUA_INSECURE_COOKIES") != "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Province whose calendar and office hours apply by default (official code; 01 = Hà Nội).
MOTCUA_PROVINCE_CODE = os.environ.get("MOTCUA_PROVINCE_CODE", "01")
# Dossier code pattern (Decree 118 Art. 28); fields: agency_identifier, yymmdd, sequence.
MOTCUA_DOSSIER_CODE_PATTERN = os.environ.get(
    "MOTCUA_DOSSIER_CODE_PATTERN", "{agency_identifier}-{yymmdd}-{sequence:04d}"
)

# Public lookup of a dossier by code and the last 4 digits (tra cứu hồ sơ): failed lookups are
# counted per client address and per dossier code; past a limit the address (or, for everyone,
# the code) gets 429 until the counting window closes. 5 per hour per code: guessing one code's
# 10,000 endings (two of which match: ID and phone) takes about 4 weeks on average, however many
# machines guess.
MOTCUA_LOOKUP_IP_MAX_FAILURES = int(os.environ.get("MOTCUA_LOOKUP_IP_MAX_FAILURES", "10"))
MOTCUA_LOOKUP_IP_WINDOW_MINUTES = int(os.environ.get("MOTCUA_LOOKUP_IP_WINDOW_MINUTES", "10"))
MOTCUA_LOOKUP_CODE_MAX_FAILURES = int(os.environ.get("MOTCUA_LOOKUP_CODE_MAX_FAILURES", "5"))
MOTCUA_LOOKUP_CODE_WINDOW_MINUTES = int(os.environ.get("MOTCUA_LOOKUP_CODE_WINDOW_MINUTES", "60"))
# Citizens' ratings (Decree 118 Art. 33): a rating may be changed for this many calendar days.
MOTCUA_RATING_CHANGE_DAYS = int(os.environ.get("MOTCUA_RATING_CHANGE_DAYS", "7"))
# Decision 766 indicator 1.4: a dossier counts as synced to the national portal once received
# with its code (set false where the province's connector reports syncs itself).
MOTCUA_SYNC_TO_PORTAL = os.environ.get("MOTCUA_SYNC_TO_PORTAL", "true").lower() in ("1", "true", "yes")
# A one-time rating link (QR on the result slip) works for this many calendar days after it is issued.
MOTCUA_RATING_LINK_DAYS = int(os.environ.get("MOTCUA_RATING_LINK_DAYS", "30"))

# E-mail (reminders, escalations, letters to filers) through Django's mail backend. Without an SMTP
# host, mail is written to files under var/mail (nothing is lost and nothing leaves the machine).
MOTCUA_EMAIL_HOST = os.environ.get("MOTCUA_EMAIL_HOST", "")
if MOTCUA_EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = MOTCUA_EMAIL_HOST
    EMAIL_PORT = int(os.environ.get("MOTCUA_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("MOTCUA_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("MOTCUA_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("MOTCUA_EMAIL_TLS", "1") == "1"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = Path(os.environ.get("MOTCUA_EMAIL_DIR", Path.cwd() / "var" / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("MOTCUA_EMAIL_FROM", "motcua <khong-tra-loi@motcua.local>")
MOTCUA_SITE_URL = os.environ.get("MOTCUA_SITE_URL", "")  # prefix of links in e-mails, e.g. https://dichvucong.hanoi.gov.vn
MOTCUA_CASE_LETTERS_BY_EMAIL = os.environ.get("MOTCUA_CASE_LETTERS_BY_EMAIL", "1") == "1"  # letters to filers (PAKN, complaints)
