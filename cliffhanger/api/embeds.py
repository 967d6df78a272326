"""
What other sites embed: a show's or season's status badge, and oEmbed cards
for show and article links (discovered through <link rel="alternate"> on
those pages). The card is plain HTML, a link around the badge image, so any
CMS can show it without a frame or a script of ours.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from wagtail.models import Site

from cliffhanger.newsroom.models import ArticlePage
from cliffhanger.newsroom.selectors import public
from cliffhanger.tracker.models import Show
from cliffhanger.tracker.selectors import season_list_with_status, status_label

from .badges import Badge


def season_badge(show: Show, number: int | None = None) -> Badge | None:
    """The numbered season's badge, or the latest season's; None if there is none."""
    seasons = season_list_with_status().filter(show=show).order_by("-number")
    if number is not None:
        seasons = seasons.filter(number=number)
    season = seasons.first()
    if season is None:
        return None
    return Badge(
        name=f"{show.title} S{season.number}",
        status=season.current_status,
        status_label=status_label(season.current_status),
        since=season.current_status_date,
    )


@dataclass
class Card:
    title: str
    url: str
    badges: list[tuple[Badge, str]]  # (badge, its image URL)


def card_for_url(request, url: str) -> Card | None:
    """The card for one of this site's show or article URLs; None for anything else."""
    if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return None  # another site's, or not a URL at all ("http://[::1")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.view_name == "tracker:show_detail":
        show = Show.objects.filter(slug=match.kwargs["slug"]).first()
        return show and _show_card(request, show)
    return _article_card(request, parts.path)


def _badge_url(request, show: Show, number: int | None = None) -> str:
    if number is None:
        url = reverse("show_badge", kwargs={"slug": show.slug})
    else:
        url = reverse("season_badge", kwargs={"slug": show.slug, "number": number})
    return request.build_absolute_uri(url)


def _show_card(request, show: Show) -> Card | None:
    badge = season_badge(show)
    badges = [(badge, _badge_url(request, show))] if badge else []
    return Card(show.title, request.build_absolute_uri(show.get_absolute_url()), badges)


def _article_card(request, path: str) -> Card | None:
    site = Site.find_for_request(request)
    if site is None:
        return None
    url_path = site.root_page.url_path.rstrip("/") + "/" + path.strip("/") + "/"
    article = (
        public(ArticlePage.objects.live())
        .defer_streamfields()
        .filter(url_path=url_path)
        .prefetch_related("coverage__show", "coverage__season")
        .first()
    )
    if article is None:
        return None
    badges = []
    for coverage in article.coverage.all():
        number = coverage.season.number if coverage.season else None
        badge = season_badge(coverage.show, number)
        badges.append((badge, _badge_url(request, coverage.show, number)))
    url = request.build_absolute_uri(article.get_url(request))
    return Card(article.title, url, [(b, u) for b, u in badges if b is not None])


def card_html(card: Card) -> str:
    images = "".join(
        format_html('<br><img src="{}" alt="{}" height="20">', image_url, badge.text)
        for badge, image_url in card.badges
    )
    return format_html(
        '<blockquote class="cliffhanger-card"><a href="{}">{}</a>{}'
        "<br><small>Status from Cliffhanger's show tracker</small></blockquote>",
        card.url,
        card.title,
        mark_safe(images),  # each piece escaped by format_html above
    )
