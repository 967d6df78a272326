"""picture_tags writes Wagtail's own <picture> markup, attribute for attribute."""

import pytest
from django.utils.safestring import mark_safe
from wagtail.images.models import Picture

from cliffhanger.core.pictures import place_get
from cliffhanger.core.renditions import place_renditions
from cliffhanger.core.templatetags.picture_tags import attributes_html, picture_html
from cliffhanger.testing.images import image_make

pytestmark = pytest.mark.django_db

ATTRIBUTE_SETS = [
    {},
    {"alt": 'A "quoted" <b>alt</b> & an apostrophe\'s', "class": "lead"},
    {"alt": "", "loading": "lazy", "decoding": "async", "sizes": "100vw"},
    {"alt": "x", "hidden": True, "inert": False, "title": None},
    {"alt": mark_safe("Kept &amp; safe"), "fetchpriority": "high"},  # noqa: S308
]


def test_the_markup_is_wagtails():
    image = image_make("markup", 1600, 900)
    for place in ("lead", "avatar", "card"):
        renditions = place_renditions(image, place)
        assert len(renditions) > 1
        jpeg_only = {spec: r for spec, r in renditions.items() if "jpeg" in spec}
        first = dict([next(iter(jpeg_only.items()))])
        for chosen in (renditions, jpeg_only, first):
            for attrs in ATTRIBUTE_SETS:
                attrs = dict(attrs, sizes=place_get(place).sizes)
                expected = Picture(chosen, dict(attrs)).__html__()
                assert picture_html(Picture(chosen, dict(attrs))) == expected


@pytest.mark.parametrize("attrs", ATTRIBUTE_SETS)
def test_attributes_are_flatatts(attrs):
    from django.forms.utils import flatatt

    assert attributes_html(attrs) == flatatt(attrs)


def test_a_storage_with_changing_urls_is_asked_every_time():
    from django.core.files.storage import Storage

    from cliffhanger.core.addresses import file_url_once

    class Signing(Storage):
        signed = 0

        def url(self, name):
            self.signed += 1
            return f"/signed/{name}?n={self.signed}"

    class FieldFile:
        storage = Signing()
        name = "a.jpg"

        @property
        def url(self):
            return self.storage.url(self.name)

    assert [file_url_once(FieldFile()) for _ in range(2)] == [
        "/signed/a.jpg?n=1",
        "/signed/a.jpg?n=2",
    ]
