"""Small HTTP helpers shared by the apps: requests and the site's own links."""

from django.conf import settings


def wants_json(request) -> bool:
    """The in-place scripts ask for JSON; a plain form post gets HTML."""
    return "application/json" in request.headers.get("Accept", "")


def site_url(url: str) -> str:
    """An absolute link to this site for a mail, a webhook or a purge, where no
    request says the host: WAGTAILADMIN_BASE_URL plus the path. Absolute URLs
    and "" come back as they are."""
    if not url or "://" in url:
        return url or ""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url
