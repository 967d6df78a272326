"""
A refused form post (the CSRF check failed: the page sat open for days, the
cookie was cleared, a cached copy was stale) must not lose what the reader
wrote. For a post from our own pages the refusal shows what they sent, with
a fresh token and a button to send it again; a post from another site gets
only the refusal.
"""

from urllib.parse import urlsplit

from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

# Not sent again: the stale token, and the comment form's honeypot
# (discussion/forms.py), which only robots fill.
SKIPPED_FIELDS = {"csrfmiddlewaretoken", "homepage"}
# Sent again but not shown: a form's own plumbing, which the reader never typed.
UNSHOWN_FIELDS = {"issued", "parent", "next", "replyto"}
MAX_FIELDS = 20


def _from_this_site(request) -> bool:
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    try:
        parts = urlsplit(source)
    except ValueError:  # e.g. "http://[": no site of ours
        return False
    if not (parts.scheme and parts.netloc):  # "null" (sandboxed or redirected) too
        return False
    return url_has_allowed_host_and_scheme(
        f"{parts.scheme}://{parts.netloc}/",
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    )


def csrf_failure(request, reason=""):
    fields = []
    if request.method == "POST" and _from_this_site(request):
        fields = [
            (name, value)
            for name, values in request.POST.lists()
            if name not in SKIPPED_FIELDS
            for value in values
        ][:MAX_FIELDS]
    shown = [
        (name.replace("_", " "), value)
        for name, value in fields
        if name not in UNSHOWN_FIELDS and value.strip()
    ]
    return render(
        request,
        "403_csrf.html",
        # The token itself, even where shared pages defer it (core/shared_csrf.py):
        # a reader without JavaScript sends their words again with this one.
        {
            "fields": fields,
            "shown": shown,
            "action": request.path,
            "csrf_token": get_token(request),
        },
        status=403,
    )
