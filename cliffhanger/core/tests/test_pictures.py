"""Responsive pictures: renditions made ahead, <picture> markup by place, one query per list."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cliffhanger.core.pictures import FORMATS, PLACES, place_filters, place_get
from cliffhanger.core.renditions import (
    renditions_attach,
    renditions_make,
    upload_places,
)
from cliffhanger.testing.images import image_make

pytestmark = pytest.mark.django_db


def _upload(seed: str, width: int, height: int):
    return image_make(seed, width, height)


def _specs(*places):
    return {spec for name in places for spec in place_get(name).filter_specs()}


@pytest.mark.parametrize(
    ("width", "height", "places"),
    [
        (640, 360, ("lead", "card", "still")),
        (320, 480, ("poster", "poster-small")),
        (256, 256, ("avatar", "portrait")),
    ],
)
def test_an_upload_has_its_renditions_before_any_page_asks(
    settings, django_capture_on_commit_callbacks, width, height, places
):
    settings.PICTURE_RENDITIONS_AHEAD = True

    with django_capture_on_commit_callbacks(execute=True):
        image = _upload(f"upload-{width}x{height}", width, height)

    assert upload_places(width, height) == places
    made = set(image.renditions.values_list("filter_spec", flat=True))
    assert made == _specs(*places)
    assert {spec.rsplit("format-", 1)[1] for spec in made} == set(FORMATS)


def test_nothing_is_queued_when_the_setting_is_off(
    settings, django_capture_on_commit_callbacks
):
    settings.PICTURE_RENDITIONS_AHEAD = False

    with django_capture_on_commit_callbacks(execute=True):
        image = _upload("off", 640, 360)

    assert not image.renditions.exists()


def test_a_show_poster_gets_its_places_when_the_show_is_saved(
    settings, django_capture_on_commit_callbacks, partner_track
):
    settings.PICTURE_RENDITIONS_AHEAD = False
    poster = _upload("square-poster", 300, 300)  # a shape the upload would misjudge
    settings.PICTURE_RENDITIONS_AHEAD = True

    with django_capture_on_commit_callbacks(execute=True):
        partner_track.poster = poster
        partner_track.save()

    made = set(poster.renditions.values_list("filter_spec", flat=True))
    assert _specs("poster", "poster-small") <= made


def test_picture_markup_has_sources_sizes_and_dimensions(article):
    image = _upload("lead", 1600, 900)
    renditions_make(image, ["lead"])
    article.featured_image = image
    article.featured_image_alt = "A teal disc over an orange haze"
    article.save_revision().publish()

    from django.test import Client

    html = Client().get(article.url).text

    picture = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    source = re.search(r"<source [^>]+>", picture).group(0)
    assert 'type="image/webp"' in source and "srcset=" in source
    for width in PLACES["lead"].widths:
        assert f" {width}w" in picture
    assert f'sizes="{PLACES["lead"].sizes}"' in picture
    img = re.search(r"<img [^>]+>", picture).group(0)
    assert 'width="390"' in img and 'height="219"' in img
    assert 'fetchpriority="high"' in img and "loading=" not in img
    assert 'alt="A teal disc over an orange haze"' in img
    preload = re.search(r'<link [^>]*rel="preload"[^>]*>', html).group(0)
    assert 'as="image"' in preload
    assert 'type="image/webp"' in preload and 'fetchpriority="high"' in preload
    assert "imagesrcset=" in preload and "imagesizes=" in preload


def test_a_small_image_lists_each_width_once(article):
    image = _upload("small", 800, 450)  # narrower than the lead's 960 and 1440
    article.featured_image = image
    article.save_revision().publish()

    from django.test import Client

    html = Client().get(article.url).text

    picture = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    for srcset in re.findall(r'srcset="([^"]+)"', picture):
        widths = re.findall(r" (\d+)w", srcset)
        assert widths == ["390", "780", "800"]


def test_cards_load_lazily_after_the_first(client, article, section):
    for seed in ("one", "two"):
        image = _upload(seed, 640, 360)
        copy = article.copy(
            to=section,
            update_attrs={"slug": f"copy-{seed}", "title": f"Copy {seed}"},
            keep_live=True,
        )
        copy.featured_image = image
        copy.save_revision().publish()

    html = client.get(section.url).text

    cards = re.findall(r'<img [^>]*class="card__image"[^>]*>', html)
    assert len(cards) == 2
    assert 'fetchpriority="high"' in cards[0] and "loading" not in cards[0]
    assert 'loading="lazy"' in cards[1] and 'decoding="async"' in cards[1]


def test_a_list_of_cards_asks_for_its_renditions_once(client, article, section):
    def section_queries(count):
        for index in range(count):
            image = _upload(f"card-{count}-{index}", 640, 360)
            renditions_make(image, ["card"])
            copy = article.copy(
                to=section,
                update_attrs={
                    "slug": f"card-{count}-{index}",
                    "title": f"Card {count} {index}",
                },
                keep_live=True,
            )
            copy.featured_image = image
            copy.save_revision().publish()
        client.get(section.url)  # warm whatever a first view warms
        with CaptureQueriesContext(connection) as queries:
            assert client.get(section.url).status_code == 200
        return len(queries)

    assert section_queries(2) == section_queries(3)


def test_attached_renditions_are_those_wagtail_finds_with_no_query(
    django_assert_num_queries,
):
    square, wide = _upload("attach-square", 256, 256), _upload("attach-wide", 640, 360)
    renditions_make(square, ["avatar", "portrait"])
    renditions_make(wide, ["card"])  # its avatar renditions made below
    found = {
        image.pk: {
            spec: r.file.name
            for spec, r in image.get_renditions(*place_filters("avatar")).items()
        }
        for image in (square, wide)
    }
    square_again, wide_again = (
        type(square).objects.get(pk=i.pk) for i in (square, wide)
    )

    with django_assert_num_queries(1):
        renditions_attach([square_again, None, wide_again], "avatar")
    with django_assert_num_queries(0):
        attached = {
            image.pk: {
                spec: r.file.name
                for spec, r in image.get_renditions(*place_filters("avatar")).items()
            }
            for image in (square_again, wide_again)
        }
        alts = [r.alt for r in square_again.prefetched_renditions]

    assert attached == found
    assert set(attached[square.pk]) == _specs("avatar")
    assert alts and all(alt == square.default_alt_text for alt in alts)


def test_an_unknown_place_fails_loudly():
    with pytest.raises(ValueError, match="No picture place 'banner'"):
        place_get("banner")


def test_publishing_an_article_makes_its_lead_card_and_body_figures(
    settings, django_capture_on_commit_callbacks, article
):
    settings.PICTURE_RENDITIONS_AHEAD = False
    lead, figure = _upload("tall-lead", 360, 540), _upload("body", 640, 360)
    settings.PICTURE_RENDITIONS_AHEAD = True
    article.featured_image = lead
    article.body = [
        {"type": "image", "value": {"image": figure.pk, "alt_text": "A disc"}},
    ]

    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    assert set(lead.renditions.values_list("filter_spec", flat=True)) == _specs(
        "lead", "card"
    )
    assert set(figure.renditions.values_list("filter_spec", flat=True)) == _specs(
        "figure"
    )


def test_a_show_page_names_its_poster_in_its_structured_data(client, partner_track):
    import json

    partner_track.poster = _upload("json-ld-poster", 320, 480)
    partner_track.save()

    html = client.get(partner_track.get_absolute_url()).text

    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    )
    assert data["image"].startswith("http://testserver/media/images/")
    assert data["image"].endswith(".format-jpeg.jpg")
    assert "fill-320x480" in data["image"]


def test_a_feed_with_pictures_answers_every_time(client, article):
    # Card listings prefetch their renditions; a feed asks for another size.
    # Prefetched renditions must never make Wagtail draw (and insert) it twice.
    image = _upload("feed", 1600, 900)
    renditions_make(image, ["lead", "card"])
    article.featured_image = image
    article.save_revision().publish()

    first, second = client.get("/feed/"), client.get("/feed/")

    assert first.status_code == second.status_code == 200
    assert b"fill-960x540-c100.format-jpeg.jpg" in second.content
    assert b'type="image/jpeg"' in second.content


def test_an_image_that_lost_its_file_leaves_the_pages_whole(client, article, section):
    image = _upload("lost", 640, 360)
    article.featured_image = image
    article.save_revision().publish()
    image.file.storage.delete(image.file.name)

    for url in (article.url, section.url, "/feed/"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "<picture>" not in client.get(article.url).text


def test_a_new_title_makes_no_renditions_and_a_new_focal_point_does(
    settings, django_capture_on_commit_callbacks
):
    settings.PICTURE_RENDITIONS_AHEAD = True
    with django_capture_on_commit_callbacks(execute=True):
        image = _upload("retitled", 640, 360)
    made = image.renditions.count()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        image.title = "A better title"
        image.save()
    assert not [c for c in callbacks if "renditions_queue" in c.__qualname__]

    with django_capture_on_commit_callbacks(execute=True):
        image.focal_point_x, image.focal_point_y = 500, 100
        image.focal_point_width = image.focal_point_height = 80
        image.save()
    assert image.renditions.count() > made


def test_the_board_asks_for_its_posters_once(client, netflix):
    from cliffhanger.tracker.tests.factories import SeasonFactory, ShowFactory

    def board_queries(count):
        for index in range(count):
            poster = _upload(f"poster-{count}-{index}", 320, 480)
            renditions_make(poster, ["poster-small"])
            show = ShowFactory(network=netflix, poster=poster)
            SeasonFactory(show=show, number=1)
        client.get("/shows/")
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/shows/").text
        assert html.count('class="board__poster"') >= count
        return len(queries)

    assert board_queries(2) == board_queries(3)
