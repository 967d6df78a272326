"""Social cards: the og:image of shows and articles shows the status now."""

import io
import re
from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import PageViewRestriction

from cliffhanger.demo.content import SEED_SLUG
from cliffhanger.demo.images import demo_image_ensure
from cliffhanger.demo.loaders import newsroom as newsroom_demo
from cliffhanger.demo.loaders import tracker as tracker_demo
from cliffhanger.newsroom.models import ArticlePage
from cliffhanger.newsroom.tests.factories import ArticlePageFactory
from cliffhanger.tracker.card_tags import show_card_tags
from cliffhanger.tracker.models import ArticleCoverage, Season
from cliffhanger.tracker.selectors import show_get_by_slug, show_seasons_with_history
from cliffhanger.tracker.social_cards import (
    CARD_RENDITION,
    article_card_for_pk,
    badge_text,
    card_draw,
    card_layout,
    show_card_for_slug,
)
from cliffhanger.tracker.views import SOCIAL_CARD_CACHE_CONTROL

SHOW_PAGE = "/shows/partner-track/"


def _picture(seed: str, width: int = 1600, height: int = 900) -> Image:
    """A drawn picture with its focal point, as the demo makes them."""
    return demo_image_ensure(
        title=f"{seed} {width}x{height}", seed=seed, width=width, height=height
    )


def _og(html: str) -> dict[str, str]:
    return dict(
        re.findall(r'<meta property="og:image(?::(\w+))?" content="([^"]*)"', html)
    )


def _card(client, url: str) -> PILImage.Image:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    return PILImage.open(io.BytesIO(response.content))


@pytest.fixture(autouse=True)
def storage(settings):
    """A fresh in-memory storage per test: cards kept by one test are not another's."""
    settings.STORAGES = {**settings.STORAGES}
    return default_storage


@pytest.fixture
def cancelled(season_one, record):
    record(season_one, "awaiting", date(2022, 9, 26))
    return record(season_one, "cancelled", date(2022, 11, 8))


@pytest.fixture
def covered(article, season_one):
    ArticleCoverage.objects.create(article=article, show=season_one.show)
    return article


def test_badge_says_the_status_and_its_day():
    assert badge_text(status="cancelled", since=date(2022, 11, 8)) == (
        "Cancelled · 8 Nov 2022"
    )
    assert badge_text(status="awaiting", since=None) == "Awaiting decision"


def test_the_demo_card_of_partner_track_says_cancelled_until_an_editor_records_news(
    db, client, editor, django_capture_on_commit_callbacks
):
    # given: the demo's seed article and shows (its other articles, comments,
    # polls and search index play no part), where Netflix cancelled Partner
    # Track on 8 Nov 2022
    newsroom_demo.load(only_the_seed=True)
    tracker_demo.load()
    seed = ArticlePage.objects.get(slug=SEED_SLUG)
    assert card_layout(show_card_for_slug(slug="partner-track")).badge == (
        "Cancelled · 8 Nov 2022"
    )
    assert card_layout(article_card_for_pk(pk=seed.pk)).badge == (
        "Cancelled · 8 Nov 2022"
    )
    old_url = _og(client.get(SHOW_PAGE).text)[""]
    before = _card(client, old_url)

    # when: an editor records a revival in the admin's one form
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/snippets/tracker/seasonstatuschange/add/",
            {
                "season": Season.objects.get(show__slug="partner-track", number=1).pk,
                "status": "renewed",
                "effective_date": timezone.localdate().isoformat(),
            },
        )
    assert response.status_code == 302
    client.logout()

    # then: the show page names another image, and its pixels differ
    new_url = _og(client.get(SHOW_PAGE).text)[""]
    after = _card(client, new_url)
    assert new_url != old_url
    assert after.tobytes() != before.tobytes()
    assert card_layout(show_card_for_slug(slug="partner-track")).badge.startswith(
        "Renewed · "
    )
    assert client.get(old_url)["Location"] == new_url.removeprefix("http://testserver")
    assert _og(client.get(seed.url).text)["alt"].startswith(
        "Everything We Know About The Possibility Of Partner Track Season 2"
        " — Partner Track · Season 1: Renewed · "
    )


class TestShowCard:
    def test_show_page_points_at_a_1200_by_630_png(
        self, client, partner_track, cancelled
    ):
        partner_track.still = _picture("partner-track")
        partner_track.save()

        og = _og(client.get(SHOW_PAGE).text)

        assert re.fullmatch(
            r"http://testserver/social-cards/show/partner-track-[0-9a-f]{12}\.png",
            og[""],
        )
        assert (og["width"], og["height"], og["type"]) == ("1200", "630", "image/png")
        assert og["alt"] == "Partner Track — Season 1: Cancelled · 8 Nov 2022"
        assert _card(client, og[""]).size == (1200, 630)

    def test_a_made_up_key_costs_a_cache_read_not_queries(
        self, client, partner_track, cancelled, settings
    ):
        settings.FRAGMENT_CACHE_SECONDS = 300
        current = show_card_for_slug(slug="partner-track").url
        made_up = re.sub(r"-[0-9a-f]{12}\.png$", "-0123456789ab.png", current)
        client.get(made_up)  # the first asks the database for the address

        with CaptureQueriesContext(connection) as queries:
            response = client.get(made_up)

        assert response.status_code == 302 and response["Location"] == current
        assert len(queries) == 0

    def test_card_is_kept_for_a_year_and_made_for_anyone(
        self, client, partner_track, cancelled
    ):
        url = show_card_for_slug(slug="partner-track").url

        response = client.get(url)

        assert response["Cache-Control"] == SOCIAL_CARD_CACHE_CONTROL
        assert not response.cookies  # no session, no CSRF token
        assert "Cookie" not in response.get("Vary", "")
        assert client.post(url).status_code == 405
        assert client.head(url).status_code == 200

    def test_a_new_status_gives_a_new_address_and_the_old_one_leads_there(
        self, client, partner_track, season_one, cancelled, record
    ):
        old = show_card_for_slug(slug="partner-track")
        old_png = client.get(old.url).content

        record(season_one, "renewed", date(2023, 1, 5))
        new = show_card_for_slug(slug="partner-track")

        assert new.url != old.url
        assert client.get(new.url).content != old_png
        moved = client.get(old.url)
        assert (moved.status_code, moved["Location"]) == (302, new.url)
        assert "immutable" not in moved["Cache-Control"]

    def test_with_shared_fragments_a_new_status_still_changes_the_show_pages_card(
        self, client, settings, partner_track, season_one, cancelled, record
    ):
        settings.FRAGMENT_CACHE_SECONDS = 300
        before = _og(client.get(SHOW_PAGE).text)
        assert _og(client.get(SHOW_PAGE).text) == before

        record(season_one, "renewed", date(2023, 1, 5))

        after = _og(client.get(SHOW_PAGE).text)
        assert after[""] != before[""]
        assert after[""].endswith(show_card_for_slug(slug="partner-track").url)
        assert after["alt"].endswith("Renewed · 5 Jan 2023")

    def test_unknown_show_or_malformed_key_is_not_found(self, client, partner_track):
        assert (
            client.get("/social-cards/show/no-such-show-0123456789ab.png").status_code
            == 404
        )
        assert client.get("/social-cards/show/partner-track-xyz.png").status_code == 404

    def test_the_card_adds_no_query_to_the_show_page(
        self, rf, partner_track, cancelled, django_assert_num_queries
    ):
        partner_track.still = _picture("partner-track")
        partner_track.save()
        show = show_get_by_slug(slug="partner-track")
        latest = show_seasons_with_history(show=show)[0]

        with django_assert_num_queries(0):
            tags = show_card_tags(rf.get(SHOW_PAGE), show, latest)

        assert show_card_for_slug(slug="partner-track").url in tags


class TestArticleCard:
    def test_article_page_points_at_its_card_with_the_show_status(
        self, client, covered, cancelled
    ):
        covered.featured_image = _picture("article")
        covered.save_revision().publish()

        og = _og(client.get(covered.url).text)

        assert og[""].startswith(
            f"http://testserver/social-cards/article/{covered.pk}-"
        )
        assert og["alt"] == (
            "Everything about Partner Track season 2"
            " — Partner Track · Season 1: Cancelled · 8 Nov 2022"
        )
        assert _card(client, og[""]).size == (1200, 630)
        card = article_card_for_pk(pk=covered.pk)
        assert card_layout(card).badge == "Cancelled · 8 Nov 2022"

    def test_with_shared_fragments_a_new_status_still_changes_the_card(
        self, client, settings, covered, season_one, cancelled, record
    ):
        settings.FRAGMENT_CACHE_SECONDS = 300
        before = _og(client.get(covered.url).text)[""]
        assert _og(client.get(covered.url).text)[""] == before

        record(season_one, "renewed", date(2023, 1, 5))

        after = _og(client.get(covered.url).text)
        assert after[""] != before
        assert after["alt"].endswith("Renewed · 5 Jan 2023")

    def test_an_article_without_a_show_or_picture_gets_a_plain_card(
        self, client, article
    ):
        og = _og(client.get(article.url).text)

        assert _card(client, og[""]).size == (1200, 630)
        assert card_layout(article_card_for_pk(pk=article.pk)).badge == ""

    def test_private_or_unpublished_articles_have_no_card(
        self, client, covered, cancelled, section
    ):
        url = article_card_for_pk(pk=covered.pk).url
        PageViewRestriction.objects.create(
            page=section, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        assert client.get(url).status_code == 404

        draft = ArticlePageFactory(parent=section, live=False)
        assert article_card_for_pk(pk=draft.pk) is None
        assert (
            client.get(f"/social-cards/article/{draft.pk}-0123456789ab.png").status_code
            == 404
        )

    def test_the_card_adds_no_query_to_the_article_page(
        self, client, template_slots, covered, cancelled
    ):
        covered.featured_image = _picture("article")
        covered.save_revision().publish()

        def queries() -> int:
            client.get(covered.url)
            with CaptureQueriesContext(connection) as captured:
                client.get(covered.url)
            return len(captured)

        with_card = queries()
        del template_slots["article.og_image"]
        assert "/social-cards/" not in client.get(covered.url).text
        assert queries() == with_card


class TestMadeAhead:
    def test_a_recorded_status_draws_the_show_and_article_cards(
        self,
        settings,
        covered,
        season_one,
        cancelled,
        record,
        django_capture_on_commit_callbacks,
    ):
        settings.SOCIAL_CARDS_MAKE_AHEAD = True
        show_before = show_card_for_slug(slug="partner-track")
        default_storage.save(show_before.storage_name, io.BytesIO(b"old"))

        with django_capture_on_commit_callbacks(execute=True):
            record(season_one, "renewed", date(2023, 1, 5))

        show_after = show_card_for_slug(slug="partner-track")
        article_after = article_card_for_pk(pk=covered.pk)
        assert default_storage.exists(show_after.storage_name)
        assert default_storage.exists(article_after.storage_name)
        assert not default_storage.exists(show_before.storage_name)

    def test_publishing_an_article_draws_its_card(
        self, settings, covered, django_capture_on_commit_callbacks
    ):
        settings.SOCIAL_CARDS_MAKE_AHEAD = True
        covered.title = "Partner Track: what the finale means"

        with django_capture_on_commit_callbacks(execute=True):
            covered.save_revision().publish()

        card = article_card_for_pk(pk=covered.pk)
        assert card_layout(card).title_lines == ["Partner Track: what the finale means"]
        assert default_storage.exists(card.storage_name)


class TestDrawing:
    def test_the_picture_is_wagtails_focal_point_crop(self, partner_track):
        partner_track.still = _picture("partner-track")
        partner_track.save()

        card_draw(show_card_for_slug(slug="partner-track"))

        assert partner_track.still.renditions.filter(
            filter_spec=CARD_RENDITION
        ).exists()

    def test_a_long_title_takes_three_lines_and_an_ellipsis(self, partner_track):
        partner_track.title = (
            "A very long title " * 11
        )  # 198 characters: the column holds 200
        partner_track.save()

        lines = card_layout(show_card_for_slug(slug="partner-track")).title_lines

        assert len(lines) == 3
        assert lines[-1].endswith("…")

    def test_letters_the_font_lacks_are_drawn_plainly(self, partner_track, settings):
        settings.SOCIAL_CARD_FONT = ""
        partner_track.title = "Élite — Café"
        partner_track.save()

        card = show_card_for_slug(slug="partner-track")

        assert card_layout(card).title_lines == ["Elite - Cafe"]

    def test_the_key_follows_what_the_card_shows(self, partner_track):
        plain = show_card_for_slug(slug="partner-track")
        partner_track.still = _picture("partner-track", 1000, 1000)
        partner_track.save()
        first = show_card_for_slug(slug="partner-track")
        assert show_card_for_slug(slug="partner-track").key == first.key
        assert first.key != plain.key
        assert card_draw(first) != card_draw(plain)

        still = partner_track.still
        still.focal_point_y = 100 if still.focal_point_y > 500 else 900
        still.save()

        second = show_card_for_slug(slug="partner-track")
        assert second.key != first.key
        assert card_draw(second) != card_draw(first)
