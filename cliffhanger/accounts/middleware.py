"""
The "signed in" hint: a cookie holding only "1", readable by the page's script
(static/cliffhanger/js/account-link.js), so the header of a page everybody
shares can say "Your account" to a signed-in reader without the shared copy
knowing who anyone is. Set while a session is signed in, dropped as soon as it
is not (signed out, expired, the account deleted or closed). Like the session
cookie, it keeps its holder off the shared page cache (PAGE_CACHE_BYPASS_COOKIES),
so a stale hint is always seen and dropped.
"""

from django.conf import settings

SIGNED_IN_COOKIE = "cliff_signed_in"


class SignedInHintMiddleware:
    """After AuthenticationMiddleware: it reads request.user once the view is done."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        has_hint = SIGNED_IN_COOKIE in request.COOKIES
        if not has_hint and settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return response  # no session, no hint: nothing to read or change
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        if signed_in and not has_hint:
            response.set_cookie(
                SIGNED_IN_COOKIE,
                "1",
                max_age=settings.SESSION_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=False,  # read by account-link.js; it says nothing but "1"
                samesite="Lax",
            )
        elif has_hint and not signed_in:
            response.delete_cookie(SIGNED_IN_COOKIE, samesite="Lax")
        return response
