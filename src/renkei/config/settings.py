"""Django settings for renkei.

Every value that depends on the deployment comes from the environment through
:mod:`renkei.config.env`. ``RENKEI_ENV`` is ``development`` (the default for ``make run`` and the
tests) or ``production``; production refuses to start without ``SECRET_KEY``.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from renkei.config import env

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(env.get_str("RENKEI_HOME", str(Path.cwd()))).resolve()
VAR_DIR = BASE_DIR / "var"

RENKEI_ENV = env.get_str("RENKEI_ENV", "development")
DEVELOPMENT = RENKEI_ENV == "development"
# `renkei serve` sets it for its server and worker: off (`make run`), on with --dev (`make dev`).
DEBUG = env.get_bool("DEBUG", default=DEVELOPMENT)
SECRET_KEY = env.get_mandatory_secret(
    "SECRET_KEY", development=DEVELOPMENT, dev_file=VAR_DIR / "dev-secret-key"
)
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "renkei.config.admin.RenkeiAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # whitenoise serves the static files under `make dev` as under `make run` (before
    # staticfiles, whose runserver would otherwise serve them its own way).
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    # For its templates and static files: the API docs serve the bundled Swagger UI offline.
    "ninja",
    "auditlog",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "renkei.common",
    "renkei.accounts",
    "renkei.registry",
    "renkei.supply",
    "renkei.orders",
    "renkei.qcd",
    "renkei.jobs",
    "renkei.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files are answered here, before the session, the user and the CSP are looked at:
    # they are the same for everyone (long-cached under hashed names, see STORAGES).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A view that found the database too busy answers 503 "try again" in the user's language.
    "renkei.common.busy.DatabaseBusyMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: private, no-store on every response (it reads request.user).
    "renkei.common.middleware.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Axes must be last: it inspects the response of the login views.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "renkei.config.urls"
WSGI_APPLICATION = "renkei.config.wsgi.application"
ASGI_APPLICATION = "renkei.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

# --- database: SQLite (WAL) by default, anything dj-database-url reads via DATABASE_URL ---
# A write waits this long for another's lock, then gives up with "busy, try again" (503, see
# renkei.common.busy) rather than hanging: SQLite's busy_timeout, PostgreSQL's lock_timeout.
# Long enough for the one write transaction of a 20,000-row import (4-6 s measured on a loaded
# 2-core machine), well inside a proxy's request timeout.
DATABASE_LOCK_TIMEOUT_MS = env.get_int("RENKEI_DB_LOCK_TIMEOUT_MS", 15000)
DATABASE_URL = env.get_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
            "options", f"-c lock_timeout={DATABASE_LOCK_TIMEOUT_MS}"
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env.get_str("RENKEI_SQLITE_PATH", str(VAR_DIR / "renkei.sqlite3")),
            "OPTIONS": {
                # WAL lets the background worker write while pages read.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    f"PRAGMA busy_timeout={DATABASE_LOCK_TIMEOUT_MS};"
                ),
                # Writers queue for the lock at BEGIN (waiting busy_timeout) instead of failing
                # at once when a read transaction would have to be upgraded.
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- accounts and security ---
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "renkei.accounts.backends.RoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login rate limiting, for 15 minutes: 5 failures lock a username at an address; 10 failures
# from one address lock it whatever the usernames (renkei.accounts.throttle says why the
# address has its own limit and handler).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "renkei.accounts.throttle.LoginThrottleHandler"
RENKEI_LOGIN_FAILURES_PER_ADDRESS = 10
# How many reverse proxies in front of the server append to X-Forwarded-For (0: none, the
# address is REMOTE_ADDR). Behind a proxy this must be set, or all log-ins share its address.
RENKEI_TRUSTED_PROXIES = int(env.get_str("RENKEI_TRUSTED_PROXIES", "0") or 0)
AXES_CLIENT_IP_CALLABLE = "renkei.accounts.throttle.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"


# --- maps: a base map by default (GSI's standard map), the region's municipalities always ---
# 地理院タイル asks for its source to be shown with a link to its list of tiles.
GSI_STANDARD_TILES = "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"
GSI_ATTRIBUTION = '出典：<a href="https://maps.gsi.go.jp/development/ichiran.html">地理院タイル</a>'


def _tile_setting(name: str, default: str) -> str:
    """An operator's tile setting: unset gives the default; empty or "none" switches it off."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    raw = raw.strip()
    return "" if raw.lower() == "none" else raw


# RENKEI_TILE_URL names another tile server (its attribution in RENKEI_TILE_ATTRIBUTION);
# empty or "none" draws no tiles at all: the shipped municipality boundaries remain.
RENKEI_TILE_URL = _tile_setting("RENKEI_TILE_URL", GSI_STANDARD_TILES)
RENKEI_TILE_ATTRIBUTION = _tile_setting(
    "RENKEI_TILE_ATTRIBUTION", GSI_ATTRIBUTION if RENKEI_TILE_URL == GSI_STANDARD_TILES else ""
)
# Simplified municipality polygons shipped as a static file (tools/boundaries.py made them from
# the Japan Meteorological Agency's GIS data): drawn under the markers of every map, so a map
# without its tile server is still a map of the region.
RENKEI_BOUNDARIES = "renkei/geo/municipalities.geojson"
RENKEI_BOUNDARIES_ATTRIBUTION = (
    '市町村界：<a href="https://www.jma.go.jp/jma/kishou/info/coment.html">気象庁</a>'
    "の防災情報GISデータを加工して作成"
)


def _origin(url: str) -> list[str]:
    """The scheme and host of a tile URL template, for the CSP's img-src."""
    parts = urlsplit(url)
    # Leaflet's {s} subdomain placeholder becomes the CSP wildcard.
    host = parts.netloc.replace("{s}", "*")
    return [f"{parts.scheme}://{host}"] if parts.scheme and host else []


# Content-Security-Policy: scripts and styles only from our own static files. No inline script,
# event-handler attribute, <style> or style="" is allowed anywhere (data for a page's script
# travels in json_script blocks, which are data, not code); tests/platform/test_csp.py and the
# browser tests hold every page to it. Plotly's stylesheet is a static file
# (renkei/plotly.css), htmx's indicator style is switched off (base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # The one inline style allowed is the empty one: Plotly's colour bars reset their
        # rectangles with style="" (a no-op). 'unsafe-hashes' lets exactly the hash of the
        # empty string through, no other attribute value.
        "style-src-attr": [
            "'unsafe-hashes'",
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
        ],
        # data: for Leaflet's and Swagger UI's small inline images; blob: for Plotly's
        # "download as PNG"; the tile server (GSI's unless RENKEI_TILE_URL says otherwise).
        "img-src": [SELF, "data:", "blob:", *_origin(RENKEI_TILE_URL)],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

if not DEVELOPMENT:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 30
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- language: Japanese first, English second ---
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Filled by collectstatic, which `renkei serve` runs before it starts the server; never committed.
STATIC_ROOT = VAR_DIR / "static"
# Without DEBUG (`make run`, production), the files get content-hashed names, so that whitenoise
# can tell browsers to keep them for a year and a new release is still fetched at once; plus
# gzip copies. With DEBUG (`make dev`, the tests) the names stay plain and whitenoise reads the
# source folders, with no collectstatic to run first.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "renkei.common.staticfiles.StaticFilesStorage"
        )
    },
}


def _package_static(package: str, subdir: str) -> Path:
    """A folder inside an installed package, found without importing the package.

    django-leaflet is used for its vendored Leaflet only: as an installed app its admin module
    pulls in GeoDjango and GDAL, which the platform does not need.
    """
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the package {package!r} is not installed: run `make setup`")
    return Path(next(iter(spec.submodule_search_locations))) / subdir


# Leaflet from django-leaflet and plotly.js from the plotly wheel: nothing comes from a CDN.
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    _package_static("leaflet", "static"),
    ("plotly", _package_static("plotly", "package_data")),
]
# Private files only (attached drawings): no address serves this folder, in any mode; each
# file is streamed through its gate (see config/urls.py).
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# --- background jobs: django-tasks, database backend (no Redis needed) ---
TASKS = {
    "default": {
        "BACKEND": env.get_str("RENKEI_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# The sweep of very large networks fans out on Dask when a scheduler address is named.
DASK_SCHEDULER_ADDRESS = env.get_str("DASK_SCHEDULER_ADDRESS", "")

# --- maps: the tile layer and the boundaries are set above (RENKEI_TILE_URL); map.js draws ---
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (36.39, 139.06),
    "DEFAULT_ZOOM": 9,
    # django-leaflet's own format, for reference: renkei's templates read RENKEI_TILE_URL.
    "TILES": [("tiles", RENKEI_TILE_URL, {"attribution": RENKEI_TILE_ATTRIBUTION, "maxZoom": 18})]
    if RENKEI_TILE_URL
    else [],
    "RESET_VIEW": False,
}

AUDITLOG_INCLUDE_ALL_MODELS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.get_str("LOG_LEVEL", "WARNING")},
}
