"""A test OpenID Connect provider, as OIDC_PROVIDERS would configure it."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.django_db

ISSUER = "https://id.acme.example"


CONFIGURATION = {
    "issuer": ISSUER,
    "authorization_endpoint": f"{ISSUER}/authorize",
    "token_endpoint": f"{ISSUER}/token",
    "userinfo_endpoint": f"{ISSUER}/userinfo",
    "jwks_uri": f"{ISSUER}/jwks",
}


@pytest.fixture
def acme(settings, monkeypatch):
    from allauth.socialaccount.providers.openid_connect.views import (
        OpenIDConnectOAuth2Adapter,
    )

    # What discovery would fetch from the provider: nothing leaves the test.
    monkeypatch.setattr(
        OpenIDConnectOAuth2Adapter,
        "openid_config",
        property(lambda self: CONFIGURATION),
    )
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "acme",
                    "name": "Acme ID",
                    "client_id": "cliff",
                    "secret": "s3cret",
                    "settings": {"server_url": ISSUER},
                }
            ],
        }
    }


def test_no_provider_buttons_by_default(client):
    assert "Or sign in with" not in client.get("/account/login/").text


def test_a_configured_provider_starts_with_a_posted_form(csrf_client, acme):
    page = csrf_client.get("/account/login/").text
    form = re.search(
        r'<form method="post" action="([^"]+)">.*?value="([^"]+)".*?Acme ID</button>',
        page,
        re.DOTALL,
    )
    assert form, page
    action, token = form.groups()
    assert action.startswith("/account/oidc/acme/login/")

    refused = csrf_client.post(action.replace("&amp;", "&"))
    response = csrf_client.post(
        action.replace("&amp;", "&"), {"csrfmiddlewaretoken": token}
    )

    assert refused.status_code == 403
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{ISSUER}/authorize"
    query = parse_qs(target.query)
    assert query["client_id"] == ["cliff"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == [
        "http://testserver/account/oidc/acme/login/callback/"
    ]
