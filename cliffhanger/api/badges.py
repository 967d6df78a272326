"""
Status badges other sites hot-link: "Partner Track S1 | Cancelled · 8 Nov 2022"
as a small SVG with a <title>, so screen readers and image search read it too.
Text widths are estimated from character classes (no font files on the server):
the badge may be a few pixels wider than its text, never narrower.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.html import escape

from cliffhanger.tracker.models import SeasonStatus

# Backgrounds with at least 4.5:1 contrast against white text.
STATUS_COLOURS = {
    SeasonStatus.RENEWED: "#1b6e2e",
    SeasonStatus.CANCELLED: "#b3261e",
    SeasonStatus.ENDED: "#4a4a4a",
    SeasonStatus.AWAITING: "#8a4b00",
    SeasonStatus.AIRING: "#1d5aa6",
}
OTHER_COLOUR = "#5c5470"
LABEL_COLOUR = "#2f2f2f"
NAME_LIMIT = 40
HEIGHT = 20
PADDING = 6


@dataclass
class Badge:
    name: str  # "Partner Track S1"
    status: str | None
    status_label: str
    since: date | None

    @property
    def message(self) -> str:
        if self.since is None:
            return self.status_label
        return f"{self.status_label} · {self.since.day} {self.since:%b %Y}"

    @property
    def text(self) -> str:
        return f"{self.name}: {self.message}"


def text_width(text: str) -> int:
    """Width at 11 px in a sans-serif font, erring wide."""
    width = 0.0
    for char in text:
        if char in "il.,:;|!'· ":
            width += 3.6
        elif char.isupper() or char in "mwMW@%&":
            width += 8.4
        else:
            width += 6.9
    return int(width) + 1


def shortened(name: str) -> str:
    return name if len(name) <= NAME_LIMIT else name[: NAME_LIMIT - 1] + "…"


def badge_svg(badge: Badge) -> str:
    name, message = shortened(badge.name), badge.message
    left = text_width(name) + 2 * PADDING
    right = text_width(message) + 2 * PADDING
    colour = STATUS_COLOURS.get(badge.status, OTHER_COLOUR)
    title = escape(f"{shortened(badge.name)}: {message}")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + right}" '
        f'height="{HEIGHT}" role="img" aria-label="{title}"><title>{title}</title>'
        f'<rect width="{left}" height="{HEIGHT}" fill="{LABEL_COLOUR}"/>'
        f'<rect x="{left}" width="{right}" height="{HEIGHT}" fill="{colour}"/>'
        f'<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">'
        f'<text x="{PADDING}" y="14">{escape(name)}</text>'
        f'<text x="{left + PADDING}" y="14">{escape(message)}</text></g></svg>'
    )
