"""
Signed-in readers and the shared caches: two readers and a visitor on one
article. The readers' pages are their own (never kept, never served from the
shared copy), the visitor's copy holds nobody's name or address, and the
shared pieces of the page (menu, article body, sidebar) stay shared.
"""

import copy

import pytest
from django.core.cache import cache
from django.test import Client

from cliffhanger.accounts.middleware import SIGNED_IN_COOKIE

from .conftest import sign_in, token_of

pytestmark = pytest.mark.django_db

# A stand-in for the personal pieces later slices add to articles ("Commenting
# as …"), in a slot outside every kept fragment, as theirs will be.
WHOAMI = (
    '<p class="whoami">{% if user.is_authenticated %}'
    "{{ user.reader.display_name }} {{ user.email }}{% endif %}</p>"
)
READERS = {"ana@example.com": "Ana Reader", "ben@example.com": "Ben Reader"}


@pytest.fixture
def caches_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.FRAGMENT_CACHE_SECONDS = 300


@pytest.fixture
def whoami_slot(settings, template_slots):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["APP_DIRS"] = False
    templates[0]["OPTIONS"]["loaders"] = [
        ("django.template.loaders.locmem.Loader", {"tests/whoami.html": WHOAMI}),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    settings.TEMPLATES = templates
    template_slots["article.after_author"].append("tests/whoami.html")


def reader(email: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    sign_in(client, email)
    response = client.post(
        "/account/",
        {
            "display_name": READERS[email],
            "csrfmiddlewaretoken": token_of(client, "/account/"),
        },
    )
    assert response.status_code == 302
    return client


def cached_values() -> dict[str, bytes]:
    """Every key in the shared cache with its stored bytes (locmem or Redis)."""
    backend = getattr(cache, "_cache", None)
    if isinstance(backend, dict):  # LocMemCache
        return {key: bytes(value) for key, value in backend.items()}
    client = cache.client.get_client()  # django-redis
    return {key.decode(): client.get(key) or b"" for key in client.scan_iter()}


def fragment_keys() -> set[str]:
    return {key for key in cached_values() if "fragment:" in key}


def test_two_readers_and_a_visitor_on_one_article(caches_on, whoami_slot, article):
    ana, ben = reader("ana@example.com"), reader("ben@example.com")
    visitor = Client()

    # The readers first: each gets their own page, kept nowhere.
    pages, pieces = {}, []
    for email, client in (("ana@example.com", ana), ("ben@example.com", ben)):
        response = client.get(article.url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert response["Cache-Control"] == "private, no-cache"
        pages[email] = response.text
        pieces.append(fragment_keys())
    assert "Ana Reader ana@example.com" in pages["ana@example.com"]
    assert "Ben Reader ben@example.com" in pages["ben@example.com"]
    assert "Ben Reader" not in pages["ana@example.com"]
    assert "Ana Reader" not in pages["ben@example.com"]
    # Ben's page was put together from the pieces Ana's left: none per reader.
    assert pieces[0] and pieces[0] == pieces[1]

    # Then the visitor: the readers left no shared copy behind, so a miss,
    # then a hit, built from the same pieces (plus the token-free comment form).
    first, second = visitor.get(article.url), visitor.get(article.url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert pieces[0] < fragment_keys()
    for response in (first, second):
        assert '<p class="whoami"></p>' in response.text
        assert "Sign in" in response.text
        assert SIGNED_IN_COOKIE not in response.cookies

    # The readers still get their own page once the shared copy exists.
    response = ana.get(article.url)
    assert "X-Page-Cache" not in response
    assert "Ana Reader" in response.text

    # Nothing kept anywhere names a reader or their address.
    for key, value in cached_values().items():
        for email, name in READERS.items():
            assert email.encode() not in value, key
            assert name.encode() not in value, key


def test_the_header_link_is_the_same_for_everybody(caches_on, article):
    ana = reader("ana@example.com")
    visitor = Client()

    mine = ana.get(article.url).text
    theirs = visitor.get(article.url).text

    link = mine[mine.index('<a class="site-account"') :].split("</a>")[0]
    assert link in theirs
    assert "Sign in" in link and "data-signed-in-href" in link
    assert "account-link.js" in theirs


def test_a_stale_hint_keeps_off_the_shared_copy_and_is_dropped(caches_on, article):
    visitor = Client()
    visitor.get(article.url)
    visitor.cookies[SIGNED_IN_COOKIE] = "1"

    response = visitor.get(article.url)

    assert "X-Page-Cache" not in response
    assert response.cookies[SIGNED_IN_COOKIE]["max-age"] == 0
