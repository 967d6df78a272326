"""Badges and oEmbed: public, cacheable, readable from any origin."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from cliffhanger.tracker.models import Show

from .badges import badge_svg
from .cors import cors_allowed
from .embeds import card_for_url, card_html, season_badge

BADGE_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=3600"
CARD_WIDTH, CARD_HEIGHT = 480, 120


@require_safe
def show_badge(request, slug, number=None):
    show = get_object_or_404(Show, slug=slug)
    badge = season_badge(show, number)
    if badge is None:
        raise Http404("No such season.")
    response = HttpResponse(badge_svg(badge), content_type="image/svg+xml")
    response["Cache-Control"] = BADGE_CACHE_CONTROL
    return cors_allowed(response)


def _error(message: str, status: int) -> JsonResponse:
    return cors_allowed(JsonResponse({"detail": message}, status=status))


@require_safe
def oembed(request):
    url = request.GET.get("url", "")
    if not url:
        return _error("Give the show or article address as ?url=.", 400)
    if request.GET.get("format", "json") != "json":
        return _error("Only format=json is offered.", 501)
    card = card_for_url(request, url)
    if card is None:
        return _error("That address is not a show or article here.", 404)
    try:
        width = min(int(request.GET.get("maxwidth", CARD_WIDTH)), CARD_WIDTH)
    except ValueError:
        return _error("maxwidth must be a whole number.", 400)
    response = JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "provider_name": "Cliffhanger",
            "provider_url": request.build_absolute_uri("/"),
            "title": card.title,
            "html": card_html(card),
            "width": max(width, 1),
            "height": CARD_HEIGHT,
            "cache_age": 300,
        }
    )
    response["Cache-Control"] = BADGE_CACHE_CONTROL
    return cors_allowed(response)
