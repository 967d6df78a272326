"""
The polls and forecasts that other apps' pages show (core/slots.py), each for
the reader asking: the form while they have not voted, else the results. A
reader without a token of their own gets a kept copy, one per set of polls
they voted in; a poll placed in an article's body is a hole in its kept body
(fragment_tags), filled here.
"""

import functools

from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from cliffhanger.caching.dependencies import depends_on
from cliffhanger.caching.fragments import remembered, remembered_html
from cliffhanger.core.readers import reader_keys
from cliffhanger.core.shared_csrf import token_is_deferred

from .models import Poll
from .selectors import (
    poll_results,
    poll_results_add_history,
    polls_for_article,
    polls_for_show,
    polls_voted,
    season_forecasts,
    season_rating_summary,
)


def _poll_context(request, polls, voted: set[int] | None = None):
    if voted is None:
        keys = reader_keys(request)
        voted = polls_voted(
            polls=polls, reader_key=keys.reader_key, address_key=keys.address_key
        )
    items = [
        {
            "poll": poll,
            "results": poll_results(poll=poll),
            "show_form": poll.is_open() and poll.pk not in voted,
            "voted": poll.pk in voted,
        }
        for poll in polls
    ]
    poll_results_add_history(
        [item["results"] for item in items if not item["show_form"]]
    )
    return items


def _poll_widget(context, poll):
    """One poll: the form for a reader who has not voted, else the results."""
    request = context["request"]
    return {
        "items": _poll_context(request, [poll]) if poll else [],
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


def poll_hole(context, poll_id: int) -> str:
    """A poll placed in an article's body, for this reader (fragment_tags' holes).
    The page shows it whatever article or show it belongs to, so depends on it."""
    depends_on(f"poll:{poll_id}")
    poll = Poll.objects.filter(pk=poll_id).prefetch_related("options").first()
    if poll is None:
        return ""
    return render_to_string(
        "predictions/includes/polls.html",
        _poll_widget(context, poll),
        using="jinja2",
    )


def article_polls(context) -> str:
    """
    The "article.after_body" slot: polls attached to the article that the
    editor did not place in its body.
    A reader without a token of their own (csrf.py) gets them from the shared
    fragment cache, one copy per set of polls they voted in.
    """
    request, article = context["request"], context["page"]
    tags = (
        f"polls:article:{article.pk}",
        "articles",
    )  # "articles": the body's placed polls
    preview = getattr(request, "is_preview", False)
    # The polls, read once: the ids and the render share one read.
    polls = functools.cache(lambda: _article_polls(article))

    poll_ids = remembered(
        "article-poll-ids",
        article.pk,
        tags=tags,
        compute=lambda: [poll.pk for poll in polls()],
        shared=not preview,  # a draft's body may place other polls
    )
    if not poll_ids:
        return ""
    token = context.get("csrf_token")

    def render(voted=None):
        return render_to_string(
            "predictions/includes/polls.html",
            {
                "items": _poll_context(request, polls(), voted),
                "request": request,
                "csrf_token": token,
            },
            using="jinja2",
        )

    return _polls_html(
        request,
        token,
        "article-polls",
        article.pk,
        poll_ids=poll_ids,
        tags=tags,
        render=render,
        shared=not preview,
    )


def _polls_html(request, token, name, *key_parts, poll_ids, tags, render, shared=True):
    """
    render(voted) for this reader. With a token of their own it is theirs
    alone; a reader without one gets a kept copy, one per set of these polls
    they voted in, under `tags`. A first-time reader (no reader cookie) gets
    the forms, as the shared copy the page cache and nginx keep for them
    shows it: their address counts when they vote (a second vote from it is
    not counted), not before.
    """
    if not token_is_deferred(token):  # the reader's own token is in the forms
        return mark_safe(render())
    keys = reader_keys(request)
    voted = (
        set()
        if keys.is_new or not poll_ids
        else polls_voted(
            polls=poll_ids, reader_key=keys.reader_key, address_key=keys.address_key
        )
    )
    return remembered_html(
        name,
        *key_parts,
        request.path,  # the forms' "next": not the query, which could be anything
        tuple(sorted(voted)),
        tags=tags,
        render=lambda: render(voted),
        shared=shared,
    )


def _article_polls(article):
    placed = {
        block.value.pk
        for block in article.body
        if block.block_type == "poll" and block.value
    }
    return polls_for_article(article=article, exclude_ids=placed)


def show_predictions(context) -> str:
    """The "show.after_history" slot: the show's polls and the latest season's
    rating, kept as the article's polls are."""
    request, show, season = context["request"], context["show"], context.get("latest")
    token = context.get("csrf_token")
    tags = (f"polls:show:{show.pk}", f"ratings:show:{show.pk}", "shows")
    polls = functools.cache(lambda: polls_for_show(show=show))

    def render(voted=None):
        return render_to_string(
            "predictions/includes/show_predictions.html",
            {
                "items": _poll_context(request, polls(), voted),
                "season": season,
                "rating": season_rating_summary(season=season) if season else None,
                "request": request,
                "csrf_token": token,
            },
            using="jinja2",
        )

    poll_ids = remembered(
        "show-poll-ids", show.pk, tags=tags, compute=lambda: [p.pk for p in polls()]
    )
    return _polls_html(
        request,
        token,
        "show-predictions",
        show.pk,
        season.pk if season else None,
        poll_ids=poll_ids,
        tags=tags,
        render=render,
    )


def season_forecast(context) -> str:
    """The "show.status" slot: readers' forecast for the latest season while
    it is undecided, from its open prediction polls."""
    season = context.get("latest")
    if season is None:
        return ""
    # Kept under "forecasts", which a prediction poll or a vote in one bumps.
    forecast = remembered(
        "season-forecast",
        season.pk,
        tags=("forecasts",),
        compute=lambda: season_forecasts(season_ids=[season.pk]).get(season.pk),
    )
    if not forecast:
        return ""
    return format_html(
        '<p class="forecast">Reader forecast: <strong>{}%</strong> expect a renewal'
        " ({} vote{})</p>",
        forecast["renewal"],
        forecast["votes"],
        pluralize(forecast["votes"]),
    )
