"""One settings module, read from the environment.

Defaults make a fresh checkout run on embedded parts (SQLite, in-process cache, inline tasks,
e-mail to the console). Production sets DATABASE_URL, REDIS_URL, EMAIL_HOST and DJANGO_DEBUG=0.
Every variable is documented in .env.example.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from mosty.lib.env import ImproperEnvironment, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MOSTY_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperEnvironment("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off")
    SECRET_KEY = "insecure-development-key-not-for-production"  # noqa: S105 - only with DEBUG on

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("MOSTY_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "mosty.core",
    "mosty.accounts",
    "mosty.territories",
    "mosty.sectors",
    "mosty.organisations",
    "mosty.ties",
    "mosty.commitments",
    "mosty.comments",
    "mosty.workspaces",
    "mosty.events",
    "mosty.money",
    "mosty.agreements",
    "mosty.scorecards",
    "mosty.projects",
    "mosty.initiatives",
    "mosty.consultations",
    "mosty.api",
    "mosty.home",
    "mosty.scale",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Visitors' pages from the shared cache, before the session, the user or a view is touched.
    "mosty.core.pagecache.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "mosty.accounts.middleware.RequireStaffTwoFactorMiddleware",
]

ROOT_URLCONF = "mosty.urls"
# Django's form templates, with <select> options written in Python (a page with two long selects
# spent most of its time in their per-option includes).
FORM_RENDERER = "mosty.core.form_renderer.Renderer"
WSGI_APPLICATION = "mosty.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "mosty" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mosty.core.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'mosty.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; the timeout absorbs short write contention.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
# Behind PgBouncer in transaction pooling mode a server connection is handed to another client after
# each transaction: no server-side cursors (they live outside a transaction with autocommit) and no
# prepared statements (psycopg prepares a query after a few runs, on a connection it may not get back).
DATABASE_POOLER = env_str("DATABASE_POOLER")
if DATABASE_POOLER not in ("", "pgbouncer"):
    raise ImproperEnvironment(f"DATABASE_POOLER must be empty or 'pgbouncer'; got {DATABASE_POOLER!r}")
if DATABASE_POOLER == "pgbouncer" and IS_POSTGRES:
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, tasks -----------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("MOSTY_CACHE_PREFIX", "mosty"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
# Where task results go (default: nowhere; the jobs log their counts). Set it to read results back,
# as the topology test does.
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or None
CELERY_RESULT_EXPIRES = 24 * 3600
# Each worker process takes one task at a time, so a long job does not hold others queued behind it.
CELERY_WORKER_PREFETCH_MULTIPLIER = env_int("CELERY_WORKER_PREFETCH_MULTIPLIER", 1)
# A task is acknowledged when it has finished, so a worker killed mid-job leaves it for another worker;
# the jobs are safe to run again (reminders are keyed by unique rows).
CELERY_TASK_ACKS_LATE = env_bool("CELERY_TASK_ACKS_LATE", True)
CELERY_TASK_REJECT_ON_WORKER_LOST = CELERY_TASK_ACKS_LATE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/Moscow"
# Periodic jobs, run by `celery -A mosty beat` (one beat process; any number of workers).
CELERY_BEAT_SCHEDULE = {
    # Overdue marking, reminders and escalations of commitments; each reminder goes out once.
    "commitments-check-deadlines": {
        "task": "mosty.commitments.check_commitments",
        "schedule": crontab(hour=env_int("MOSTY_COMMITMENTS_CHECK_HOUR", 7), minute=0),
    },
    # Initiatives whose support period ended below the threshold expire; each once, under its row lock.
    "initiatives-expire": {
        "task": "mosty.initiatives.expire_initiatives",
        "schedule": crontab(hour=env_int("MOSTY_INITIATIVE_CHECK_HOUR", 6), minute=30),
    },
    # One e-mail a day listing the notifications of users who chose the daily digest; each once.
    "notifications-send-digests": {
        "task": "mosty.core.send_digests",
        "schedule": crontab(hour=8, minute=0),
    },
    # The day-before reminders of events, with the .ics; each registration reminded once.
    "events-send-reminders": {
        "task": "mosty.events.send_event_reminders",
        "schedule": crontab(hour=env_int("MOSTY_EVENT_REMINDER_HOUR", 9), minute=0),
    },
}

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "mosty.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Mosty] "
# Login throttling: failed logins per IP and per account, counted in the shared cache.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("MOSTY_LOGIN_FAILED_LIMIT", "10/m/ip,5/5m/key"),
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Mosty"
MFA_ADAPTER = "mosty.accounts.adapter.MFAAdapter"
# Behind a reverse proxy the client's address is in X-Forwarded-For; throttling per IP needs it.
# Set to the number of proxies in front of the application (0: use REMOTE_ADDR).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("MOSTY_TRUSTED_PROXY_COUNT", 0)
MOSTY_STAFF_MFA_REQUIRED = env_bool("MOSTY_STAFF_MFA_REQUIRED", True)

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("be", _("Belarusian")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "mosty_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LOCALE_PATHS = [BASE_DIR / "mosty" / "locale", BASE_DIR / "mosty" / "locale_thirdparty"]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Uploaded files: MEDIA_ROOT on the filesystem (shared by every app process: one machine, or a network
# file system), or an S3-compatible bucket when MOSTY_S3_BUCKET is set (django-storages, `pip install
# -e '.[s3]'`; credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY as boto3 reads them). Files
# stay private either way: they are read through views that check access, never by a public address.
MOSTY_S3_BUCKET = env_str("MOSTY_S3_BUCKET")
if MOSTY_S3_BUCKET:
    if importlib.util.find_spec("storages") is None:
        raise ImproperEnvironment("MOSTY_S3_BUCKET is set but django-storages is missing: pip install .[s3]")
    _default_storage: dict[str, Any] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MOSTY_S3_BUCKET,
            "endpoint_url": env_str("MOSTY_S3_ENDPOINT_URL") or None,
            "region_name": env_str("MOSTY_S3_REGION") or None,
            "location": env_str("MOSTY_S3_PREFIX", "media"),
            "addressing_style": env_str("MOSTY_S3_ADDRESSING_STYLE") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MOSTY_MAX_UPLOAD_BYTES = env_int("MOSTY_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# An explicit backend wins (e.g. django.core.mail.backends.filebased.EmailBackend with EMAIL_FILE_PATH,
# which the topology test reads across processes).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", EMAIL_BACKEND)
if env_str("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Mosty <no-reply@mosty.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security (production) ------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Behind the reverse proxy (deploy/nginx/mosty.conf) the scheme of the client's request is in
# X-Forwarded-Proto, which the proxy overwrites. Trust it only there: an app process that clients reach
# directly must not (MOSTY_BEHIND_PROXY=0). X-Forwarded-Host only when the proxy rewrites Host.
MOSTY_BEHIND_PROXY = env_bool("MOSTY_BEHIND_PROXY", not DEBUG)
if MOSTY_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = env_bool("MOSTY_USE_X_FORWARDED_HOST", False)
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}

# --- Mosty ----------------------------------------------------------------------------------
MOSTY_PAGE_SIZE = env_int("MOSTY_PAGE_SIZE", 25)
MOSTY_SIGNUP_OPEN = env_bool("MOSTY_SIGNUP_OPEN", True)
# Commitments: reminders this many days before a deadline or report date, then escalation to the
# region's coordinator and to the commission this many days after a missed deadline.
MOSTY_REMINDER_DAYS_BEFORE = [int(day) for day in env_list("MOSTY_REMINDER_DAYS_BEFORE", "14,3")]
MOSTY_ESCALATE_COORDINATOR_AFTER_DAYS = env_int("MOSTY_ESCALATE_COORDINATOR_AFTER_DAYS", 7)
MOSTY_ESCALATE_COMMISSION_AFTER_DAYS = env_int("MOSTY_ESCALATE_COMMISSION_AFTER_DAYS", 30)
# Initiatives: proposals a user may start in 24 hours; the answer deadlines by the law of the body's
# country (see mosty/initiatives/deadlines.py: Russia 59-FZ, Belarus Law No. 300-Z).
MOSTY_INITIATIVE_RATE = env_int("MOSTY_INITIATIVE_RATE", 5)
MOSTY_INITIATIVE_DEADLINES = {
    "RU": {
        "days": env_int("MOSTY_INITIATIVE_RU_DAYS", 30),
        "extension_days": env_int("MOSTY_INITIATIVE_RU_EXTENSION_DAYS", 30),
    },
    "BY": {
        "days": env_int("MOSTY_INITIATIVE_BY_DAYS", 15),
        "study_months": env_int("MOSTY_INITIATIVE_BY_STUDY_MONTHS", 1),
    },
}
# Comments (events, consultations, workspaces, initiatives): how long the author may correct a comment,
# and how many comments one user may post in ten minutes.
MOSTY_COMMENT_EDIT_MINUTES = env_int("MOSTY_COMMENT_EDIT_MINUTES", 15)
MOSTY_COMMENT_RATE = env_int("MOSTY_COMMENT_RATE", 10)
# Pages of visitors who are not signed in are kept this long at most (0: off; the default is off
# with DEBUG, so a developer sees every template change); any change invalidates them at once.
MOSTY_PAGE_CACHE_SECONDS = env_int("MOSTY_PAGE_CACHE_SECONDS", 0 if DEBUG else 600)
