"""Badges and oEmbed: public, cacheable, readable from any origin."""

from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

from cliffhanger.caching.fragments import remembered
from cliffhanger.core.private_apis import response_mark_logged
from cliffhanger.tracker.models import Show

from .badges import badge_svg
from .cors import cors_allowed
from .embeds import card_for_url, card_html, season_badge
from .errors import json_error

BADGE_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=3600"
CARD_WIDTH, CARD_HEIGHT = 480, 120


@require_safe
def show_badge(request, slug, number=None):
    svg = remembered(
        "show-badge",
        slug,
        number,
        tags=("shows",),  # any tracker change bumps it (tracker/cache_rules.py)
        compute=lambda: _badge_svg(slug, number),
        keep=lambda svg: svg is not None,  # a typed slug takes no place
    )
    if svg is None:
        raise Http404("No such show or season.")
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = BADGE_CACHE_CONTROL
    return cors_allowed(response)


def _badge_svg(slug: str, number: int | None) -> str | None:
    show = Show.objects.filter(slug=slug).first()
    badge = season_badge(show, number) if show else None
    return badge_svg(badge) if badge else None


def _max_width(request) -> int | None:
    """?maxwidth= as the consumer's limit on the card; None when it is not a width."""
    value = request.GET.get("maxwidth", str(CARD_WIDTH))
    if not value.isdigit() or int(value) < 1:
        return None
    return min(int(value), CARD_WIDTH)


def _format_not_offered():
    """
    oEmbed's answer to a format a provider does not offer is 501: a consumer's
    choice, not a fault here, so not logged as a server error (Django logs
    every 5xx at ERROR, which alerting watches; the access log still has it).
    """
    response = json_error("Only format=json is offered.", "not_implemented", 501)
    response_mark_logged(response)
    return response


@require_safe
def oembed(request):
    url, width = request.GET.get("url", ""), _max_width(request)
    if not url:
        return json_error("Give the show or article address as ?url=.", "invalid", 400)
    if width is None:
        return json_error("maxwidth must be a whole number above 0.", "invalid", 400)
    if request.GET.get("format", "json") != "json":
        return _format_not_offered()
    card = card_for_url(request, url)
    if card is None:
        return json_error(
            "That address is not a show or article here.", "not_found", 404
        )
    response = JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "provider_name": "Cliffhanger",
            "provider_url": request.build_absolute_uri("/"),
            "title": card.title,
            "html": card_html(card),
            "width": width,
            "height": CARD_HEIGHT,
            "cache_age": 300,
        }
    )
    response["Cache-Control"] = BADGE_CACHE_CONTROL
    return cors_allowed(response)
