"""
django-allauth's addresses under /account/ (its URL names are global:
`account_login`, `account_email`…), fitted to readers who have no password:
sign-in is our code form, and the password and sign-up pages lead back to it.
OpenID Connect providers (settings.SOCIALACCOUNT_PROVIDERS) get their login
and callback addresses under /account/oidc/<provider id>/.
"""

from allauth.account import urls as account_urls
from allauth.socialaccount import urls as socialaccount_urls
from allauth.socialaccount.providers.openid_connect import urls as oidc_urls
from django.urls import URLPattern, include, path

from . import views

OURS = {
    "account_login": views.sign_in,
    "account_request_login_code": views.sign_in,
}
CLOSED = {
    "account_signup",
    "account_signup_by_passkey",
    "account_reauthenticate",
    "account_change_password",
    "account_set_password",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_confirm_password_reset_code",
    "account_complete_password_reset",
    "account_password_reset_completed",
}


def _fitted(patterns):
    fitted = []
    for pattern in patterns:
        name = getattr(pattern, "name", None)
        view = OURS.get(name) or (views.closed_feature if name in CLOSED else None)
        if view is None:
            fitted.append(pattern)
        else:
            fitted.append(URLPattern(pattern.pattern, view, pattern.default_args, name))
    return fitted


urlpatterns = [
    *_fitted(account_urls.urlpatterns),
    path("social/", include(socialaccount_urls)),
    # Under OPENID_CONNECT_URL_PREFIX ("oidc/" by default).
    path("", include(oidc_urls)),
]
