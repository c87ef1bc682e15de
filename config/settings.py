"""Cheber settings: one file, read from the environment, with working defaults.

With nothing set, Cheber runs on an SQLite file under var/. Set DATABASE_URL=postgres://…
for PostgreSQL (production). CHEBER_ENV=production switches on production mode: it refuses to
start without CHEBER_SECRET_KEY and CHEBER_ALLOWED_HOSTS and turns on HTTPS-only cookies, HSTS
and the redirect to HTTPS, so that `cheber check --deploy` reports nothing.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from config import serving

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CHEBER_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_required(name: str) -> str:
    if not (value := os.environ.get(name, "").strip()):
        raise ImproperlyConfigured(f"CHEBER_ENV=production needs {name} in the environment.")
    return value


PRODUCTION = os.environ.get("CHEBER_ENV", "development").strip().lower() == "production"


def _secret_key() -> str:
    """CHEBER_SECRET_KEY (or SECRET_KEY) from the environment; in development, else one
    generated once and kept in var/."""
    if PRODUCTION:
        return env_required("CHEBER_SECRET_KEY")
    if key := os.environ.get("CHEBER_SECRET_KEY") or os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
# Earlier keys still accepted for sessions and links they signed, while a new key is rolled out
# (docs/deploy.md, "Rotating keys"): comma-separated.
SECRET_KEY_FALLBACKS = env_list("CHEBER_SECRET_KEY_FALLBACKS", "")
DEBUG = env_bool("DEBUG") and not PRODUCTION
if PRODUCTION:
    ALLOWED_HOSTS = env_list("CHEBER_ALLOWED_HOSTS", env_required("CHEBER_ALLOWED_HOSTS"))
else:
    ALLOWED_HOSTS = env_list(
        "CHEBER_ALLOWED_HOSTS",
        os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver"),
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "cheber.core",
    "cheber.accounts",
    "cheber.registry",
    "cheber.users",
    "cheber.catalog",
    "cheber.schedule",
    "cheber.delivery",
    "cheber.learning",
    "cheber.certificates",
    "cheber.compliance",
    "cheber.imports",
    "cheber.planner",
    "cheber.api",
    # django-ninja: its vendored Swagger UI for /api/v1/docs (no CDN)
    "ninja",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cheber.core.observability.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cheber.core.middleware.KyrgyzFirstLocaleMiddleware",
    "cheber.api.middleware.ApiLanguageMiddleware",  # the API: Accept-Language
    "django.middleware.common.CommonMiddleware",
    "cheber.core.middleware.NoNulInQueryMiddleware",
    # before the CSRF check, the first to read the body: refuses bodies over the view's limit
    "cheber.core.uploads.UploadLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cheber.core.middleware.NoStoreForAuthenticatedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cheber.accounts.middleware.StaffSessionExpiryMiddleware",
    "cheber.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cheber.core.context_processors.navigation",
            ],
            # Dates as people read them, in every template: `|day`, `|day_time`.
            "builtins": ["cheber.core.templatetags.dates"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'cheber.sqlite3'}", conn_health_checks=True
    )
}
# A server process keeps its PostgreSQL connection (checked before reuse) for CONN_MAX_AGE
# seconds: a new connection per request costs PostgreSQL a process of its own and its caches
# warmed again (bench/learning.py: a hand-in's p95 over HTTP 3.8 s with 0, 0.6 s with 60 on the
# same busy machine). 0 opens one per request; SQLite's are always per request (below).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the writer; IMMEDIATE avoids lock-upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:landing"

# Log-in (django-allauth): by username or e-mail, no sign-up (staff create accounts), password
# reset by e-mail. Failed log-ins, password resets and second-factor codes are throttled in the
# cache, per address and per account.
ACCOUNT_ADAPTER = "cheber.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"login": "cheber.accounts.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_REDIRECT_URL = LOGOUT_REDIRECT_URL
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# A reset asked for an address nobody has is answered like any other, but mails nobody.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Changing one's e-mail or password asks for the password again, and the owner is told by mail.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
# login_failed's key is the account and the address together (cheber.accounts.lockout); an
# account's failures from addresses it has not logged in from are slowed and capped apart.
#
# Per address, only failed log-ins count against a guesser (a school's teachers share one
# public address, and forty correct log-ins in a morning's minute must all get in); every
# attempt, right or wrong, counts only against a flood, with a far higher ceiling.
CHEBER_LOGIN_PER_ADDRESS = {
    "attempts_per_minute": int(os.environ.get("CHEBER_LOGIN_ATTEMPTS_PER_MINUTE", "300")),
    "failures_per_minute": int(os.environ.get("CHEBER_LOGIN_FAILURES_PER_MINUTE", "20")),
    "failures_per_hour": int(os.environ.get("CHEBER_LOGIN_FAILURES_PER_HOUR", "200")),
}
ACCOUNT_RATE_LIMITS = {
    "login": "{attempts_per_minute}/m/ip".format(**CHEBER_LOGIN_PER_ADDRESS),
    # the account-and-address count first: an attempt it refuses (a guesser going on at an
    # account already locked for them) spends nothing of the address's shared allowance
    "login_failed": "5/15m/key,{failures_per_minute}/m/ip,{failures_per_hour}/h/ip".format(
        **CHEBER_LOGIN_PER_ADDRESS
    ),
    "reset_password": "10/m/ip,3/15m/key",
    "reset_password_from_key": "20/m/ip",
    "reauthenticate": "10/m/user",
    "change_password": "5/m/user",
}
CHEBER_LOGIN_LOCKOUT = {
    "free": 10,  # failures of one account within the window before each attempt waits
    "window": 3600,
    "longest_wait": 15 * 60,  # the wait doubles with each failure, up to this
    "per_day": 100,  # failures of one account in a day that stop every unknown address
    "known_for": 30 * 86400,  # an address logged in from stays known this long
}
# A second factor: an authenticator app (TOTP), with recovery codes for a lost phone. National
# roles and superusers must enrol (cheber.accounts.middleware.SecondFactorRequiredMiddleware).
MFA_ADAPTER = "cheber.accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Cheber"
CHEBER_MFA_REQUIRED = True
# Staff sessions (every role but teacher) end after this long without a request; teachers keep
# SESSION_COOKIE_AGE.
CHEBER_STAFF_SESSION_IDLE_SECONDS = 60 * int(
    os.environ.get("CHEBER_STAFF_SESSION_IDLE_MINUTES", "30")
)

LANGUAGE_CODE = "ky"
LANGUAGES = [("ky", _("Kyrgyz")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "cheber_language"
TIME_ZONE = "Asia/Bishkek"
USE_I18N = True
# English dates written day first, as in Kyrgyz and Russian (cheber/core/formats/en).
FORMAT_MODULE_PATH = ["cheber.core.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Static files are served by whitenoise from STATIC_ROOT (`cheber collectstatic`, which `make
# run` does): names carry a hash of the content, so they are cached for ten years (immutable),
# with gzip and brotli copies made once at collection. CHEBER_STATIC_MANIFEST=off serves the
# source folders as they are (`make serve`, the tests), without collecting.
STATIC_MANIFEST = env_bool("CHEBER_STATIC_MANIFEST", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
# The DejaVu fonts are read from disk by the PDF builder, never sent to browsers: compressing
# them (brotli, seconds each) would only slow `collectstatic` down.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "ttf"]
WHITENOISE_AUTOREFRESH = DEBUG

# Console in development; SMTP in production (CHEBER_SMTP_* below).
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "MAIL_BACKEND",
            SMTP_BACKEND if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
        ),
    }
}
if MAILERS["default"]["BACKEND"] == SMTP_BACKEND:
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("CHEBER_SMTP_HOST", "localhost"),
        "port": int(os.environ.get("CHEBER_SMTP_PORT", "587")),
        "username": os.environ.get("CHEBER_SMTP_USER", ""),
        "password": os.environ.get("CHEBER_SMTP_PASSWORD", ""),
        "use_tls": env_bool("CHEBER_SMTP_STARTTLS", True),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cheber@localhost")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PRODUCTION or env_bool("SECURE_COOKIES")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# Behind one reverse proxy that terminates HTTPS, sets X-Forwarded-Proto (overwriting what
# clients send) and appends to X-Forwarded-For: CHEBER_BEHIND_PROXY=on.
CHEBER_TRUSTED_PROXY_COUNT = 0
if env_bool("CHEBER_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # throttles count per client, not per proxy: the proxy's X-Forwarded-For entry
    CHEBER_TRUSTED_PROXY_COUNT = ALLAUTH_TRUSTED_PROXY_COUNT = 1
# A load balancer asks these over plain HTTP on the server's own port.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]

# Content security policy: our own origin only; no inline script or style anywhere (the
# compliance map is inline SVG with presentation attributes, which the policy allows). Images
# may also be data: URLs, for the icons that Pico's style sheet carries inline as SVG (the
# chevrons of selects and details, the marks of checkboxes); nothing else needs them.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Files Cheber writes (certificate ZIPs, reports); served only through views that check scope.
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_ROOT.mkdir(exist_ok=True)

# Background jobs (certificate ZIPs, imports): stored in the database, run by `cheber db_worker`
# (`make run` starts one). CHEBER_TASKS=immediate runs them in the request instead (tests).
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
        }[os.environ.get("CHEBER_TASKS", "database")],
    }
}

# The cache holds the log-in throttles, the verification rate limits and dashboard figures.
# REDIS_URL (e.g. redis://127.0.0.1:6379/0): in Redis, shared by every process of every
# server (Django's own RedisCache). Else CACHE_LOCATION: a directory shared by the processes of
# one machine (`make run` uses var/cache). Else one process's memory.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cheber"),
            # a Redis that does not answer within a second is an error, not a hung request
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache"
            if os.environ.get("CACHE_LOCATION")
            else "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": os.environ.get("CACHE_LOCATION", "cheber"),
        }
    }

# The application server (config/gunicorn.py reads the same sizing), for `cheber stats`.
CHEBER_SERVER = {"name": serving.SERVER, "workers": serving.workers(), "threads": serving.threads()}
# Who may read /metrics (addresses or networks, comma-separated); everyone else gets 404.
CHEBER_METRICS_ALLOWED = env_list("CHEBER_METRICS_ALLOWED", "127.0.0.1,::1")

# The address printed in certificates' QR codes and links (the public verification page).
PUBLIC_URL = os.environ.get("CHEBER_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")

# Reference data shipped with the repository (copied from ../shared/data, attribution kept).
REFERENCE_DATA_DIR = BASE_DIR / "data"

# LOG_FORMAT=json: one JSON object per line (with one line per request: method, route name,
# status, duration, user id); else plain text. Requests are logged at INFO by the logger
# `cheber.request` (LOG_REQUESTS=off silences them).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "cheber.core.observability.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "cheber.request": {
            "handlers": ["console"],
            "level": "INFO" if env_bool("LOG_REQUESTS", True) else "WARNING",
            "propagate": False,
        },
    },
}

# Learners of an online course with no activity for this many days show as stuck to the provider.
CHEBER_LEARNING_STUCK_DAYS = int(os.environ.get("CHEBER_LEARNING_STUCK_DAYS", "7"))

# Scheduled work: `cheber scheduler` (a loop beside the worker; two may run, each job is queued
# once per due time) puts each job below into the background queue at its time, Asia/Bishkek;
# `cheber db_worker` runs it. A job runs a management command: "at" is a daily time (HH:MM),
# "every" a number of minutes (from midnight); "args" are the command's arguments.
CHEBER_SCHEDULED_JOBS = [
    # the day's statuses, before anyone asks (a request never recomputes the day)
    {"name": "refresh_compliance", "at": "00:20"},
    {"name": "release_quotas", "at": "00:40"},
    {"name": "send_reminders", "at": "09:00"},
    {"name": "remind_stuck_learners", "at": "10:00"},
    {"name": "close_overdue_attempts", "every": 5},
    {"name": "purge_expired_files", "at": "03:00"},
    {"name": "prune_db_task_results", "at": "03:30", "args": ["--min-age-days", "14"]},
    {"name": "prune_idempotency_keys", "at": "03:40"},
]
# `cheber backup` into this directory nightly, when set (see deploy/cheber-backup.timer for a
# backup run outside the application instead).
CHEBER_BACKUP_DIR = os.environ.get("CHEBER_BACKUP_DIR", "").strip() or None
if CHEBER_BACKUP_DIR:
    CHEBER_SCHEDULED_JOBS.append({"name": "backup", "at": "02:00", "args": [CHEBER_BACKUP_DIR]})

# Uploaded import files and generated exports and ZIPs are deleted this many days after they
# were made (by the scheduled `purge_expired_files`).
CHEBER_FILE_RETENTION_DAYS = int(os.environ.get("CHEBER_FILE_RETENTION_DAYS", "7"))
# An export of more rows than this runs as a background job with a download; smaller ones are
# made in the request.
CHEBER_EXPORT_IN_REQUEST_MAX_ROWS = int(
    os.environ.get("CHEBER_EXPORT_IN_REQUEST_MAX_ROWS", "10000")
)
# What that retention deletes: the results of these kinds of background job (the files
# themselves; the job stays, its download gone), and every file under these media folders.
CHEBER_EXPIRING_JOB_KINDS = [
    "certificates_zip",
    "educators_export",
    "registry_export",
    "compliance_list",
]
CHEBER_EXPIRING_MEDIA_DIRS = ["imports/uploads"]

# Request bodies (cheber.core.uploads): the files a view takes, at most this many bytes, by the
# key the view names (`@upload_limit("…")`); refused with 413 while they stream in. Form fields
# without files: DATA_UPLOAD_MAX_MEMORY_SIZE. Files over FILE_UPLOAD_MAX_MEMORY_SIZE are spooled
# to a temporary file, not kept in memory. A proxy in front should allow the largest of these
# (deploy/: client_max_body_size).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("CHEBER_MAX_FORM_BYTES", 2_621_440))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
CHEBER_UPLOAD_LIMITS = {
    "default": 2 * 2**20,
    "registry_import": 25 * 2**20,  # 100,000 educators: about 8 MB as .xlsx, 15 MB as CSV
    "document": 10 * 2**20,  # the scan of a certificate earned elsewhere
    "learning_material": 200 * 2**20,  # the largest kind of material: a video
    "submission": 50 * 2**20,  # an assignment's files (each assignment sets its own, lower)
    "question_bank": 2 * 2**20,  # a GIFT file
}

# The API (cheber/api, docs/api.md): tokens are stored as HMAC-SHA256 of their secret under a
# pepper, {id: pepper}; add a new id to roll a new pepper in without invalidating older tokens.
CHEBER_API_TOKEN_PEPPERS = {
    1: os.environ.get("CHEBER_API_TOKEN_PEPPER", "") or SECRET_KEY,
}
# Requests per token and fixed window (seconds); beyond: 429 with Retry-After.
CHEBER_API_RATE = (int(os.environ.get("CHEBER_API_RATE_PER_MINUTE", "600")), 60)
