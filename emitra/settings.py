"""Settings, all from the environment with working laptop defaults (DESIGN: Configuration).

EMITRA_ENV picks the profile: "local" (default; `emitra up` on a laptop),
"production" (HTTPS only, secure cookies, HSTS) or "test" (emitra.test_settings).
"""
import logging.config
from pathlib import Path

import dj_database_url

from emitra import conf

BASE_DIR = Path(__file__).resolve().parent
ENV = conf.env("EMITRA_ENV", "local")
if ENV not in ("local", "production", "test"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("EMITRA_ENV must be local, production or test")
PRODUCTION = ENV == "production"
DATA_DIR = conf.data_dir()

SECRET_KEY = conf.env("EMITRA_SECRET_KEY") or conf.secret_in_data_dir(
    "secret_key", conf.make_secret_key
)
DEBUG = conf.env_bool("EMITRA_DEBUG", False)
ALLOWED_HOSTS = conf.env("EMITRA_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
# The public address of the portal, used where a request is not at hand
# (links in messages, the QR on a receipt). Empty: taken from the request.
BASE_URL = conf.env("EMITRA_BASE_URL").rstrip("/")
# The public receipt verification page (/v/<signed number>/, the QR on every
# receipt, F14) answers at most this many requests a minute from one client
# address; more get 429.
VERIFY_PER_MINUTE = conf.env_int("EMITRA_VERIFY_PER_MINUTE", 30)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "emitra.core",
    "emitra.sso",
    "oauth2_provider",  # after sso, whose templates stand in for the toolkit's consent and logout pages
    "emitra.accounts",
    "emitra.network",
    "emitra.notifications",
    "emitra.ledger",
    "emitra.wallet",
    "emitra.catalogue",
    "emitra.billers",
    "emitra.payments",
    "emitra.commissions",
    "emitra.applications",
    "emitra.documents",
    "emitra.payouts",
    "emitra.deptapi",
    "emitra.helpdesk",
    "emitra.reports",
    # `emitra demo` and `emitra up`: above every app, so that core imports none (issue 14 req. 3)
    "emitra.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "emitra.core.middleware.RequestLogMiddleware",
    "emitra.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "emitra.core.middleware.CompressionMiddleware",  # brotli for a page where the browser takes it, else gzip
    "django.middleware.csrf.CsrfViewMiddleware",
    "emitra.core.middleware.CsrfCookieOnceMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "emitra.accounts.middleware.PersonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "emitra.urls"
CSRF_FAILURE_VIEW = "emitra.core.views.csrf_failure"
WSGI_APPLICATION = "emitra.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.messages.context_processors.messages",
                "emitra.accounts.context_processors.person",
                # the kiosk's wallet on every kiosk page: the one way a page gets it (F23)
                "emitra.wallet.context_processors.wallet",
            ],
            "builtins": ["emitra.core.templatetags.emitra"],
        },
    }
]
# widgets: the commonest drawn in Python to Django's own bytes (issue 14; emitra.core.renderers)
FORM_RENDERER = "emitra.core.renderers.WidgetRenderer"

# Databases: SQLite (WAL, IMMEDIATE transactions) unless DATABASE_URL is set.
DATABASE_URL = conf.env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # No JIT compilation: a report's grouped or windowed query over a month is estimated dear
        # enough for PostgreSQL to compile it, which took 80-140 ms of a 250 ms query (measured by
        # emitra bench reports; issue 13) and is never repaid by queries that read an index range.
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
        # The statements every request or payment makes (emitra.core.database.planned_cursor) are
        # prepared on the server after a few runs on a connection and planned once there: planning
        # the session's statement alone was ~0.9 ms of PostgreSQL's CPU a request (issue 14).
        # Behind a PgBouncer in transaction pooling mode older than 1.21, set EMITRA_PG_PREPARED=false.
        if conf.env_bool("EMITRA_PG_PREPARED", True):
            DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 5
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "emitra.sqlite3",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# models.W040 "SQLite does not support indexes with non-key columns": the INCLUDE columns of the
# reports' indexes (payments_line_live_day) let PostgreSQL answer from the index alone; SQLite builds
# the same index on its key columns, which is all it needs, so every command there need not say so
SILENCED_SYSTEM_CHECKS = ["models.W040"]

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "emitra_cache",
    }
}
# Django's database sessions, in a table that names the person: the session, its person and
# memberships are read in one statement (emitra.accounts.session, issue 14)
SESSION_ENGINE = "emitra.accounts.session"

# The identity provider's accounts are Django's users; the portal's people
# (accounts.Person) are signed in only through OIDC (F2).
AUTH_USER_MODEL = "sso.Identity"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "sso:login"

# Single sign-on (F2, F7): the portal is an OIDC relying party. With no
# OIDC_ISSUER it uses the bundled provider at <this site>/sso.
OIDC_ISSUER = conf.env("OIDC_ISSUER").rstrip("/")
OIDC_CLIENT_ID = conf.env("OIDC_CLIENT_ID", "emitra-portal")
OIDC_CLIENT_SECRET = conf.env("OIDC_CLIENT_SECRET")
OIDC_SCOPES = conf.env("OIDC_SCOPES", "openid profile email phone")
# The claim that carries the person's SSO ID at the issuer.
OIDC_SSO_ID_CLAIM = conf.env("OIDC_SSO_ID_CLAIM", "preferred_username")
OIDC_TIMEOUT = conf.env_int("OIDC_TIMEOUT", 10)

OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"  # named, so sso.NativeClient can point to it
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": conf.env("EMITRA_OIDC_KEY")
    or conf.secret_in_data_dir("oidc_rsa_key.pem", conf.make_rsa_key),
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    "PKCE_REQUIRED": True,
    "SCOPES": {
        "openid": "OpenID Connect",
        "profile": "Name and SSO ID",
        "email": "E-mail address",
        "phone": "Mobile number",
        # the department API (F29): granted per department client by DoIT, never to a person
        "applications:read": "Read the department's applications and their documents",
        "applications:write": "Decide the department's applications",
        "collections:read": "Read the department's collections",
    },
    "SCOPES_BACKEND_CLASS": "emitra.deptapi.scopes.Scopes",
    "OAUTH2_VALIDATOR_CLASS": "emitra.sso.oidc.Validator",
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 120,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    # RFC 9700 (OAuth 2.0 security best practice) in full; plain-http
    # redirect URIs only off production, for a laptop's 127.0.0.1.
    **{f"COMPLIANT_BCP_RFC9700_{flag}": True for flag in (
        "IMPLICIT_GRANT", "PASSWORD_GRANT", "PKCE_METHOD", "ACCESS_TOKEN_TRANSPORT", "AUTHZ_RESPONSE_ISS",
        "TOKEN_STORAGE", "REFRESH_TOKEN", "REDIRECT_URI_MATCHING", "PKCE_REQUIRED")},
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": PRODUCTION,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"] if PRODUCTION else ["http", "https"],
}

# named so that a migration's foreign key to a client (emitra.deptapi) can say it, as the toolkit's own do
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Notifications: "console" writes messages to the log and to
# <data dir>/outbox.log; "smtp" uses EMAIL_* settings.
SMS_GATEWAY = conf.env("EMITRA_SMS_GATEWAY", "console")  # console | http
# An HTTP SMS gateway in the style of India's government gateways (NIC/C-DAC):
# every message names its registered DLT template (F26).
SMS_HTTP_URL = conf.env("EMITRA_SMS_HTTP_URL")
SMS_HTTP_USERNAME = conf.env("EMITRA_SMS_HTTP_USERNAME")
SMS_HTTP_PASSWORD = conf.env("EMITRA_SMS_HTTP_PASSWORD")
SMS_HTTP_API_KEY = conf.env("EMITRA_SMS_HTTP_API_KEY")
SMS_SENDER_ID = conf.env("EMITRA_SMS_SENDER_ID", "EMITRA")
SMS_DLT_ENTITY_ID = conf.env("EMITRA_SMS_DLT_ENTITY_ID")
# "payment_receipt:hi=1107...,payment_receipt:en=1107...,..."
SMS_DLT_TEMPLATE_IDS = dict(
    item.split("=", 1) for item in conf.env("EMITRA_SMS_DLT_TEMPLATE_IDS").split(",") if "=" in item
)
NOTIFY_MAX_ATTEMPTS = conf.env_int("EMITRA_NOTIFY_MAX_ATTEMPTS", 8)
# Postings to departments (emitra.payments.settlement): attempts before a posting is
# failed; back-off doubles from DEPT_POSTING_RETRY_BASE_SECONDS (30) up to an hour.
DEPT_POSTING_MAX_ATTEMPTS = conf.env_int("EMITRA_DEPT_POSTING_MAX_ATTEMPTS", 6)
# Commission payouts (emitra.payouts, F9): "neft_file" (the LSP or DoIT downloads a NEFT
# bulk file and uploads the bank's response) or "bank_api" (sent to EMITRA_PAYOUT_BANK_URL
# in the background, asked about with back-off up to EMITRA_PAYOUT_BANK_MAX_ATTEMPTS times).
PAYOUT_CHANNEL = conf.env("EMITRA_PAYOUT_CHANNEL", "neft_file")
if PAYOUT_CHANNEL not in ("neft_file", "bank_api"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("EMITRA_PAYOUT_CHANNEL is neft_file or bank_api")
PAYOUT_BANK_URL = conf.env("EMITRA_PAYOUT_BANK_URL")
PAYOUT_BANK_API_KEY = conf.env("EMITRA_PAYOUT_BANK_API_KEY")
PAYOUT_BANK_MAX_ATTEMPTS = conf.env_int("EMITRA_PAYOUT_BANK_MAX_ATTEMPTS", 8, minimum=1)
# What `emitra deliver_outbox` sweeps every 60 s: messages, postings to departments,
# bank-API payouts, the monthly automatic payouts, each month's volume tiers.
OUTBOX_SWEEPERS = [
    "emitra.notifications.services.deliver_due",
    "emitra.payments.settlement.deliver_due",
    "emitra.payouts.bank_api.sweep",
    "emitra.payouts.monthly.sweep",
    "emitra.commissions.tiers.sweep",
]
EMAIL_BACKEND = conf.env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = conf.env("EMAIL_HOST", "localhost")
EMAIL_PORT = conf.env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = conf.env("DEFAULT_FROM_EMAIL", "e-Mitra <no-reply@emitra.localhost>")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("hi", "हिन्दी")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Kolkata"
# dates shown and read as DD-MM-YYYY in English and Hindi alike (issue 9 item 18)
FORMAT_MODULE_PATH = ["emitra.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": DATA_DIR / "media"}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 31536000
# Only the portal's own pages use its static files: no `Access-Control-Allow-Origin: *` on each
# (30 bytes a file down a GPRS link, issue 12 req. 3)
WHITENOISE_ALLOW_ALL_ORIGINS = False
# Files served at the site's root: /favicon.ico, a 108-byte icon that every browser asks
# for, cached for a year instead of a 404 page on every first visit (issue 12 req. 1).
WHITENOISE_ROOT = BASE_DIR / "core" / "root"
# Uploaded files (the document locker, F30) go through Django's storage API: the data
# folder above, or an S3-compatible bucket through django-storages when EMITRA_S3_BUCKET
# is set (several servers share it; `pip install -e '.[s3]'`).
if S3_STORAGE := conf.s3_storage():
    STORAGES["default"] = S3_STORAGE
# The document locker (F30): the largest file taken, and how long a kiosk that opened a
# citizen's locker with the citizen's one-time code keeps it open (one visit).
DOCUMENT_MAX_BYTES = conf.env_int("EMITRA_DOCUMENT_MAX_BYTES", 5 * 1024 * 1024, minimum=1)
LOCKER_GRANT_MINUTES = conf.env_int("EMITRA_LOCKER_GRANT_MINUTES", 60, minimum=1)
# Issue tickets (F34): the handling desk's SLA and how long a reporter may reopen a resolved ticket
TICKET_FIRST_RESPONSE_HOURS = conf.env_int("EMITRA_TICKET_FIRST_RESPONSE_HOURS", 24, minimum=1)
TICKET_RESOLUTION_HOURS = conf.env_int("EMITRA_TICKET_RESOLUTION_HOURS", 72, minimum=1)
TICKET_REOPEN_DAYS = conf.env_int("EMITRA_TICKET_REOPEN_DAYS", 7, minimum=1)
# tickets raised without signing in (the public receipt check), per client address per day
PUBLIC_TICKETS_PER_DAY = conf.env_int("EMITRA_PUBLIC_TICKETS_PER_DAY", 3, minimum=1)
# DigiLocker (F30, issue 11 req. 7): the portal as an Authorized Partner (OAuth 2.0
# authorization code with PKCE). Unset: the local locker alone, and no DigiLocker button.
# `emitra up --demo-digilocker` serves a local stand-in and sets these for the portal.
DIGILOCKER_URL = conf.env("EMITRA_DIGILOCKER_URL").rstrip("/")
DIGILOCKER_CLIENT_ID = conf.env("EMITRA_DIGILOCKER_CLIENT_ID")
DIGILOCKER_CLIENT_SECRET = conf.env("EMITRA_DIGILOCKER_CLIENT_SECRET")
DIGILOCKER_TIMEOUT = conf.env_int("EMITRA_DIGILOCKER_TIMEOUT", 20, minimum=1)
if DIGILOCKER_URL and not (DIGILOCKER_CLIENT_ID and DIGILOCKER_CLIENT_SECRET):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("EMITRA_DIGILOCKER_URL needs EMITRA_DIGILOCKER_CLIENT_ID and "
                               "EMITRA_DIGILOCKER_CLIENT_SECRET")

SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# The origin only, never the page's address: every request on a GPRS link carries its Referer
# upstream at 20 kbit/s, and the sign-in's addresses are some 400 characters long (issue 12 req. 1).
# CSRF's Referer check over HTTPS (for a browser that sends no Origin) needs no more than the origin.
SECURE_REFERRER_POLICY = "strict-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = conf.env_bool("EMITRA_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = conf.env_int("EMITRA_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # the /healthz probe of a load balancer comes over plain HTTP
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Structured log lines: one JSON object a line.
LOGGING_CONFIG = None
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "emitra.core.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": conf.env("EMITRA_LOG_LEVEL", "INFO")},
    "loggers": {"django.server": {"level": "WARNING"}},
}
logging.config.dictConfig(LOGGING)
# Proxies in front of the portal, each appending to X-Forwarded-For; 0: the header is never trusted.
TRUSTED_PROXY_COUNT = conf.env_int("EMITRA_TRUSTED_PROXY_COUNT", 0, minimum=0)
