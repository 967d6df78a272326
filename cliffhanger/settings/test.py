"""
Fast, isolated test settings: in-memory SQLite, MD5 hashing, locmem cache; or
PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set (make test's second pass).
"""

import os

# Before base.py runs: with a key in the environment it writes no key file.
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from .base import *  # noqa: E402, F403
from .base import DATABASES  # noqa: E402

if not os.environ.get("DATABASE_URL"):
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The PostgreSQL pass (DATABASE_URL and REDIS_URL set) runs on real Redis too.
if not os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "versions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "versions",
        },
    }
# Pieces of pages are kept only with a shared cache: in the SQLite pass
# (one process, locmem) most tests want every render fresh; their own tests
# switch it on.
FRAGMENT_CACHE_SECONDS = 300 if os.environ.get("REDIS_URL") else 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run at once in tests: making every demo rendition would add seconds to
# each test that loads the demo. The tests of renditions made ahead turn it on.
PICTURE_RENDITIONS_AHEAD = False
WAGTAILADMIN_BASE_URL = "http://testserver"
IP_HASH_SALT = "test-salt"
SECRET_KEY = "test-only-secret-key"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "WARNING"},
}
# Serve static files from the apps' folders, as in development: no collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Moderation policies that would get in the way of most tests are off here;
# their own tests switch them on.
DISCUSSION_HOLD_FIRST_COMMENT = False
DISCUSSION_MIN_SUBMIT_SECONDS = 0
DISCUSSION_RATE_LIMIT_PER_MINUTE = 10_000

# The page cache would turn every second request into a hit; its own tests switch it on.
PAGE_CACHE_SECONDS = 0

# Social cards are drawn when first asked for; their own tests draw them ahead.
SOCIAL_CARDS_MAKE_AHEAD = False

# Purges go out at once in tests; the coalescing test switches it on.
FRONTEND_CACHE_PURGE_COALESCE_SECONDS = 0
# Jinja2 renders announced to the test client (response.templates).
for _backend in TEMPLATES:  # noqa: F405
    if _backend["BACKEND"].endswith(".Jinja2"):
        _backend["OPTIONS"]["environment"] = "cliffhanger.testing.jinja.environment"
