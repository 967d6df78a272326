"""What the accounts app draws in other apps' pages (core/slots.py)."""

from functools import lru_cache
from urllib.parse import quote

from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html


def header_link(context) -> str:
    """
    The header's "Sign in" link, back to the page it was followed from;
    account-link.js makes it "Your account" for a signed-in reader (the page
    is the same for everyone, so the page cache can share it). Drawn on every
    page: written here rather than by a template.
    """
    path = context["request"].path
    login, profile, script = _addresses(get_script_prefix())
    href = login
    if path and not path.startswith("/account/") and path != "/":
        href += "?next=" + quote(path, safe="/")
    return format_html(
        '<a class="site-account" href="{}" data-account-link data-signed-in-href="{}"'
        ' data-signed-in-label="Your account">Sign in</a>\n'
        '            <script src="{}" defer></script>\n',
        href,
        profile,
        script,
    )


@lru_cache(maxsize=8)
def _addresses(script_prefix: str) -> tuple[str, str, str]:
    """The sign-in and account pages' and the script's addresses, worked out
    once per process (and prefix) rather than on every page."""
    return (
        reverse("account_login"),
        reverse("accounts:profile"),
        static("cliffhanger/js/account-link.js"),
    )
