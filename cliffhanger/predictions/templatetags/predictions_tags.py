from django import template

from cliffhanger.core.readers import reader_keys
from cliffhanger.predictions.selectors import (
    poll_results,
    polls_for_article,
    polls_for_show,
    polls_voted,
    season_forecasts,
    season_rating_summary,
)

register = template.Library()


def _poll_context(request, polls):
    keys = reader_keys(request)
    voted = polls_voted(
        polls=polls, reader_key=keys.reader_key, address_key=keys.address_key
    )
    return [
        {
            "poll": poll,
            "results": poll_results(poll=poll),
            "show_form": poll.is_open() and poll.pk not in voted,
            "voted": poll.pk in voted,
        }
        for poll in polls
    ]


@register.inclusion_tag("predictions/includes/polls.html", takes_context=True)
def poll_widget(context, poll):
    """One poll: the form for a reader who has not voted, else the results."""
    request = context["request"]
    return {
        "items": _poll_context(request, [poll]) if poll else [],
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("predictions/includes/polls.html", takes_context=True)
def article_polls(context, article):
    """Polls attached to the article that the editor did not place in its body."""
    request = context["request"]
    placed = {
        block.value.pk
        for block in article.body
        if block.block_type == "poll" and block.value
    }
    polls = polls_for_article(article=article, exclude_ids=placed)
    return {
        "items": _poll_context(request, polls),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag(
    "predictions/includes/show_predictions.html", takes_context=True
)
def show_predictions(context, show, season=None):
    request = context["request"]
    return {
        "items": _poll_context(request, polls_for_show(show=show)),
        "season": season,
        "rating": season_rating_summary(season=season) if season else None,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("predictions/includes/forecast.html")
def season_forecast(season):
    """Readers' forecast for an undecided season, from its open prediction polls."""
    forecast = (
        season_forecasts(season_ids=[season.pk]).get(season.pk) if season else None
    )
    return {"forecast": forecast}
