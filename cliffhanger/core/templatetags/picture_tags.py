"""`{% picture_for %}` and `{% picture_preload %}`: responsive pictures by place (core/pictures.py)."""

import html
import logging

from django import template
from django.apps import apps
from django.utils.safestring import mark_safe
from wagtail.images.models import Picture

from cliffhanger.core.addresses import file_url_once
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
    return mark_safe(picture_html(Picture(renditions, attrs)))  # noqa: S308 (escaped)


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
        "imagesrcset": ", ".join(
            f"{file_url_once(r.file)} {r.width}w" for r in candidates
        ),
        "imagesizes": place.sizes,
        "fetchpriority": "high",
    }
    return mark_safe(f"<link{attributes_html(link_attrs)}>")  # noqa: S308 (escaped)


def picture_html(picture: Picture) -> str:
    """
    Wagtail's markup for `picture` (Picture.__html__), with the attributes
    written by attributes_html(): Wagtail's flatatt() escapes each value
    through Django's lazy-aware wrappers, which cost an article page about
    half a millisecond. core/tests/test_picture_markup.py holds the two to
    the same markup. Each rendition's URL is worked out once per process
    (file_url_once).
    """
    attrs = dict(picture.attrs or {})
    if not picture.formats:
        if len(picture.renditions) > 1:
            attrs["srcset"] = _srcset(picture.renditions)
        return f"<picture>{_img_html(picture.renditions[0], attrs)}</picture>"
    fallback_format = picture.get_fallback_format()
    fallback_renditions = picture.formats[fallback_format]
    sources = "".join(
        "<source{}>".format(
            attributes_html(
                {
                    "srcset": _srcset(picture.formats[fmt.name]),
                    "sizes": attrs.get("sizes"),
                    "type": fmt.mime_type,
                }
            )
        )
        for fmt in picture.source_format_order
        if fmt.name != fallback_format and fmt.name in picture.formats
    )
    if len(fallback_renditions) > 1:
        attrs["srcset"] = _srcset(fallback_renditions)
    return f"<picture>{sources}{_img_html(fallback_renditions[0], attrs)}</picture>"


def _srcset(renditions) -> str:
    """ResponsiveImage.get_width_srcset()."""
    if len(renditions) == 1:
        return file_url_once(renditions[0].file)
    return ", ".join(f"{file_url_once(r.file)} {r.width}w" for r in renditions)


def _img_html(rendition, attrs: dict) -> str:
    """Rendition.img_tag(attrs)."""
    merged = {
        "src": file_url_once(rendition.file),
        "width": rendition.width,
        "height": rendition.height,
        "alt": rendition.alt,
    }
    merged.update(apps.get_app_config("wagtailimages").default_attrs)
    merged.update(attrs)
    return f"<img{attributes_html(merged)}>"


def attributes_html(attrs: dict) -> str:
    """Django's flatatt(): valued attributes sorted, then the true flags,
    escaped as Django escapes (html.escape, which Django's escape() wraps)."""
    valued = sorted(
        (name, value)
        for name, value in attrs.items()
        if value is not None and not isinstance(value, bool)
    )
    flags = sorted(name for name, value in attrs.items() if value is True)
    return "".join(
        f' {_escaped(name)}="{_escaped(value)}"' for name, value in valued
    ) + "".join(f" {_escaped(name)}" for name in flags)


def _escaped(value) -> str:
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
