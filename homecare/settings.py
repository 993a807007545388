"""Settings for the home care redesign governance system.

Everything that differs between a laptop and production is read from the environment here, and only here.
Production mode is DEBUG=0 with SECRET_KEY, ALLOWED_HOSTS and TRUSTED_PROXY_COUNT set; in it `manage.py check --deploy`
is silent.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_count(name, default):
    """A whole number of 0 or more from the environment; `default` (which may be None) when unset or empty."""
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    if not (value.isascii() and value.isdigit()):
        raise ImproperlyConfigured(f"{name} must be a whole number, 0 or more; it is {value!r}.")
    return int(value)


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Development only: never used when DEBUG is off (see above).
    SECRET_KEY = "dev-only-insecure-key-for-local-use-never-in-production-0123456789"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

COUNCIL_NAME = os.environ.get("COUNCIL_NAME", "Leeds City Council")
SERVICE_NAME = os.environ.get("SERVICE_NAME", "Home care redesign governance")
GOVERNANCE_WEEKEND_DAYS = (5, 6)  # Saturday and Sunday (date.weekday() numbers): not working days
# Officer decisions open for call-in may not be implemented until this many working days after publication.
GOVERNANCE_CALL_IN_WORKING_DAYS = int(os.environ.get("GOVERNANCE_CALL_IN_WORKING_DAYS", "5"))
# Uploaded papers and appendices (PDF only, checked by content) are refused above this size.
GOVERNANCE_UPLOAD_MAX_BYTES = int(os.environ.get("GOVERNANCE_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
# Personal data of people with no current seat and no activity for this long is removed by purge_personal_data
# (six years by default); `make backup` writes its folders under BACKUP_DIR.
PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", "2192"))
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_filters",
    "simple_history",
    "django_tasks_db",
    "axes",
    "homecare",
    "governance",
    "projects",
    "risks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # In production WhiteNoise serves the collected static files; in development runserver serves them.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "homecare.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "homecare.context_processors.service",
                "homecare.context_processors.navigation",
            ],
            "builtins": ["governance.templatetags.govuk"],
        },
    },
]

WSGI_APPLICATION = "homecare.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Select lists read their options with .iterator(): on PostgreSQL that would declare, fetch from and close a
    # named cursor, three round trips where one does. Client-side cursors also work behind a transaction pooler.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo's web server and its pack worker write to one file. In WAL mode readers never wait for the writer; a
    # transaction that takes the write lock when it begins (IMMEDIATE) waits for it, up to the timeout, instead of
    # failing with "database is locked" when a deferred one finds it cannot upgrade its read lock.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (document packs) goes through Django's tasks interface to a queue held in the database; run
# `python manage.py db_worker` (one or more, on any machine sharing the database) to take jobs from it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "packs"]}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes refuses a sign-in while its account or its address is locked out; it needs the request, which
# Django's LoginView (and the admin's) passes to authenticate(). The test client's force_login skips authenticate().
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sign-in throttling: 5 failed attempts lock the account (whatever the address) and, separately, the address
# (whatever the account) for 30 minutes; a successful sign-in clears that account's failures.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# Attempts made while locked out are refused without moving the end of the lock-out, so the page can say when it ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HANDLER = "homecare.sign_in.AccountAttemptsHandler"
AXES_LOCKOUT_CALLABLE = "homecare.sign_in.locked_out"
AXES_USERNAME_CALLABLE = "homecare.sign_in.attempted_username"
# The lock-out log names the account and the address (never the password), so that it can be investigated;
# not verbose, so that it names nothing more (no user agent) and no banner is logged at every start.
AXES_SENSITIVE_PARAMETERS = []
AXES_VERBOSE = False
# Where the client's address comes from. Production runs behind a reverse proxy that terminates TLS (see
# SECURE_PROXY_SSL_HEADER), so REMOTE_ADDR is the proxy's: the client is then the address the proxies appended to
# X-Forwarded-For, counted from the right (the left of the header is whatever the client sent, and can be forged).
# TRUSTED_PROXY_COUNT is how many proxies append to it: 1 for one nginx or load balancer, 0 when nothing sits in front.
# Production has no default, as no guess is safe: counting a proxy that is not there trusts a header the client wrote
# (each attempt could give a new address and never be locked out), and counting none behind a proxy gives every client
# the proxy's address (AXES_FAILURE_LIMIT failures from anyone lock everyone out). Until it is set the header is ignored, and
# `check --deploy` fails (homecare.checks).
TRUSTED_PROXY_COUNT = env_count("TRUSTED_PROXY_COUNT", 0 if DEBUG else None)
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    # django-ipware, with the header in written ("left-most") order, takes the (count + 1)th address from its right
    # end and counts the proxies the header lists, one fewer than the proxies in front: the outermost appends the client.
    AXES_IPWARE_PROXY_ORDER = "left-most"
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1
    # Not strict: a header with extra (forged) addresses on its left still gives the client the proxies saw.
    IPWARE_STRICT = False
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
# The lock-out page tells people where to ask for help (the secretariat, if not set).
SIGN_IN_HELP_EMAIL = os.environ.get("SIGN_IN_HELP_EMAIL", "")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# The fonts document packs embed (copied from the npm registry's Arimo by `npm run build`).
PACK_FONT_DIR = Path(os.environ.get("PACK_FONT_DIR", BASE_DIR / "static" / "build" / "fonts"))
# Packs are laid out in parts, in up to this many worker processes (never more than the machine's CPUs); each laid-out
# part is kept in PACK_PART_CACHE_DIR (default: MEDIA_ROOT/pack-parts) for PACK_PART_CACHE_DAYS after its last use.
PACK_RENDER_WORKERS = int(os.environ.get("PACK_RENDER_WORKERS", "4"))
PACK_PART_CACHE_DIR = os.environ.get("PACK_PART_CACHE_DIR", "")
PACK_PART_CACHE_DAYS = int(os.environ.get("PACK_PART_CACHE_DAYS", "30"))
# Blocks of pages rendered once per different set of the values they show ({% memo %}, governance/templatetags/memo.py):
# how many each web process keeps, the least recently used going first (a plan row is about 1.5 KB).
TEMPLATE_MEMO_ENTRIES = int(os.environ.get("TEMPLATE_MEMO_ENTRIES", "5000"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Email: the console in development; SMTP settings from the environment in production.
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
        "OPTIONS": {},
    }
}
if MAILERS["default"]["BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "governance@localhost")
# Optional: GOV.UK Notify instead of SMTP, through Django's mail interface (governance/notify_backend.py).
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_TEMPLATE_ID = os.environ.get("NOTIFY_TEMPLATE_ID", "")
if NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID and "EMAIL_BACKEND" not in os.environ:
    MAILERS["default"] = {
        "BACKEND": "governance.notify_backend.NotifyEmailBackend",
        "OPTIONS": {"api_key": NOTIFY_API_KEY, "template_id": NOTIFY_TEMPLATE_ID},
    }
# The address people open the service at: emails link to it (SITE_URL + path). Production has no default
# (`check --deploy` reports homecare.E002 until it is set), as a guessed host would send people to the wrong place.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").strip().rstrip("/")

# Security headers. Scripts only from our own origin or with the per-request nonce: no inline script.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # The PDF libraries log every font subsetting step at INFO.
    "loggers": {name: {"level": "WARNING"} for name in ("fontTools", "weasyprint", "pikepdf")},
}
