"""
Settings shared by every mode. Values come from the environment with safe
defaults; no secret, password or host is committed. No DATABASE_URL means the
embedded SQLite database under var/.
"""

import json
import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(os.environ.get("CLIFFHANGER_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(
    name: str, default: int, *, minimum: int = 0, maximum: int | None = None
) -> int:
    """A whole number from the environment, or one clear line naming what to fix."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or number < minimum or (maximum is not None and number > maximum):
        bounds = f"from {minimum}" + (
            f" to {maximum}" if maximum is not None else " up"
        )
        raise ImproperlyConfigured(
            f"{name} must be a whole number {bounds}, not {value!r}."
        )
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def secret_key_from_file(path: Path) -> str:
    """A random key kept in var/, so a clean clone runs without a committed secret."""
    from django.core.management.utils import get_random_secret_key

    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(get_random_secret_key())
            path.chmod(0o600)
        return path.read_text().strip()
    except OSError as error:
        raise ImproperlyConfigured(
            f"Cannot write the secret key to {path} (CLIFFHANGER_VAR_DIR, or set "
            f"SECRET_KEY): {error.strerror or error}"
        ) from None


# production.py refuses to start without SECRET_KEY in the environment.
SECRET_KEY = os.environ.get("SECRET_KEY") or secret_key_from_file(
    VAR_DIR / "secret_key"
)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# A refused post shows the reader what they sent, ready to send again.
CSRF_FAILURE_VIEW = "cliffhanger.core.csrf_failure.csrf_failure"
# A first post from a shared page (no CSRF cookie yet) may prove its origin with
# Sec-Fetch-Site and Origin instead of a token (core/csrf_check.py), except here.
CSRF_TOKEN_REQUIRED_PREFIXES = ["/admin/", "/documents/", "/account/"]
# Django's W003 looks for its CSRF middleware by name; caching/checks.py checks ours.
SILENCED_SYSTEM_CHECKS = ["security.W003"]
# Proxies in front (nginx, a load balancer): the reader's address is taken from
# their X-Forwarded-For. The same variable tells gunicorn whose X-Forwarded-Proto to trust.
TRUSTED_PROXIES = env_list("FORWARDED_ALLOW_IPS", ["127.0.0.1", "::1"])

INSTALLED_APPS = [
    "cliffhanger.core",
    "cliffhanger.newsroom",
    "cliffhanger.discussion",
    "cliffhanger.tracker",
    "cliffhanger.predictions",
    "cliffhanger.moving",
    "cliffhanger.search",
    "cliffhanger.api",
    "cliffhanger.webhooks",
    "cliffhanger.newsletters",
    # The demo site's content and `load_demo`: above every app, used by none.
    "cliffhanger.demo",
    "cliffhanger.caching",
    # Before allauth: its pages are drawn with our templates.
    "cliffhanger.accounts",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "wagtail.contrib.redirects",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
]

MIDDLEWARE = [
    "cliffhanger.core.middleware.RequestIdMiddleware",
    "cliffhanger.core.request_memo.RequestMemoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cliffhanger.core.middleware.SecurityHeadersMiddleware",
    # Outside the page cache, so cached answers carry it too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cliffhanger.core.middleware.ScopedCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Validators (an ETag from the body, 304s) for whatever the page cache does
    # not answer itself; outside the compression, so gzipped bytes get their own.
    "cliffhanger.core.etags.ContentETagMiddleware",
    "cliffhanger.core.compression.TextGZipMiddleware",
    "cliffhanger.core.replicas.ReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cliffhanger.core.csrf_check.SharedPageCsrfViewMiddleware",
    "cliffhanger.caching.middleware.PageCacheMiddleware",
    # After the page cache: a hit reads no date.
    "cliffhanger.core.middleware.DefaultTimezoneMiddleware",
    # After the page cache: a hit needs no site.
    "cliffhanger.newsroom.site_cache.CachedSiteMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cliffhanger.accounts.middleware.SignedInHintMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cliffhanger.moving.middleware.WordPressQueryRedirectMiddleware",
]

# Security headers on every response. production.py adds HTTPS-only flags.
SECURE_REFERRER_POLICY = os.environ.get(
    "SECURE_REFERRER_POLICY", "strict-origin-when-cross-origin"
)
X_FRAME_OPTIONS = "DENY"
# Browser features no page of ours uses, refused for the page and its embeds.
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "browsing-topics": [],
}

# Content Security Policy (django-csp). Reader pages run only our own external
# scripts and stylesheets: no inline script, style or event handler. JSON-LD
# <script type="application/ld+json"> blocks are data, which CSP does not block.
# Video embeds in articles come from CSP_FRAME_SRC's hosts; images and media
# from this site plus CSP_MEDIA_ORIGINS (a CDN or object store serving /media/).
_CSP_MEDIA = ["'self'", "data:", *env_list("CSP_MEDIA_ORIGINS", [])]
_CSP_FRAMES = env_list(
    "CSP_FRAME_SRC",
    [
        "https://www.youtube-nocookie.com",
        "https://www.youtube.com",
        "https://player.vimeo.com",
    ],
)
_CSP_REPORT = env_list("CSP_REPORT_URI", [])
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": _CSP_MEDIA,
        "media-src": _CSP_MEDIA,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": _CSP_FRAMES,
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "report-uri": _CSP_REPORT or None,
    }
}
# The Wagtail admin runs inline scripts and styles of its own and previews
# pages in a same-origin frame; it gets this policy instead (core/middleware.py).
CONTENT_SECURITY_POLICY_ADMIN = {
    "PATH_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": [*_CSP_MEDIA, "blob:", "https://www.gravatar.com"],
        "media-src": _CSP_MEDIA,
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *_CSP_FRAMES],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
        "report-uri": _CSP_REPORT or None,
    },
}

ROOT_URLCONF = "cliffhanger.urls"
WSGI_APPLICATION = "cliffhanger.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cliffhanger.newsroom.context_processors.navigation",
                "cliffhanger.core.context_processors.deferred_csrf_token",
            ],
            # Django's `date` filter, faster for our formats (core/templatetags/dates.py).
            "builtins": ["cliffhanger.core.templatetags.dates"],
        },
    },
    {
        # Readers' pages (the `jinja2/` folders): the same markup at a fraction
        # of the cost (core/jinja_env.py). Django's engine above is found first.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [PACKAGE_DIR / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "cliffhanger.core.jinja_env.environment",
            "context_processors": [
                "django.template.context_processors.debug",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cliffhanger.newsroom.context_processors.navigation",
                "cliffhanger.core.context_processors.deferred_csrf_token",
            ],
        },
    },
]


def database_from_environment() -> dict:
    """SQLite in WAL mode under var/ unless DATABASE_URL names another database."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    return {
        # Django's backend with writers queued (core/db/writer_lock.py).
        "ENGINE": "cliffhanger.core.db.sqlite",
        "NAME": VAR_DIR / "cliffhanger.sqlite3",
        # Kept open across requests as on PostgreSQL: opening one (its PRAGMAs,
        # Django's functions) cost a comment post a third of its throughput.
        "CONN_MAX_AGE": 60,
        "OPTIONS": {
            # WAL lets readers carry on while one writer commits; IMMEDIATE
            # avoids "database is locked" upgrades from read to write locks.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA busy_timeout=5000;"
            ),
            "transaction_mode": "IMMEDIATE",
        },
    }


DATABASES = {"default": database_from_environment()}
# An optional read replica: GET requests read from it, except for a reader
# who wrote something in the last DATABASE_REPLICA_STICKY_SECONDS.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=60, conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["cliffhanger.core.replicas.PrimaryReplicaRouter"]
# Full-page cache for anonymous readers (cliffhanger/caching): pages stay in the
# cache up to PAGE_CACHE_SECONDS and are dropped as soon as what they show
# changes; a CDN may keep the form-free ones PAGE_CACHE_EDGE_SECONDS. 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
PAGE_CACHE_EDGE_SECONDS = int(os.environ.get("PAGE_CACHE_EDGE_SECONDS", "60"))
# How much longer a cached page is kept, to answer readers while the database
# is unreachable instead of a 503 (caching/middleware.py); a CDN is offered
# the same window (stale-if-error). 0 turns it off.
PAGE_CACHE_STALE_IF_ERROR_SECONDS = env_int(
    "PAGE_CACHE_STALE_IF_ERROR_SECONDS", 3600, minimum=0
)
# Shared pieces of pages (the menu, Read next, status boxes) in the same cache,
# each under the versions of what it shows (caching/fragments.py). 0 turns it off.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 300)
# How much memory each process gives the pieces, kept pages and page-cache
# answers it last used, kept in front of the shared cache (a read saved per
# piece or page). 0 turns it off.
FRAGMENT_PROCESS_COPIES_MB = float(os.environ.get("FRAGMENT_PROCESS_COPIES_MB", "8"))
# Any of these cookies makes a page personal: a login, own or pending comments,
# a remembered commenter, a vote, a message waiting to be shown.
PAGE_CACHE_BYPASS_COOKIES = [
    "sessionid",
    "cliff_own",
    "cliff_pending",
    "cliff_commenter",
    "cliff_reader",
    "messages",
    # A signed-in reader's hint for the header (accounts/middleware.py).
    "cliff_signed_in",
]
# The query parameters pages read, with the form each value takes: a request
# with any other parameter or value is answered fresh and never kept.
PAGE_CACHE_QUERY_PARAMS = {
    "page": r"[1-9][0-9]{0,3}",
    "cpage": r"[1-9][0-9]{0,3}",
    "csort": r"oldest|newest|best",
    "cthread": r"[1-9][0-9]{0,18}",
    "network": r"[-a-z0-9]{1,60}",
    "status": r"[a-z_]{1,20}",
    "sort": r"[a-z_]{1,20}",
    # A search's words as the search reads them (search/views.py keeps no other spelling).
    "q": r"\w[\w ]{0,99}",
}
PAGE_CACHE_SKIP_PREFIXES = [
    "/admin/",
    "/comments/",
    "/polls/",
    "/shows/follow/",
    # Their forms carry a token for readers without JavaScript (confirm, unsubscribe).
    "/newsletters/confirm/",
    "/newsletters/unsubscribe/",
    # Readers' sign-in and account pages are theirs alone.
    "/account/",
    # The API counts every request against its rate limit (cliffhanger/api).
    "/api/",
]
# ...but for these, the same for every reader and without forms: the comments
# feeds, kept whole (discussion/urls.py) and so cached like /feed/ is.
PAGE_CACHE_SKIP_EXCEPT = ["/comments/feed/"]
# Readers' changes (comments, votes, ratings) purge a page from the proxy at
# most once per this many seconds (caching/purge.py); 0 purges on every change.
FRONTEND_CACHE_PURGE_COALESCE_SECONDS = int(
    os.environ.get("FRONTEND_CACHE_PURGE_COALESCE_SECONDS", "2")
)
# Purges for a proxy or CDN in front: an HTTP PURGE to this address per changed URL.
WAGTAILFRONTENDCACHE = (
    {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    }
    if os.environ.get("FRONTEND_CACHE_PURGE_URL")
    else {}
)

DATABASE_REPLICA_STICKY_SECONDS = int(
    os.environ.get("DATABASE_REPLICA_STICKY_SECONDS", "10")
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def caches_from_environment() -> dict:
    """
    REDIS_URL's server, or else the embedded cache under var/cache/ that every
    process of this machine shares (core/embedded_cache.py). "versions" holds
    what the page and fragment caches are checked against (caching/
    dependencies.py): never evicted, so a size limit never makes it forget.
    "renditions" is where Wagtail keeps its renditions (core/renditions_cache.py).
    """
    url = os.environ.get("REDIS_URL")
    if url:
        redis = {
            "BACKEND": "cliffhanger.core.redis_cache.FailSafeRedisCache",
            "LOCATION": url,
        }
        # While the cache is away, what is written to "default" is kept in
        # each process for this long (core/cache_failsafe.py); "versions" never.
        return {
            "default": {**redis, "OUTAGE_LOCAL_SECONDS": 30},
            "versions": redis,
            "renditions": {
                **redis,
                "BACKEND": "cliffhanger.core.redis_cache.RedisRenditionsCache",
            },
        }
    location = Path(os.environ.get("CACHE_DIR", VAR_DIR / "cache"))
    size_limit = env_int("CACHE_SIZE_MB", 512, minimum=1) * 1024 * 1024
    return {
        "default": {
            "BACKEND": "cliffhanger.core.embedded_cache.EmbeddedCache",
            "LOCATION": str(location / "pages"),
            "OPTIONS": {"size_limit": size_limit},
            "OUTAGE_LOCAL_SECONDS": 30,
        },
        "versions": {
            "BACKEND": "cliffhanger.core.embedded_cache.EmbeddedCache",
            "LOCATION": str(location / "versions"),
            "SHARDS": 1,
            "OPTIONS": {"eviction_policy": "none"},
        },
        "renditions": {
            "BACKEND": "cliffhanger.core.renditions_cache.EmbeddedRenditionsCache",
            "LOCATION": str(location / "renditions"),
            # Small rows, read a few at a time: one SQLite file, one connection.
            "SHARDS": 1,
            "OPTIONS": {"size_limit": size_limit // 8},
        },
    }


CACHES = caches_from_environment()

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": (
            "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
        )
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Django's own sign-in, with a signed-in reader's profile loaded with the user
# in one query; ModelBackend after it keeps sessions signed in before it came.
AUTHENTICATION_BACKENDS = [
    "cliffhanger.accounts.backends.ReaderBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
# The site and its admin speak British English only: without the translation
# machinery each gettext (month names, choice labels, form labels) is a plain
# call, not a lookup through the active catalogue (~0.25 ms a show page). The
# date and number formats still follow LANGUAGE_CODE.
USE_I18N = False
USE_TZ = True

# The embedded default serves uploaded images itself; behind a CDN or object
# storage set SERVE_MEDIA=false and let that serve /media/.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "cliffhanger.core.static_storage.RememberedManifestStorage"
    },
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Social cards (tracker/social_cards.py): drawn by a task when a status, show
# or article changes, so the first crawler after the news never waits. The
# font is Pillow's built-in face unless this names a TrueType file (e.g.
# /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf for titles beyond Latin).
SOCIAL_CARDS_MAKE_AHEAD = env_bool("SOCIAL_CARDS_MAKE_AHEAD", True)
SOCIAL_CARD_FONT = os.environ.get("SOCIAL_CARD_FONT", "")


SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_URL_SCHEMES = {"smtp": 25, "submission": 587, "smtps": 465}


def email_from_environment() -> dict:
    """
    Outgoing mail from EMAIL_URL (smtp://user:password@host:25, ?tls=1 for
    STARTTLS; submission://… is port 587 with STARTTLS, smtps://… port 465 with
    TLS) or from EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
    EMAIL_USE_TLS and EMAIL_USE_SSL. Without either, mail goes to the console.
    """
    url = os.environ.get("EMAIL_URL")
    if url:
        parts = urlsplit(url)
        if parts.scheme not in EMAIL_URL_SCHEMES:
            raise ImproperlyConfigured(
                f"EMAIL_URL must start with one of {sorted(EMAIL_URL_SCHEMES)}://"
            )
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        truthy = {"1", "true", "yes", "on"}
        return {
            "EMAIL_BACKEND": SMTP_BACKEND,
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": parts.port or EMAIL_URL_SCHEMES[parts.scheme],
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_TLS": parts.scheme == "submission"
            or query.get("tls", "").lower() in truthy,
            "EMAIL_USE_SSL": parts.scheme == "smtps"
            or query.get("ssl", "").lower() in truthy,
        }
    host = os.environ.get("EMAIL_HOST")
    return {
        "EMAIL_BACKEND": os.environ.get(
            "EMAIL_BACKEND",
            SMTP_BACKEND if host else "django.core.mail.backends.console.EmailBackend",
        ),
        "EMAIL_HOST": host or "localhost",
        "EMAIL_PORT": int(os.environ.get("EMAIL_PORT", "25")),
        "EMAIL_HOST_USER": os.environ.get("EMAIL_HOST_USER", ""),
        "EMAIL_HOST_PASSWORD": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "EMAIL_USE_TLS": env_bool("EMAIL_USE_TLS", False),
        "EMAIL_USE_SSL": env_bool("EMAIL_USE_SSL", False),
    }


_email = email_from_environment()
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
# An unreachable mail server must not hold a task worker forever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
# Used by the file-based backend (EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Cliffhanger <newsroom@localhost>"
)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Wagtail
WAGTAIL_SITE_NAME = "Cliffhanger"
# Editors' avatars are uploaded, never fetched from Gravatar with a hash of their email.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = os.environ.get(
    "SITE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILREDIRECTS_AUTO_CREATE = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
# Editors work on the live page tree; a deleted statement or page must never
# leave readers with a broken page, so moderation stays in the admin.
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True

# Newsroom
NEWSROOM_ARTICLES_PER_PAGE = int(os.environ.get("NEWSROOM_ARTICLES_PER_PAGE", "10"))
NEWSROOM_FEED_FULL_CONTENT = env_bool("NEWSROOM_FEED_FULL_CONTENT", False)
# "Read next" under each article; the tracker ranks same-show articles first.
NEWSROOM_RELATED_COUNT = int(os.environ.get("NEWSROOM_RELATED_COUNT", "4"))
NEWSROOM_RELATED_SOURCES = ["cliffhanger.tracker.selectors.related_ids_same_show"]
NEWSROOM_MOST_POPULAR_DAYS = int(os.environ.get("NEWSROOM_MOST_POPULAR_DAYS", "7"))
NEWSROOM_MOST_POPULAR_COUNT = int(os.environ.get("NEWSROOM_MOST_POPULAR_COUNT", "5"))
# Views are buffered in memory and written in batches, so a page view never
# waits on a database write.
NEWSROOM_VIEW_FLUSH_SECONDS = float(os.environ.get("NEWSROOM_VIEW_FLUSH_SECONDS", "10"))
NEWSROOM_VIEW_BEACONS_PER_MINUTE = int(
    os.environ.get("NEWSROOM_VIEW_BEACONS_PER_MINUTE", "60")
)
IP_HASH_SALT = os.environ.get("IP_HASH_SALT", "")

# Blocks other apps offer in the article body: (block name, dotted path). A
# setting, not a registry filled from the apps' ready() as slots, scheduled jobs
# and board extras are: the body's StreamField is built when newsroom's models
# are imported, before any app's ready() runs.
NEWSROOM_BODY_EXTENSION_BLOCKS = [
    ("statement", "cliffhanger.tracker.blocks.StatementBlock"),
    ("poll", "cliffhanger.predictions.blocks.PollBlock"),
]

# Renditions made by the task worker when an image is uploaded or put in a
# place (core/renditions.py); pages make any still missing on demand.
PICTURE_RENDITIONS_AHEAD = env_bool("PICTURE_RENDITIONS_AHEAD", True)
WAGTAILIMAGES_JPEG_QUALITY = 80
WAGTAILIMAGES_WEBP_QUALITY = 78

# One line per record on standard error: LOG_FORMAT=json for one JSON object
# a line (for a log collector), text for people. Both carry the request id.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("LOG_FORMAT must be json or text.")
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").strip().upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cliffhanger.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "cliffhanger.core.logs.JsonFormatter"},
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # A request for a host we do not serve is noise, not an error to act on.
        "django.security.DisallowedHost": {"handlers": [], "propagate": False},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
    },
}

# Discussion
DISCUSSION_MAX_DEPTH = int(os.environ.get("DISCUSSION_MAX_DEPTH", "5"))
# Top-level comments per page, each shown with its first DISCUSSION_REPLIES_SHOWN
# replies; the rest are on that comment's own page (?cthread=), a link away.
# A finale's thread stays a light page on a phone.
DISCUSSION_COMMENTS_PER_PAGE = env_int("DISCUSSION_COMMENTS_PER_PAGE", 20, minimum=1)
DISCUSSION_REPLIES_SHOWN = env_int("DISCUSSION_REPLIES_SHOWN", 3, minimum=1)
DISCUSSION_EDIT_MINUTES = int(os.environ.get("DISCUSSION_EDIT_MINUTES", "15"))

# Moderation (docs/moderation.md): every policy is a setting, overridable from the environment.
DISCUSSION_HOLD_ALL = env_bool("DISCUSSION_HOLD_ALL", False)
DISCUSSION_HOLD_FIRST_COMMENT = env_bool("DISCUSSION_HOLD_FIRST_COMMENT", True)
# A signed-in reader's account with this many approved comments skips the
# first-comment hold (0: every account does).
DISCUSSION_TRUSTED_AFTER_APPROVALS = env_int(
    "DISCUSSION_TRUSTED_AFTER_APPROVALS", 3, minimum=0
)
DISCUSSION_MAX_LINKS = int(os.environ.get("DISCUSSION_MAX_LINKS", "2"))
DISCUSSION_MODERATION_KEYWORDS = env_list("DISCUSSION_MODERATION_KEYWORDS", [])
DISCUSSION_BLOCKLIST = env_list("DISCUSSION_BLOCKLIST", [])
DISCUSSION_MIN_SUBMIT_SECONDS = float(
    os.environ.get("DISCUSSION_MIN_SUBMIT_SECONDS", "3")
)
DISCUSSION_DUPLICATE_MINUTES = int(os.environ.get("DISCUSSION_DUPLICATE_MINUTES", "10"))
DISCUSSION_RATE_LIMIT_PER_MINUTE = int(
    os.environ.get("DISCUSSION_RATE_LIMIT_PER_MINUTE", "5")
)
DISCUSSION_MAX_LENGTH = int(os.environ.get("DISCUSSION_MAX_LENGTH", "10000"))
DISCUSSION_REPORTS_TO_HOLD = int(os.environ.get("DISCUSSION_REPORTS_TO_HOLD", "3"))
# Reports one network address may send in an hour, across all comments.
DISCUSSION_REPORTS_PER_HOUR = env_int("DISCUSSION_REPORTS_PER_HOUR", 10, minimum=1)
# Follow requests (each mails a confirmation) one network may send in an hour.
TRACKER_FOLLOW_REQUESTS_PER_HOUR = env_int(
    "TRACKER_FOLLOW_REQUESTS_PER_HOUR", 10, minimum=1
)
# One vote or report per network per item: an IPv4 address (/32) or an IPv6 /64.
READER_NETWORK_PREFIX_V4 = env_int("READER_NETWORK_PREFIX_V4", 32, maximum=32)
READER_NETWORK_PREFIX_V6 = env_int("READER_NETWORK_PREFIX_V6", 64, maximum=128)
DISCUSSION_CLOSE_AFTER_DAYS = int(os.environ.get("DISCUSSION_CLOSE_AFTER_DAYS", "0"))
# Moderator notices: "each" (an email per held comment), "digest" (one a day), or "off".
DISCUSSION_MODERATOR_NOTICES = os.environ.get("DISCUSSION_MODERATOR_NOTICES", "each")
DISCUSSION_MODERATION_LINK_HOURS = int(
    os.environ.get("DISCUSSION_MODERATION_LINK_HOURS", "72")
)

# How long the scheduler's lease lasts unrenewed (core/leases.py): when the
# node holding it dies, another node's scheduler acts within this plus one
# round (15 s). Longer than a round takes, or two could act at once.
SCHEDULER_LEASE_SECONDS = env_int("SCHEDULER_LEASE_SECONDS", 45, minimum=2)
# Seconds between the scheduler's rounds (run_scheduler --interval wins).
SCHEDULER_INTERVAL_SECONDS = env_int("SCHEDULER_INTERVAL_SECONDS", 15, minimum=1)

# The open-data API (cliffhanger/api, docs/api.md): JSON only, read-only, public
# data only. Anonymous callers get API_ANONYMOUS_REQUESTS_PER_MINUTE per network
# address; editors issue keys with their own limit in the admin.
API_ANONYMOUS_REQUESTS_PER_MINUTE = env_int(
    "API_ANONYMOUS_REQUESTS_PER_MINUTE", 60, minimum=1
)
API_PAGE_SIZE = env_int("API_PAGE_SIZE", 20, minimum=1, maximum=100)
# Only what DRF must know globally: the API's views set their own
# authentication, limits, renderers and errors (cliffhanger/api/views.py), so
# Wagtail's admin API, also on DRF, keeps its defaults.
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cliffhanger open data API",
    "DESCRIPTION": (
        "Articles, shows, seasons with their dated and sourced renewal history, "
        "statements, reader forecasts and comments: everything public, as JSON."
    ),
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"defaultModelsExpandDepth": 0},
    "PREPROCESSING_HOOKS": ["cliffhanger.api.schema.only_the_open_data_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cliffhanger.api.schema.errors_documented",
    ],
}

# Webhooks (cliffhanger/webhooks, docs/webhooks.md). Deliveries go only to public
# addresses unless WEBHOOKS_ALLOW_PRIVATE_ADDRESSES (an intranet receiver).
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", False)
WEBHOOKS_TIMEOUT_SECONDS = env_int("WEBHOOKS_TIMEOUT_SECONDS", 10, minimum=1)
WEBHOOKS_RESPONSE_MAX_BYTES = env_int("WEBHOOKS_RESPONSE_MAX_BYTES", 65536, minimum=1)
# Seconds before each retry (jittered by a fifth): 5 s, 30 s, 2 min, 10 min, 1 h,
# 6 h, 10 h, 10 h, about 27 hours in all, past the day after which an endpoint
# that never answered is disabled; then the delivery gives up.
WEBHOOKS_RETRY_SCHEDULE = [5, 30, 120, 600, 3600, 21600, 36000, 36000]
# An endpoint failing this long is disabled and its owner told.
WEBHOOKS_DISABLE_AFTER_SECONDS = env_int(
    "WEBHOOKS_DISABLE_AFTER_SECONDS", 86400, minimum=60
)
WEBHOOKS_KEEP_DAYS = env_int("WEBHOOKS_KEEP_DAYS", 30, minimum=1)


# Readers' accounts (cliffhanger/accounts, docs/readers.md): passwordless
# sign-in by a code sent by email (django-allauth), optionally OpenID Connect.
# Staff keep signing in at /admin/ with their password (Django's ModelBackend).
LOGIN_REDIRECT_URL = "/account/"
ACCOUNT_ADAPTER = "cliffhanger.accounts.adapter.ReaderAccountAdapter"
SOCIALACCOUNT_ADAPTER = "cliffhanger.accounts.adapter.ReaderSocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# A code works once, in the browser that asked for it, for this many minutes,
# and ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS wrong guesses void it.
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 60 * env_int(
    "ACCOUNTS_CODE_MINUTES", 10, minimum=1, maximum=60
)
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
# The same page whether or not an address has an account; and no mail to an
# address without one (only staff's: they sign in at /admin/).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Cliffhanger: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = WAGTAILADMIN_BASE_URL.split(":", 1)[0]
# Per network address (accounts/adapter.py: as the site trusts it, an IPv6 /64)
# and per email address: codes asked for, per minute and per hour.
ACCOUNT_RATE_LIMITS = {
    "request_login_code": os.environ.get(
        "ACCOUNTS_CODE_RATE_LIMIT", "10/m/ip,60/h/ip,3/m/key,10/h/key"
    ),
    "login": "30/m/ip",
    "confirm_email": "1/10s/key,3/m/ip",
}
# Accounts whose first code was never entered are deleted after this long.
ACCOUNTS_UNCONFIRMED_HOURS = env_int("ACCOUNTS_UNCONFIRMED_HOURS", 24, minimum=1)


def oidc_providers_from_environment() -> list[dict]:
    """
    OpenID Connect providers readers may sign in with, from OIDC_PROVIDERS: a
    JSON list of {"id", "name", "server_url", "client_id", "secret"} (see
    docs/readers.md). None by default.
    """
    raw = os.environ.get("OIDC_PROVIDERS", "").strip()
    if not raw:
        return []
    try:
        entries = json.loads(raw)
    except ValueError:
        entries = None
    needed = ("id", "name", "server_url", "client_id")
    if not isinstance(entries, list) or not all(
        isinstance(entry, dict) and all(entry.get(key) for key in needed)
        for entry in entries
    ):
        raise ImproperlyConfigured(
            "OIDC_PROVIDERS must be a JSON list of objects with id, name, "
            "server_url, client_id and secret (docs/readers.md)."
        )
    return [
        {
            "provider_id": entry["id"],
            "name": entry["name"],
            "client_id": entry["client_id"],
            "secret": entry.get("secret", ""),
            "settings": {"server_url": entry["server_url"]},
        }
        for entry in entries
    ]


SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "APPS": oidc_providers_from_environment(),
        "OAUTH_PKCE_ENABLED": True,
    }
}
# A provider's account never takes over an existing account by its email.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False

# Newsletters (cliffhanger/newsletters, docs/newsletters.md).
# Subscription requests (each mails a confirmation) one network may send in an hour.
NEWSLETTERS_SUBSCRIBE_REQUESTS_PER_HOUR = env_int(
    "NEWSLETTERS_SUBSCRIBE_REQUESTS_PER_HOUR", 10, minimum=1
)
# Subscribers per sending task (one SMTP connection each).
NEWSLETTERS_BATCH_SIZE = env_int("NEWSLETTERS_BATCH_SIZE", 500, minimum=1)
# A send whose worker has not been heard from for this long is resumed.
NEWSLETTERS_STALL_SECONDS = env_int("NEWSLETTERS_STALL_SECONDS", 300, minimum=60)
# An optional mailbox for List-Unsubscribe's mailto: (the https link always works).
NEWSLETTERS_UNSUBSCRIBE_MAILTO = os.environ.get("NEWSLETTERS_UNSUBSCRIBE_MAILTO", "")
