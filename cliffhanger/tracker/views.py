"""Tracker pages: the board and a show's page."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from cliffhanger.caching.dependencies import (
    SITE_WIDE,
    depends_on,
    not_for_keeping,
    query_read,
)
from cliffhanger.caching.fragments import remembered
from cliffhanger.caching.shells import holes_depend_on, page_with_holes, reader_context
from cliffhanger.core.readers import reader_keys
from cliffhanger.core.renditions import largest_fallback_url

from .cache_rules import TODAY
from .follow_links import FollowTokenError, follow_from_unsubscribe_token
from .follows import (
    follow_from_confirm_token,
    follow_request_rate_limited,
    show_follow_confirm,
    show_follow_request,
    show_follow_unsubscribe,
)
from .forms import FollowForm, email_input_html
from .models import SeasonStatus
from .selectors import (
    BOARD_SORTS,
    network_list,
    show_articles,
    show_board,
    show_get_by_slug,
    show_page_head,
    show_page_kept,
    show_statements,
)
from .social_cards import article_card_for_pk, card_png, show_card_for_slug
from .structured_data import show_json_ld

FOLLOW_REQUESTS_TOO_MANY = (
    "Many follow requests came from your network in the last hour. "
    "Please try again later."
)


def show_board_view(request):
    asked = {name: request.GET.get(name) for name in ("network", "status", "sort")}
    networks = remembered(
        "board-networks", tags=("shows",), compute=lambda: list(network_list())
    )
    network = asked["network"] or ""
    if network not in {choice.slug for choice in networks}:
        network = ""
    status = asked["status"] or ""
    if status not in SeasonStatus.values:
        status = ""
    sort = asked["sort"] or "title"
    if sort not in BOARD_SORTS:
        sort = "title"
    depends_on(*SITE_WIDE, "forecasts", TODAY)
    query_read("network", "status", "sort")
    if any(
        value is not None and value != used
        for value, used in zip(asked.values(), (network, status, sort), strict=True)
    ):
        not_for_keeping()  # a filter put right is answered, never kept
    today = timezone.localdate()  # the waits' end: part of the kept board's key
    context = {
        # Read only when the kept board (show_board.html) is not kept.
        "rows": SimpleLazyObject(
            lambda: show_board(network=network, status=status, sort=sort, today=today)
        ),
        "today": today,
        "networks": networks,
        "statuses": SeasonStatus.choices,
        "selected": {"network": network, "status": status, "sort": sort},
    }
    return render(request, "tracker/show_board.html", context)


def _show_or_404(slug):
    show = show_get_by_slug(slug=slug)
    if show is None:
        raise Http404("No such show")
    return show


def _absolute_or_blank(request, path: str) -> str:
    return request.build_absolute_uri(path) if path else ""


def show_detail_view(request, slug, follow_form=None, status=200):
    head = show_page_head(slug=slug)
    if head is None:
        raise Http404("No such show")
    show, latest = head

    def draw():
        return _show_page(
            request,
            slug=slug,
            show=show,
            latest=latest,
            follow_form=follow_form,
            status=status,
        )

    # A form sent back, or any query (junk: the page reads none), drawn whole.
    if follow_form is not None or request.META.get("QUERY_STRING"):
        return draw()
    # Kept with its holes (the forecast, the polls and rating) for every reader.
    return page_with_holes(
        request,
        ("show", slug, request.path),
        draw=draw,
        reader_context=lambda: reader_context(
            request, {"show": show, "latest": latest}
        ),
    )


def _show_page(request, *, slug, show, latest, follow_form, status) -> TemplateResponse:
    depends_on(*SITE_WIDE)
    holes_depend_on(f"polls:show:{show.pk}", f"ratings:show:{show.pk}")
    follow_form = follow_form or FollowForm()
    # The show with everything read with it, and its seasons' histories.
    # (The head as the rest, should the show have gone since the head was read.)
    full = SimpleLazyObject(
        lambda: show_page_kept(slug=slug) or (show, [latest] if latest else [])
    )
    context = {
        "show": show,
        "latest": latest,
        # Each read only when the fragment that shows it (show_detail.html) is
        # not kept; the template calls a callable (the json_ld filter wants the dict).
        "full": full,
        "json_ld": lambda: _show_json_ld(request, *full),
        "statements": SimpleLazyObject(lambda: list(show_statements(show=show))),
        "articles": SimpleLazyObject(lambda: show_articles(show=show)),
        "follow_form": follow_form,
        "follow_email_input": email_input_html(follow_form),
    }
    return TemplateResponse(request, "tracker/show_detail.html", context, status=status)


def _show_json_ld(request, show, seasons) -> dict:
    return show_json_ld(
        show=show,
        seasons=seasons,
        absolute_url=request.build_absolute_uri(request.path),
        image_url=_absolute_or_blank(
            request, show.poster and largest_fallback_url(show.poster, "poster")
        ),
    )


@require_POST
def show_follow_view(request, slug):
    show = _show_or_404(slug)
    form = FollowForm(request.POST)
    if not form.is_valid():
        return show_detail_view(request, slug, follow_form=form, status=400)
    if follow_request_rate_limited(address_key=reader_keys(request).address_key):
        form.add_error(None, FOLLOW_REQUESTS_TOO_MANY)  # kept filled in
        return show_detail_view(request, slug, follow_form=form, status=429)
    show_follow_request(show=show, email=form.cleaned_data["email"])
    # The same answer whether or not the address was already following: the
    # page must not tell strangers who follows what.
    return render(request, "tracker/follow_requested.html", {"show": show})


@require_http_methods(["GET", "POST"])
def show_follow_confirm_view(request, token):
    """GET asks (mail scanners follow links); POST, from that page, confirms once."""
    try:
        if request.method == "POST":
            follow = show_follow_confirm(token=token)
        else:
            follow = follow_from_confirm_token(token)
            if not follow.is_active:
                return render(
                    request, "tracker/follow_confirm.html", {"show": follow.show}
                )
    except FollowTokenError as error:
        return render(
            request, "tracker/follow_error.html", {"message": str(error)}, status=400
        )
    return render(request, "tracker/follow_confirmed.html", {"show": follow.show})


# A mail client's one-click unsubscribe (RFC 8058) is a cross-site POST with no
# CSRF token; the signed token in the address is the credential instead.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def show_follow_unsubscribe_view(request, token):
    """GET asks (mail scanners follow links); POST unsubscribes, also one-click (RFC 8058)."""
    try:
        if request.method == "POST":
            follow = show_follow_unsubscribe(token=token)
            return render(
                request, "tracker/follow_unsubscribed.html", {"show": follow.show}
            )
        follow = follow_from_unsubscribe_token(token)
    except FollowTokenError as error:
        return render(
            request, "tracker/follow_error.html", {"message": str(error)}, status=400
        )
    return render(request, "tracker/follow_unsubscribe.html", {"show": follow.show})


# Social cards: the address holds the card's key, so a stored card never
# changes and may be kept for a year; an old key leads to the current card.
SOCIAL_CARD_CACHE_CONTROL = "public, max-age=31536000, immutable"
SOCIAL_CARD_MOVED_CACHE_CONTROL = "public, max-age=300"


def _social_card_response(kind, ident, key, build):
    """
    The card if `key` is current, else a redirect to the current one. The
    current address is remembered until a show or article changes, so a
    request with a made-up key costs a cache read, not the card's queries.
    """
    current = remembered(
        "social-card-url",
        kind,
        ident,
        tags=SITE_WIDE,
        compute=lambda: (card := build()) and card.url,
    )
    if not current:
        raise Http404("No such show or article.")
    if not current.endswith(f"-{key}.png"):
        response = redirect(current)
        response["Cache-Control"] = SOCIAL_CARD_MOVED_CACHE_CONTROL
        return response
    card = build()
    if card is None:
        raise Http404("No such show or article.")
    if card.key != key:  # changed since the address was kept
        return redirect(card.url)
    response = HttpResponse(card_png(card), content_type="image/png")
    response["Cache-Control"] = SOCIAL_CARD_CACHE_CONTROL
    return response


@require_safe
def social_card_show_view(request, ident, key):
    return _social_card_response(
        "show", ident, key, lambda: show_card_for_slug(slug=ident)
    )


@require_safe
def social_card_article_view(request, ident, key):
    return _social_card_response(
        "article", ident, key, lambda: article_card_for_pk(pk=int(ident))
    )
