"""`{% picture_for %}` and `{% picture_preload %}`: responsive pictures by place (core/pictures.py)."""

import logging

from django import template
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from wagtail.images.models import Picture

from cliffhanger.core.pictures import FORMATS, place_get
from cliffhanger.core.renditions import place_renditions

register = template.Library()
logger = logging.getLogger(__name__)


def _renditions(image, place_name: str) -> dict:
    """
    The place's renditions, less any that came out the same width as a smaller
    one: an image narrower than the widest width is never enlarged, and a
    srcset listing one width twice makes the browser's choice arbitrary.
    """
    kept, seen = {}, set()
    for spec, rendition in place_renditions(image, place_name).items():
        key = (spec.rsplit("format-", 1)[-1], rendition.width)
        if key not in seen:
            seen.add(key)
            kept[spec] = rendition
    return kept


@register.simple_tag
def picture_for(image, place_name, **attrs):
    """
    A <picture> for `image` in the place called `place_name`: WebP and JPEG
    sources at each of the place's widths, the place's `sizes`, and the width
    and height of the image so the page does not shift as it loads.
    Attributes (alt, class, loading, fetchpriority…) go on the <img>; alt
    defaults to the image's description.
    """
    if not image:
        return ""
    place = place_get(place_name)
    renditions = _renditions(image, place_name)
    if not renditions:
        return ""
    attrs.setdefault("sizes", place.sizes)
    attrs.setdefault("alt", image.default_alt_text)
    if attrs.get("loading") == "lazy":
        attrs.setdefault("decoding", "async")
    return mark_safe(Picture(renditions, attrs).__html__())  # noqa: S308 (flatatt escapes)


@register.simple_tag
def picture_preload(image, place_name):
    """A <link rel=preload> for a page's lead picture, so it loads with the HTML."""
    if not image:
        return ""
    place = place_get(place_name)
    preferred = f"format-{FORMATS[0]}"
    candidates = [
        rendition
        for spec, rendition in _renditions(image, place_name).items()
        if preferred in spec
    ]
    if not candidates:
        return ""
    link_attrs = {
        "rel": "preload",
        "as": "image",
        "type": f"image/{FORMATS[0]}",
        "imagesrcset": ", ".join(f"{r.url} {r.width}w" for r in candidates),
        "imagesizes": place.sizes,
        "fetchpriority": "high",
    }
    return mark_safe(f"<link{flatatt(link_attrs)}>")  # noqa: S308 (flatatt escapes)
