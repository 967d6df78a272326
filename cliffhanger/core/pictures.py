"""
The site's responsive pictures: which renditions each place on a page uses.

A place (a lead image, a card's thumbnail, a poster…) is named once here with
its crop, its widths and the `sizes` the layout gives it. Templates ask for a
place by name (`{% picture_for image "lead" %}`), and the task that runs when
an image is uploaded makes exactly those renditions, so the first reader never
waits for one. Every rendition comes as WebP, with JPEG for browsers without
it. WebP rather than AVIF: measured on the demo's pictures, AVIF came out
10 % smaller but took four to five times as long to encode (95 ms against
18 ms for a 780 px rendition), and renditions are made on the site's own CPUs.
"""

from dataclasses import dataclass
from functools import cache

from wagtail.images.models import Filter

FORMATS = ("webp", "jpeg")


@dataclass(frozen=True)
class Place:
    """Where a picture goes: its crop ratio (None keeps the image's own), widths and sizes."""

    widths: tuple[int, ...]
    sizes: str
    ratio: tuple[int, int] | None = None

    def spec(self, width: int, image_format: str) -> str:
        """The Wagtail filter spec for one width in one format."""
        if self.ratio:
            height = round(width * self.ratio[1] / self.ratio[0])
            return f"fill-{width}x{height}-c100|format-{image_format}"
        return f"width-{width}|format-{image_format}"

    def filter_specs(self) -> list[str]:
        """Wagtail filter specs, WebP first: the order <picture> lists its sources in."""
        return [
            self.spec(width, image_format)
            for image_format in FORMATS
            for width in self.widths
        ]


# The article column is at most 60rem (960 px) wide; the site's gutters are 1rem.
PLACES = {
    "lead": Place(
        widths=(390, 780, 960, 1440),
        ratio=(16, 9),
        sizes="(min-width: 62rem) 960px, calc(100vw - 2rem)",
    ),
    "card": Place(
        widths=(320, 640),
        ratio=(16, 9),
        sizes="(min-width: 48rem) 20rem, calc(100vw - 2rem)",
    ),
    "still": Place(
        widths=(390, 780, 1200),
        ratio=(16, 9),
        sizes="(min-width: 62rem) 960px, calc(100vw - 2rem)",
    ),
    "poster": Place(widths=(160, 320), ratio=(2, 3), sizes="10rem"),
    "poster-small": Place(widths=(48, 96), ratio=(2, 3), sizes="3rem"),
    "avatar": Place(widths=(96, 192), ratio=(1, 1), sizes="6rem"),
    "portrait": Place(widths=(128, 256), ratio=(1, 1), sizes="8rem"),
    "figure": Place(widths=(390, 780, 960), sizes="(min-width: 62rem) 960px, 100vw"),
}


@cache
def filter_for(spec: str) -> Filter:
    """
    Wagtail's Filter for a spec, made once and shared, as Wagtail's own
    {% image %} tag keeps its Filter: making one checks each operation's
    arguments with inspect, about 20 µs each, and a home page of cards
    asked for 320 of them per render (28% of its CPU).
    """
    return Filter(spec=spec)


def place_filters(name: str) -> list[Filter]:
    """The place's Filters, in filter_specs() order."""
    return [filter_for(spec) for spec in place_get(name).filter_specs()]


def place_get(name: str) -> Place:
    """The place called `name`; a typo in a template fails loudly, not with a blank."""
    try:
        return PLACES[name]
    except KeyError:
        raise ValueError(
            f"No picture place {name!r}; known: {', '.join(PLACES)}"
        ) from None


def all_filter_specs() -> list[str]:
    """Every rendition any place uses: what an upload makes ahead."""
    return list(
        dict.fromkeys(
            spec for place in PLACES.values() for spec in place.filter_specs()
        )
    )
