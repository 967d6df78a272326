"""What the accounts app draws in other apps' pages (core/slots.py)."""

from urllib.parse import quote

from django.utils.html import format_html

from cliffhanger.core.addresses import reverse_once, static_once


def header_link(context) -> str:
    """
    The header's "Sign in" link, back to the page it was followed from;
    account-link.js makes it "Your account" for a signed-in reader (the page
    is the same for everyone, so the page cache can share it). Drawn on every
    page: written here rather than by a template.
    """
    path = context["request"].path
    href = reverse_once("account_login")
    if path and not path.startswith("/account/") and path != "/":
        href += "?next=" + quote(path, safe="/")
    return format_html(
        '<a class="site-account" href="{}" data-account-link data-signed-in-href="{}"'
        ' data-signed-in-label="Your account">Sign in</a>\n'
        '            <script src="{}" defer></script>\n',
        href,
        reverse_once("accounts:profile"),
        static_once("cliffhanger/js/account-link.js"),
    )
