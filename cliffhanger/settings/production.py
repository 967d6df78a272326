"""
Production: secrets from the environment, HTTPS-only flags, hashed static files.

With the defaults `manage.py check --deploy` reports no issues. Each HTTPS flag
can be changed from the environment for the way TLS reaches the app: behind a
proxy that terminates TLS, set SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https
(and make sure the proxy overwrites that header). docs/deploy.md lists them all.
"""

import os

from django.core.exceptions import ImproperlyConfigured

SECRET_KEY_MISSING = (
    "SECRET_KEY is not set. Production needs one key shared by every app "
    "server, from the environment: generate it with `python -c 'from "
    "django.core.management.utils import get_random_secret_key; "
    "print(get_random_secret_key())'` and set SECRET_KEY=<that key>."
)
ALLOWED_HOSTS_MISSING = (
    "ALLOWED_HOSTS is not set. Production needs the site's host names, "
    "comma-separated, e.g. ALLOWED_HOSTS=news.example,www.news.example."
)

# Checked before base.py runs, which would otherwise make up a key in var/:
# each app server would then sign sessions and links with a different key.
if not os.environ.get("SECRET_KEY", "").strip():
    raise ImproperlyConfigured(SECRET_KEY_MISSING)
if not os.environ.get("ALLOWED_HOSTS", "").strip():
    raise ImproperlyConfigured(ALLOWED_HOSTS_MISSING)

from .base import *  # noqa: E402, F403
from .base import env_bool  # noqa: E402

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"].strip()

# HTTPS everywhere. A load balancer probes /healthz over plain HTTP, so it is
# answered rather than redirected.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
_proxy_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_header:
    name, _, value = _proxy_header.partition(",")
    if not value:
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER must be HEADER,VALUE, "
            "e.g. HTTP_X_FORWARDED_PROTO,https."
        )
    SECURE_PROXY_SSL_HEADER = (name.strip(), value.strip())
# Only behind a proxy that sets X-Forwarded-Host itself.
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)
