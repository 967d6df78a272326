"""
Open Graph images ("social cards") for shows and articles that tell the truth:
the picture, the title and the renewal status *now* ("Cancelled · 8 Nov 2022").

A card is described by a SocialCard (what it shows) and addressed by a short
hash of that description, its key: /social-cards/show/partner-track-<key>.png.
Facebook, X and Slack keep images by address, so a new status makes a new
address rather than a new image under an old one. The PNG is drawn once and
kept in the default storage under social-cards/<kind>/<pk>/<key>.png; the
receivers draw it ahead when a status, a show or an article changes (tasks.py),
and the view draws whatever is still missing on its first request.

    card = show_card_for_slug(slug="partner-track")
    card.url                     # where the page's og:image points
    card_png(card)               # the stored image, drawn first if need be
    card_layout(card).badge      # "Cancelled · 8 Nov 2022", as drawn
"""

import hashlib
import io
import json
import logging
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property, lru_cache

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import dateformat
from PIL import Image, ImageDraw, ImageFont

from cliffhanger.newsroom.models import ArticlePage
from cliffhanger.newsroom.selectors import public

from .models import SeasonStatus, Show
from .selectors import article_status_boxes, season_list_with_status, status_label

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
# Part of every key (with the font): a change to the drawing below gives
# every card a new address, so the networks fetch the new look.
DESIGN = "1"
KEY_LENGTH = 12
CARD_DIR = "social-cards"
SITE_NAME = "Cliffhanger"

MARGIN = 64
TITLE_SIZE, TITLE_LINE, TITLE_MAX_LINES = 60, 72, 3
BADGE_SIZE, SITE_SIZE = 30, 34
BACKGROUND = (20, 21, 26)  # the site's default card (static/cliffhanger/img)
ACCENT = (179, 38, 30)  # --accent in site.css
WHITE = (255, 255, 255)
# (background, text) per status, as site.css draws `.status--*` in light mode:
# light pills read on the darkened picture whatever its colours.
STATUS_COLOURS = {
    SeasonStatus.RENEWED: ((227, 244, 232), (23, 96, 46)),
    SeasonStatus.IN_PRODUCTION: ((227, 244, 232), (23, 96, 46)),
    SeasonStatus.DATE_ANNOUNCED: ((227, 244, 232), (23, 96, 46)),
    SeasonStatus.AIRING: ((230, 238, 252), (31, 79, 163)),
    SeasonStatus.AWAITING: ((255, 243, 214), (122, 75, 0)),
    SeasonStatus.IN_DEVELOPMENT: ((255, 243, 214), (122, 75, 0)),
    SeasonStatus.CANCELLED: ((253, 231, 230), (155, 28, 19)),
    SeasonStatus.ENDED: ((236, 236, 240), (61, 63, 71)),
}
OTHER_COLOURS = ((245, 246, 248), (27, 29, 33))  # .status: --panel, --fg


def badge_text(*, status: str | None, since: date | None) -> str:
    """The status as a card's badge says it: "Cancelled · 8 Nov 2022"."""
    label = status_label(status)
    return f"{label} · {dateformat.format(since, 'j M Y')}" if since else label


@dataclass(frozen=True)
class SocialCard:
    """What one card shows. `image` is a Wagtail image (or None: the plain card)."""

    kind: str  # "show" or "article"
    pk: int
    ident: str  # in the address: the show's slug, the article's id
    title: str
    image: object | None
    status: str | None = None
    since: date | None = None
    context: str = ""  # whose status: "Season 1", "Partner Track · Season 1"

    @property
    def badge(self) -> str:
        return badge_text(status=self.status, since=self.since) if self.status else ""

    @property
    def alt(self) -> str:
        if not self.badge:
            return self.title
        return f"{self.title} — {self.context}: {self.badge}"

    @cached_property
    def key(self) -> str:
        image = self.image
        picture = (
            [
                image.pk,
                image.file.name,
                image.focal_point_x,
                image.focal_point_y,
                image.focal_point_width,
                image.focal_point_height,
            ]
            if image is not None
            else None
        )
        shown = [DESIGN, settings.SOCIAL_CARD_FONT, self.kind, self.title, picture]
        shown += [self.context, self.badge]
        raw = json.dumps(shown, default=str, ensure_ascii=False)
        return hashlib.sha256(raw.encode()).hexdigest()[:KEY_LENGTH]

    @property
    def url(self) -> str:
        return reverse(
            f"social_card_{self.kind}", kwargs={"ident": self.ident, "key": self.key}
        )

    @property
    def storage_dir(self) -> str:
        return f"{CARD_DIR}/{self.kind}/{self.pk}"

    @property
    def storage_name(self) -> str:
        return f"{self.storage_dir}/{self.key}.png"


# What a card shows, from what pages have already read.


def show_card(*, show: Show, season=None, status=None, since=None) -> SocialCard:
    """A show's card: its wide still (or poster) and its latest season's status."""
    return SocialCard(
        kind="show",
        pk=show.pk,
        ident=show.slug,
        title=show.title,
        image=show.still or show.poster,
        status=status,
        since=since,
        context=f"Season {season.number}" if season is not None else "",
    )


def article_card(*, article, boxes) -> SocialCard:
    """An article's card: its featured image and the first covered season's status."""
    box = boxes[0] if boxes else None
    return SocialCard(
        kind="article",
        pk=article.pk,
        ident=str(article.pk),
        title=article.title,
        image=article.featured_image,
        status=box.current.status if box else None,
        since=box.current.effective_date if box else None,
        context=f"{box.show.title} · Season {box.season.number}" if box else "",
    )


# What a card shows, read for its own address (views, tasks).


def show_card_for_slug(*, slug: str) -> SocialCard | None:
    show = Show.objects.select_related("still", "poster").filter(slug=slug).first()
    return show_card_for(show) if show is not None else None


def show_card_for(show: Show) -> SocialCard:
    season = (
        season_list_with_status()
        .filter(show=show)
        .only("number", "show_id")
        .order_by("-number")
        .first()
    )
    if season is None or season.current_status is None:
        return show_card(show=show, season=season)
    return show_card(
        show=show,
        season=season,
        status=season.current_status,
        since=season.current_status_date,
    )


def article_card_for_pk(*, pk: int) -> SocialCard | None:
    """None unless the article is live and public (no view restriction above it)."""
    article = (
        public(ArticlePage.objects.live())
        .defer_streamfields()
        .select_related("featured_image")
        .filter(pk=pk)
        .first()
    )
    if article is None:
        return None
    boxes = article_status_boxes(
        article=article, published_at=article.first_published_at
    )
    return article_card(article=article, boxes=boxes)


def articles_covering(*, show_id: int):
    """Live, public articles that cover the show (their cards show its status)."""
    return (
        public(ArticlePage.objects.live())
        .filter(coverage__show_id=show_id)
        .distinct()
        .values_list("pk", flat=True)
    )


# Storage: one current PNG per show or article.


def card_png(card: SocialCard) -> bytes:
    """The card's PNG from storage; drawn, kept and the older ones deleted if missing."""
    name = card.storage_name
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    png = card_draw(card)
    card_store(card, png)
    return png


def card_store(card: SocialCard, png: bytes) -> None:
    saved = default_storage.save(card.storage_name, ContentFile(png))
    if saved != card.storage_name:
        # Another process stored the same card first: keep one copy.
        default_storage.delete(saved)
    _delete_others(card.storage_dir, keep=f"{card.key}.png")


def card_make(card: SocialCard) -> bool:
    """Draw and keep the card unless it is kept already; True if it was drawn."""
    if default_storage.exists(card.storage_name):
        # Kept from before (a title put back as it was): the others must go.
        _delete_others(card.storage_dir, keep=f"{card.key}.png")
        return False
    card_store(card, card_draw(card))
    return True


def cards_forget(*, kind: str, pk: int) -> None:
    """Delete every stored card of a show or article (deleted, unpublished)."""
    _delete_others(f"{CARD_DIR}/{kind}/{pk}", keep=None)


def _delete_others(directory: str, *, keep: str | None) -> None:
    try:
        _, files = default_storage.listdir(directory)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        if name != keep:
            default_storage.delete(f"{directory}/{name}")


# Drawing.


@dataclass(frozen=True)
class CardLayout:
    """The texts a card draws, as drawn (wrapped, shortened, folded to the font)."""

    site_name: str
    title_lines: list[str]
    badge: str
    context: str


def card_layout(card: SocialCard) -> CardLayout:
    title_font, badge_font = _font(TITLE_SIZE), _font(BADGE_SIZE)
    badge = _drawable(card.badge, badge_font)
    context = ""
    if card.context and badge:
        room = WIDTH - 2 * MARGIN - _badge_width(badge, badge_font) - 24
        context = _shortened(_drawable(card.context, badge_font), badge_font, room)
    return CardLayout(
        site_name=SITE_NAME,
        title_lines=_wrapped(
            _drawable(card.title, title_font),
            title_font,
            WIDTH - 2 * MARGIN,
            TITLE_MAX_LINES,
        ),
        badge=badge,
        context=context,
    )


def card_draw(card: SocialCard) -> bytes:
    """The card as a 1200×630 PNG."""
    layout = card_layout(card)
    canvas = _picture(card.image) if card.image is not None else None
    if canvas is None:
        canvas = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    else:
        canvas = Image.composite(Image.new("RGB", canvas.size), canvas, _shade())
    draw = ImageDraw.Draw(canvas)
    title_font, badge_font = _font(TITLE_SIZE), _font(BADGE_SIZE)

    draw.text((MARGIN, 48), layout.site_name, font=_font(SITE_SIZE), fill=WHITE)
    draw.rectangle((0, HEIGHT - 12, WIDTH, HEIGHT), fill=ACCENT)
    y = HEIGHT - 12 - 56 - TITLE_LINE * len(layout.title_lines)
    for n, line in enumerate(layout.title_lines):
        draw.text(
            (MARGIN, y + n * TITLE_LINE),
            line,
            font=title_font,
            fill=WHITE,
            stroke_width=1,  # a bolder headline from the one built-in face
            stroke_fill=WHITE,
        )
    if layout.badge:
        _draw_badge(draw, card.status, layout, badge_font, top=y - 78)
    buffer = io.BytesIO()
    canvas.save(buffer, "PNG")  # optimize=True: 3% smaller, 7 times slower
    return buffer.getvalue()


def _draw_badge(draw, status, layout: CardLayout, font, *, top: int) -> None:
    background, colour = STATUS_COLOURS.get(status, OTHER_COLOURS)
    width = _badge_width(layout.badge, font)
    draw.rounded_rectangle(
        (MARGIN, top, MARGIN + width, top + 52), radius=26, fill=background
    )
    draw.text(
        (MARGIN + 22, top + 26),
        layout.badge,
        font=font,
        fill=colour,
        anchor="lm",
        stroke_width=1,
        stroke_fill=colour,
    )
    if layout.context:
        draw.text(
            (MARGIN + width + 24, top + 26),
            layout.context,
            font=font,
            fill=WHITE,
            anchor="lm",
        )


def _badge_width(text: str, font) -> int:
    return round(font.getlength(text)) + 44


# Wagtail's own crop: it honours the focal point and the photo's orientation
# as every other picture on the site does, and decodes the original once.
CARD_RENDITION = f"fill-{WIDTH}x{HEIGHT}-c100|format-jpeg|jpegquality-90"


def _picture(image) -> Image.Image | None:
    """The Wagtail image cover-cropped to the card around its focal point."""
    try:
        rendition = image.get_rendition(CARD_RENDITION)
        with rendition.file.open("rb") as file:
            picture = Image.open(file).convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError):
        # A missing or unreadable file must not take the page's card down.
        logger.warning("Social card: image %s could not be read", image.pk)
        return None
    if picture.size != (WIDTH, HEIGHT):  # an original smaller than the card
        picture = picture.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    return picture


@cache
def _shade() -> Image.Image:
    """How much black goes over the picture: a little at the top (the site's
    name), most at the bottom where the title and badge sit."""
    column = Image.new("L", (1, HEIGHT))
    for y in range(HEIGHT):
        share = y / (HEIGHT - 1)
        column.putpixel((0, y), round(255 * (0.35 + 0.55 * share**1.6)))
    return column.resize((WIDTH, HEIGHT))


def _font(size: int):
    """SOCIAL_CARD_FONT (a TrueType file) if set, else Pillow's built-in face."""
    return _font_loaded(settings.SOCIAL_CARD_FONT, size)


@cache
def _font_loaded(path: str, size: int):
    if path:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            logger.warning("SOCIAL_CARD_FONT %s could not be read", path)
    return ImageFont.load_default(size=size)


# Pillow's built-in face covers ASCII and a little punctuation; what it lacks
# is drawn as the nearest it has ("é" as "e") rather than as empty boxes.
PUNCTUATION = {"—": "-", "–": "-", "“": '"', "”": '"', "‘": "'", "«": '"', "»": '"'}


def _drawable(text: str, font) -> str:
    out = []
    for char in text:
        if _has_glyph(font, char):
            out.append(char)
            continue
        folded = PUNCTUATION.get(char) or "".join(
            part
            for part in unicodedata.normalize("NFKD", char)
            if not unicodedata.combining(part)
        )
        out.append(folded if folded and _has_glyph(font, folded[0]) else char)
    return "".join(out)


@lru_cache(maxsize=4096)  # titles in any script: bounded, per process
def _has_glyph(font, char: str) -> bool:
    if char.isspace() or ord(char) < 128:
        return True
    return _mask(font, char) != _missing_mask(font)


@cache
def _missing_mask(font) -> bytes:
    """What the font draws for a character it lacks (a private-use one)."""
    return _mask(font, "\U000f0000")


def _mask(font, char: str) -> bytes:
    image = Image.new("L", (font.size * 2, font.size * 2))
    ImageDraw.Draw(image).text((4, 4), char, font=font, fill=255)
    return image.tobytes()


def _wrapped(text: str, font, width: int, max_lines: int) -> list[str]:
    """Words in lines no wider than `width`; the last ends in "…" if text is left."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < max_lines:
        line = words.pop(0)
        if font.getlength(line) > width:  # one word wider than the card: cut it
            cut = _shortened(line, font, width, ellipsis="") or line[:1]
            words.insert(0, line[len(cut) :])
            line = cut
        while words and font.getlength(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    if words and lines:
        lines[-1] = _shortened(lines[-1] + " …", font, width)
    return lines


def _shortened(text: str, font, width: int, *, ellipsis: str = "…") -> str:
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text.rstrip() + ellipsis) > width:
        text = text[:-1]
    return text.rstrip() + ellipsis


# Ahead of time (tasks.py): the cards a change makes, before anyone asks.


def social_cards_make_for_show(*, show_id: int) -> int:
    """Draw the show's card and those of the articles covering it, where missing."""
    show = Show.objects.select_related("still", "poster").filter(pk=show_id).first()
    if show is None:
        return 0
    made = int(card_make(show_card_for(show)))
    for article_id in articles_covering(show_id=show_id):
        made += social_card_make_for_article(article_id=article_id)
    return made


def social_card_make_for_article(*, article_id: int) -> int:
    card = article_card_for_pk(pk=article_id)
    return int(card_make(card)) if card is not None else 0
