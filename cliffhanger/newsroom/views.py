"""Thin views for the newsroom's non-page URLs: authors, tags and the view beacon."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cliffhanger.caching.dependencies import SITE_WIDE, depends_on
from cliffhanger.core.counters import over_limit
from cliffhanger.core.privacy import client_address, client_hash
from cliffhanger.core.readers import network_key

from .listings import listing_page
from .selectors import (
    article_list_by_author,
    article_list_by_tag,
    author_get_by_slug,
    tag_get_by_slug,
    with_card_pictures,
)
from .view_counter import view_record


def author_detail(request, slug):
    depends_on(*SITE_WIDE)  # before the read: see caching/dependencies.py
    author = author_get_by_slug(slug=slug)
    if author is None:
        raise Http404("No such author")
    context = {
        "author": author,
        "page_obj": listing_page(
            request,
            f"author:{author.pk}",
            lambda: with_card_pictures(article_list_by_author(author=author)),
        ),
    }
    return render(request, "newsroom/author_detail.html", context)


def tag_detail(request, slug):
    depends_on(*SITE_WIDE)  # before the read: see caching/dependencies.py
    tag = tag_get_by_slug(slug=slug)
    if tag is None:
        raise Http404("No such tag")
    page_obj = listing_page(
        request,
        f"tag:{tag.pk}",
        lambda: with_card_pictures(article_list_by_tag(tag=tag)),
    )
    context = {"tag": tag, "page_obj": page_obj}
    return render(request, "newsroom/tag_detail.html", context)


CROSS_SITE = {"cross-site", "same-site"}


def _beacon_allowed(request, *, address_key: str) -> bool:
    """Same-origin beacons only, and a bounded number per network address."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") in CROSS_SITE:
        return False
    return not over_limit(
        "beacons",
        address_key,
        limit=settings.NEWSROOM_VIEW_BEACONS_PER_MINUTE,
        window_seconds=60,
    )


# The beacon carries no reader data and changes nothing but a counter, so it
# needs no CSRF token (navigator.sendBeacon cannot send one); other sites are
# kept out by the browser's Sec-Fetch-Site header instead.
@csrf_exempt
@require_POST
@never_cache
def article_view_beacon(request, article_id):
    # The reader is the network address alone (core.readers.network_key), as
    # for votes and reports: a User-Agent or cookie is the client's to change.
    address_key = network_key(client_address(request))
    if _beacon_allowed(request, address_key=address_key):
        # Stored hashed once more, so view rows cannot be joined to votes.
        reader_key = client_hash("view", address_key)
        view_record(article_id=article_id, reader_key=reader_key)
    return HttpResponse(status=204)
