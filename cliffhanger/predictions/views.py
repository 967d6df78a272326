"""Voting and rating: a plain form post first; JSON for the in-place script."""

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from cliffhanger.core.http import wants_json
from cliffhanger.core.readers import reader_keys
from cliffhanger.tracker.models import Season

from .models import Poll
from .selectors import poll_results, poll_results_add_history
from .services import poll_vote_cast, season_rate


def _back(request, anchor: str) -> str:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return f"{target.split('#')[0]}#{anchor}"


def _refused(request, message: str, status: int = 400):
    if wants_json(request):
        return JsonResponse({"error": message}, status=status)
    return render(
        request, "predictions/refused.html", {"message": message}, status=status
    )


@require_POST
def poll_vote(request, poll_id):
    poll = Poll.objects.prefetch_related("options").filter(pk=poll_id).first()
    if poll is None:
        raise Http404("No such poll")
    keys = reader_keys(request)
    try:
        counted = poll_vote_cast(
            poll=poll,
            option_id=request.POST.get("option"),
            reader_key=keys.reader_key,
            address_key=keys.address_key,
        )
    except ValidationError as error:
        return _refused(request, error.messages[0])
    if wants_json(request):
        poll.refresh_from_db()
        results = poll_results(
            poll=Poll.objects.prefetch_related("options").get(pk=poll.pk)
        )
        poll_results_add_history([results])
        html = render_to_string(
            "predictions/includes/poll_results.html",
            {"results": results, "poll": poll, "item": {"voted": True}},
            request=request,
            using="jinja2",
        )
        response = JsonResponse(
            {"counted": counted, "total": results.total, "html": html}
        )
    else:
        response = redirect(_back(request, f"poll-{poll.pk}"))
    keys.remember(response)
    return response


@require_POST
def season_rate_view(request, season_id):
    season = Season.objects.filter(pk=season_id).first()
    if season is None:
        raise Http404("No such season")
    keys = reader_keys(request)
    try:
        rating = season_rate(
            season=season,
            stars=request.POST.get("stars"),
            reader_key=keys.reader_key,
            address_key=keys.address_key,
        )
    except ValidationError as error:
        return _refused(request, error.messages[0])
    response = (
        JsonResponse({"stars": rating.stars})
        if wants_json(request)
        else redirect(_back(request, "rating"))
    )
    keys.remember(response)
    return response
