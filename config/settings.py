"""Peerfolio settings: everything that differs between machines comes from the environment."""

import os
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config import env as defaults
from config.schedules import PERIODIC_TASKS  # noqa: F401 - the registry core.schedules writes
from config.secret_key import development_secret_key, production_secret_key

BASE_DIR = defaults.BASE_DIR
env = environ.Env()


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def _setting(name: str) -> str:
    """One variable, or its documented development default; missing and required fails loudly."""
    value = os.environ.get(name, defaults.default(name))
    if value is None:
        raise ImproperlyConfigured(
            f"{name} must be set ({defaults.ENVIRONMENT_VARIABLES[name][1]})"
        )
    return value


def _bool_setting(name: str) -> bool:
    value = _setting(name).strip().lower()
    if value not in _TRUE | _FALSE:
        raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")
    return value in _TRUE


def _float_setting(name: str, fallback: float) -> float:
    try:
        return float(os.environ.get(name, fallback))
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, not {os.environ[name]!r}") from exc


def _int_setting(name: str) -> int:
    value = _setting(name).strip()
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}")
    return int(value)


DEBUG = _bool_setting("DEBUG")

# --- Secret key: from the environment in production, never a default (config/secret_key.py) ---
if DEBUG:
    SECRET_KEY = os.environ.get("SECRET_KEY") or development_secret_key(
        BASE_DIR / "var" / "secret_key"
    )
else:
    SECRET_KEY = production_secret_key(os.environ.get("SECRET_KEY"))
# --- end of secret key ---

SITE_URL = _setting("SITE_URL").rstrip("/")
ALLOWED_HOSTS = [h.strip() for h in _setting("ALLOWED_HOSTS").split(",") if h.strip()]
INTERNAL_IPS = ["127.0.0.1"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "template_partials",
    "django_celery_beat",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.orcid",
    "allauth.mfa",
    "core",
    "audit",
    "papers",
    "profiles",
    "graph",
    "ingest",
    "curation",
    "digests",
    "api",
    # After our apps; in INSTALLED_APPS so the API docs load Swagger UI from our static, not a CDN.
    "ninja",
    "corsheaders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.HostileInputMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "api.middleware.JsonErrorsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # Last: while a page is built for the anonymous page cache, its CSRF token
                # is a placeholder each response fills in (core.pagecache).
                "core.pagecache.placeholders",
            ],
        },
    }
]

DATABASES = {"default": env.db_url_config(_setting("DATABASE_URL"))}
# Connections are bounded by configuration, whatever the load: 0 (the default) closes each
# request's connection at its end, so a threaded server (runserver, a thread per request)
# never piles them up; under gunicorn's sync workers (`make run`, compose) a kept one per
# worker process is bounded by WEB_CONCURRENCY, so they keep theirs (DB_CONN_MAX_AGE=60).
WEB_CONCURRENCY = _int_setting("WEB_CONCURRENCY")
DATABASES["default"]["CONN_MAX_AGE"] = _int_setting("DB_CONN_MAX_AGE")
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # a restarted PostgreSQL: reconnect, not 500
DATABASES["default"]["TEST"] = {"NAME": "test_" + DATABASES["default"]["NAME"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = _setting("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        # Redis gone answers at once (loopback) or after these: a page then builds uncached.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}

# EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, ... from one URL.
globals().update(env.email_url_config(_setting("EMAIL_URL")))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Peerfolio <noreply@peerfolio.localhost>")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Accounts: django-allauth, email as the login, verified before first sign-in.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "me"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Peerfolio] "
# Throttles, kept in the Redis cache. Failed logins: one lockout for the site and the
# admin (whose login is allauth's, config/urls.py): after 10 failures from one address
# or for one account, even the right password is refused until the cool-down ends.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/15m/ip,10/15m/key",
    "signup": "10/h/ip",
    "reset_password": "10/h/ip,3/h/key",
    "reset_password_from_key": "20/h/ip",
}
# What people do on the site (django-ratelimit, papers.ratelimits); a 429 page when over.
RATE_LIMITS = {
    "claims": "5/d",
    "invitations": "10/h",
    "upvotes": "120/h",
    "search": "120/m",
    "api": "120/m",  # each read of the JSON API, per client address (api.http)
    "api_token": "1200/m",  # the same, per API token of a signed-in person (api.tokens)
}
RATELIMIT_VIEW = "config.views.rate_limited"
RATELIMIT_HASH_ALGORITHM = "hashlib.sha256"
# Staff can protect their sign-in with an authenticator app (allauth MFA).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Peerfolio"
SOCIALACCOUNT_ADAPTER = "profiles.adapters.SocialAccountAdapter"
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_PROVIDERS = {
    "orcid": {
        "BASE_DOMAIN": "orcid.org",
        "MEMBER_API": False,
        "APPS": [
            {
                "client_id": _setting("ORCID_CLIENT_ID").strip(),
                "secret": _setting("ORCID_CLIENT_SECRET").strip(),
                "key": "",
            }
        ]
        if _setting("ORCID_CLIENT_ID").strip()
        else [],
    }
}

# The JSON API is public data: any site may read it from a browser, but only read it.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}


# --- HTTPS: redirect, HSTS, secure cookies; on unless DEBUG, each can be turned off by env ---
def _secure_unless_debug(name: str) -> bool:
    """An unset or empty variable means the production default: on when DEBUG is false."""
    if not os.environ.get(name, "").strip():
        return not DEBUG
    return _bool_setting(name)


def _proxy_ssl_header() -> tuple[str, str] | None:
    """The header a TLS-terminating proxy sets to "https"; "none" when no proxy sets it.

    Trusted only behind a proxy that overwrites it: a client can send it too.
    """
    name = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
    if not name:
        return None if DEBUG else ("HTTP_X_FORWARDED_PROTO", "https")
    if name.lower() == "none":
        return None
    return ("HTTP_" + name.upper().replace("-", "_"), "https")


SECURE_SSL_REDIRECT = _secure_unless_debug("SECURE_SSL_REDIRECT")
# Health checks come from inside the network, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = _proxy_ssl_header()
_hsts_seconds = os.environ.get("SECURE_HSTS_SECONDS", "").strip()
try:
    SECURE_HSTS_SECONDS = int(_hsts_seconds) if _hsts_seconds else (0 if DEBUG else 31_536_000)
except ValueError as exc:
    raise ImproperlyConfigured(
        f"SECURE_HSTS_SECONDS must be a whole number of seconds, not {_hsts_seconds!r}"
    ) from exc
SECURE_HSTS_INCLUDE_SUBDOMAINS = _secure_unless_debug("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = _secure_unless_debug("SECURE_HSTS_PRELOAD")
SESSION_COOKIE_SECURE = _secure_unless_debug("SESSION_COOKIE_SECURE")
CSRF_COOKIE_SECURE = _secure_unless_debug("CSRF_COOKIE_SECURE")
# --- end of HTTPS ---

# --- Content-Security-Policy (django-csp): scripts and styles only from our static files ---
# An inline <script> or <style> runs only with the request's nonce ({{ request.csp_nonce }}),
# so markup injected into a page cannot run; style="" attributes and eval are refused too.
# htmx is told not to add its own <style> or use eval (templates/_htmx.html).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "csp.middleware.CSPMiddleware",
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        # "Sign in with ORCID" posts here and is redirected on to ORCID's authorize page.
        "form-action": [SELF, f"https://{SOCIALACCOUNT_PROVIDERS['orcid']['BASE_DOMAIN']}"],
    }
}
# --- end of Content-Security-Policy ---

# Celery: JSON only; imports acknowledge late so a killed worker's run is redone.
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis hands an unacknowledged message to another worker after this long. Imports
# acknowledge late and may run up to ingest.tasks.IMPORT_TIME_LIMIT (6 h 5 min): under
# Redis's default hour a long import would be started twice, its worker still alive.
# A request that sends a task while Redis is down gets the error in milliseconds, not
# after kombu's default reconnect attempts (6 s measured); core.tasks then holds the call.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 7 * 60 * 60,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# No task runs forever: a soft limit raises SoftTimeLimitExceeded in the task (an import
# fails its run with a message), the hard one kills the worker process. Imports have
# longer ones of their own (ingest/tasks.py).
CELERY_TASK_SOFT_TIME_LIMIT = 30 * 60
CELERY_TASK_TIME_LIMIT = 35 * 60
# A running import beats on every stored page; one silent this long is failed ("worker lost")
# by the reaper (ingest.tasks.reap_lost_runs, every minute) and at the start of manage.py ingest.
IMPORT_HEARTBEAT_LIMIT = _int_setting("IMPORT_HEARTBEAT_LIMIT")

# arXiv: one polite client for every request (see ingest/client.py).
ARXIV_CONTACT_EMAIL = _setting("ARXIV_CONTACT_EMAIL")
# Every outbound request names us and a contact (arXiv, citation APIs and ORCID ask for it).
OUTBOUND_USER_AGENT = f"Peerfolio/0.1 (+https://github.com/peerfolio; mailto:{ARXIV_CONTACT_EMAIL})"
ARXIV_MIN_INTERVAL = _float_setting("ARXIV_MIN_INTERVAL", 3.0)
ARXIV_TIMEOUT = _float_setting("ARXIV_TIMEOUT", 30.0)
ARXIV_MAX_RETRIES = int(_float_setting("ARXIV_MAX_RETRIES", 4))
ARXIV_API_URL = _setting("ARXIV_API_URL")
ARXIV_RSS_URL = _setting("ARXIV_RSS_URL")
ARXIV_OAI_URL = _setting("ARXIV_OAI_URL")
# The standard sources (manage.py standard_sources) are created disabled when true.
ARXIV_OFFLINE = _bool_setting("ARXIV_OFFLINE")
ARXIV_SAMPLES_DIR = Path(_setting("ARXIV_SAMPLES_DIR")).resolve()

# Citation counts (see papers/citations.py): Semantic Scholar first, OpenAlex second.
SEMANTIC_SCHOLAR_API_KEY = _setting("SEMANTIC_SCHOLAR_API_KEY").strip()
SEMANTIC_SCHOLAR_BATCH_URL = "https://api.semanticscholar.org/graph/v1/paper/batch"
OPENALEX_MAILTO = _setting("OPENALEX_MAILTO").strip() or ARXIV_CONTACT_EMAIL
OPENALEX_WORKS_URL = "https://api.openalex.org/works"
CITATIONS_TIMEOUT = 30.0
CITATIONS_MAX_RETRIES = 4

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO" if not DEBUG else "WARNING"},
    "loggers": {"peerfolio": {"level": "INFO"}},
}
