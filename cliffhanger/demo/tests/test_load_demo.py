"""The demo site: the seed page re-created, content for every listing, idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from cliffhanger.demo.content import SEED_SLUG
from cliffhanger.demo.loaders import newsletters
from cliffhanger.newsletters.models import Issue, Newsletter, Subscription
from cliffhanger.newsroom.models import ArticlePage, Author, SectionPage
from cliffhanger.tracker.models import Show

SEED_URL = f"/entertainment/{SEED_SLUG}/"


@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module and rolled back after it (~10 s a load)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_loaded, db):
    """Each test runs in its own savepoint inside the loaded demo."""


def test_loading_twice_changes_nothing(demo):
    counts = (
        ArticlePage.objects.count(),
        SectionPage.objects.count(),
        Author.objects.count(),
    )
    output = StringIO()

    call_command("load_demo", stdout=output)

    assert (
        ArticlePage.objects.count(),
        SectionPage.objects.count(),
        Author.objects.count(),
    ) == counts
    assert "created 0 images, 0 sections, 0 authors, 0 articles" in output.getvalue()


def test_every_demo_article_show_and_author_has_its_picture(demo):
    articles = ArticlePage.objects.all()
    assert not articles.filter(featured_image=None).exists()
    assert all(article.featured_image_alt for article in articles)
    assert not Show.objects.filter(poster=None).exists()
    assert not Show.objects.filter(still=None).exists()
    assert not Author.objects.filter(avatar=None).exists()
    posters = {
        show.poster.file.read() for show in Show.objects.select_related("poster")
    }
    assert len(posters) == Show.objects.count(), "every show's poster is its own"


def test_demo_fills_every_listing(demo, client):
    assert ArticlePage.objects.live().count() >= 13
    assert Author.objects.count() >= 3
    assert SectionPage.objects.count() >= 3
    for section in SectionPage.objects.all():
        assert client.get(section.url).status_code == 200
    for author in Author.objects.all():
        assert 'class="card"' in client.get(author.get_absolute_url()).text


def test_seed_page_matches_the_captured_structure(demo, client):
    response = client.get(SEED_URL)
    html = response.text

    assert response.status_code == 200
    assert '<li><a href="/">Home</a></li>' in html
    assert '<li><a href="/entertainment/">Entertainment</a></li>' in html
    assert (
        "<h1>Everything We Know About The Possibility Of Partner Track Season 2</h1>"
        in html
    )
    assert ">Partner Track Season 2 Renewal Status</h2>" in html
    assert ">Let&#x27;s Talk About The Finale Cliffhanger</h2>" in html
    assert '<span class="attributed-quote__person">Jinny Howe</span>' in html
    assert '<span class="attributed-quote__person">Georgia Lee</span>' in html
    assert 'class="author-box"' in html and "Ayman Bhorania" in html
    assert 'id="most-popular-heading">Most Popular' in html
    assert html.count("<li><a href=", html.index("most-popular-heading")) >= 3


def test_the_newsletters_demo_is_there_once(demo):
    assert Newsletter.objects.count() == 2 and Subscription.objects.count() == 0
    assert Issue.objects.filter(status="sent").count() == 1

    assert newsletters.load() == {"newsletters": 0, "issues": 0}
