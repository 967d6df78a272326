"""Site-wide middleware: request ids, security headers, the scoped CSP."""

import re
import uuid

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy, default_config
from django.conf import settings
from django.utils import timezone
from django.utils.log import log_response

from .logs import current_request_id
from .private_apis import csp_decorated, csp_nonce_after_response, csp_nonce_made

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_META = "HTTP_X_REQUEST_ID"
# What proxies and load balancers send (UUIDs, nginx's $request_id, trace ids);
# anything else could forge log lines or bloat them, so it is replaced.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:=+/@-]{1,128}", re.ASCII)


def request_id_from(header_value: str | None) -> str:
    """The client's X-Request-ID when it is well-formed, otherwise a fresh one."""
    if header_value and VALID_REQUEST_ID.fullmatch(header_value):
        return header_value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """
    Give every request an id: the X-Request-ID the proxy sent (validated) or a
    new one. It is on `request.request_id`, on every log record written while
    the request runs (core/logs.py), and in the response's X-Request-ID header.
    Put it first in MIDDLEWARE so everything inside logs with the id.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # From META: request.headers would build a mapping of every header.
        request_id = request_id_from(request.META.get(REQUEST_ID_META))
        request.request_id = request_id
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
            if response.status_code >= 400:
                # Django logs 4xx/5xx responses after the middleware has
                # returned, when the id is gone; log them here instead (Django
                # then skips them: log_response marks the response as logged).
                log_response(
                    "%s: %s",
                    response.reason_phrase,
                    request.path,
                    response=response,
                    request=request,
                )
        finally:
            current_request_id.reset(token)
        response.headers[REQUEST_ID_HEADER] = request_id
        return response


class DefaultTimezoneMiddleware:
    """
    The site's time zone, made the active one for the request. Asking Django
    for the current zone when none is active goes through two exceptions in
    asgiref's Local (5.6 us against 2.9), and the seed article asks 38 times:
    its dates, and each prepared query's shape (core/db/prepared.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with timezone.override(timezone.get_default_timezone()):
            return self.get_response(request)


class SecurityHeadersMiddleware:
    """Permissions-Policy from settings.PERMISSIONS_POLICY (feature -> allow-list)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response


class ScopedCSPMiddleware(CSPMiddleware):
    """
    django-csp's middleware with a second policy for the Wagtail admin.

    Reader pages get CONTENT_SECURITY_POLICY (no inline script or style). The
    admin runs inline scripts and styles of Wagtail's own, so paths under
    CONTENT_SECURITY_POLICY_ADMIN["PATH_PREFIXES"] get that policy instead. A
    view decorated with django-csp's @csp/@csp_replace/@csp_update still wins.
    Wagtail's previews of reader pages get the reader policy, framable by the
    admin.
    """

    def process_response(self, request, response):
        # A reader page with the site's policy unchanged (no decorator, nonce or
        # admin scope) gets the header built once, not per response: building
        # it was a fifth of a page-cache hit's CPU.
        if self._plain_reader_response(request, response):
            response[HEADER] = self._reader_policy()
            request.csp_nonce = CheckableLazyObject(csp_nonce_after_response(self))
            return response
        return super().process_response(request, response)

    def _plain_reader_response(self, request, response) -> bool:
        policy = settings.CONTENT_SECURITY_POLICY or {}
        return (
            HEADER not in response
            and not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            and not csp_nonce_made(request)
            and not getattr(request, "is_dummy", False)
            and not csp_decorated(response)
            and not (settings.DEBUG and response.status_code in (404, 500))
            and not request.path_info.startswith(
                (
                    *settings.CONTENT_SECURITY_POLICY_ADMIN["PATH_PREFIXES"],
                    *(policy.get("EXCLUDE_URL_PREFIXES") or ()),
                )
            )
        )

    def _reader_policy(self) -> str:
        """The settings' reader policy as a header, rebuilt only if the settings change."""
        config = settings.CONTENT_SECURITY_POLICY
        cached = getattr(self, "_built", None)
        if cached is None or cached[0] is not config:
            cached = self._built = (config, build_policy())
        return cached[1]

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        admin = settings.CONTENT_SECURITY_POLICY_ADMIN
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(tuple(admin["PATH_PREFIXES"]))
        ):
            parts.config = default_config(admin["DIRECTIVES"])
        if getattr(request, "is_dummy", False):
            # Wagtail's preview renders a reader page through the middleware
            # with a made-up request, and shows it in a frame of the admin:
            # the reader policy, but the admin may frame it.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        return parts
