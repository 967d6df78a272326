"""Reader pages: the newsletters, subscribing, confirming, unsubscribing, the archive."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from cliffhanger.caching.dependencies import depends_on
from cliffhanger.core.privacy import client_address
from cliffhanger.core.readers import network_key

from .forms import SubscribeForm
from .links import SubscriptionTokenError
from .receivers import CACHE_TAG
from .selectors import (
    issue_get_sent,
    issue_list_sent,
    newsletter_get_public,
    newsletter_list_public,
)
from .services import (
    subscribe_rate_limited,
    subscription_confirm,
    subscription_from_confirm_token,
    subscription_from_unsubscribe_token,
    subscription_request,
    subscription_unsubscribe,
)

SUBSCRIBE_REQUESTS_TOO_MANY = (
    "Many subscription requests came from your network in the last hour. "
    "Please try again later."
)


def _newsletter_or_404(slug):
    newsletter = newsletter_get_public(slug=slug)
    if newsletter is None:
        raise Http404("No such newsletter")
    return newsletter


def _form(newsletter, data=None):
    return SubscribeForm(data, auto_id=f"id_{newsletter.slug}_%s")


def newsletter_list_view(request):
    depends_on(CACHE_TAG)
    newsletters = [
        (newsletter, _form(newsletter)) for newsletter in newsletter_list_public()
    ]
    return render(
        request, "newsletters/newsletter_list.html", {"newsletters": newsletters}
    )


def newsletter_detail_view(request, slug, form=None, status=200):
    depends_on(CACHE_TAG)  # before the read: see caching/dependencies.py
    newsletter = _newsletter_or_404(slug)
    context = {
        "newsletter": newsletter,
        "form": form or _form(newsletter),
        "issues": issue_list_sent(newsletter=newsletter),
    }
    return render(request, "newsletters/newsletter_detail.html", context, status=status)


@require_POST
def newsletter_subscribe_view(request, slug):
    newsletter = _newsletter_or_404(slug)
    form = _form(newsletter, request.POST)
    if not form.is_valid():
        return newsletter_detail_view(request, slug, form=form, status=400)
    # The network's address, never a cookie or header the client chooses.
    if subscribe_rate_limited(address_key=network_key(client_address(request))):
        form.add_error(None, SUBSCRIBE_REQUESTS_TOO_MANY)  # kept filled in
        return newsletter_detail_view(request, slug, form=form, status=429)
    subscription_request(newsletter=newsletter, email=form.cleaned_data["email"])
    # The same answer whether or not the address was subscribed already.
    return render(
        request, "newsletters/subscribe_requested.html", {"newsletter": newsletter}
    )


def _token_error(request, error):
    return render(
        request, "newsletters/link_error.html", {"message": str(error)}, status=400
    )


@require_http_methods(["GET", "POST"])
def subscription_confirm_view(request, token):
    """GET asks (mail scanners open links); POST, from that page, confirms once."""
    try:
        if request.method == "POST":
            subscription = subscription_confirm(token=token)
        else:
            subscription = subscription_from_confirm_token(token)
            if not subscription.is_active:
                return render(
                    request,
                    "newsletters/confirm.html",
                    {"newsletter": subscription.newsletter},
                )
    except SubscriptionTokenError as error:
        return _token_error(request, error)
    return render(
        request, "newsletters/confirmed.html", {"newsletter": subscription.newsletter}
    )


# A mail client's one-click unsubscribe (RFC 8058) is a cross-site POST of
# "List-Unsubscribe=One-Click" with no CSRF token; the signed token in the
# address is the credential instead. Unsubscribing twice changes nothing.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def subscription_unsubscribe_view(request, token):
    """GET asks (mail scanners open links); POST unsubscribes, also one-click."""
    try:
        if request.method == "POST":
            subscription = subscription_unsubscribe(token=token)
            return render(
                request,
                "newsletters/unsubscribed.html",
                {"newsletter": subscription.newsletter},
            )
        subscription = subscription_from_unsubscribe_token(token)
    except SubscriptionTokenError as error:
        return _token_error(request, error)
    return render(
        request, "newsletters/unsubscribe.html", {"newsletter": subscription.newsletter}
    )


def issue_archive_view(request, slug, issue_id):
    depends_on(CACHE_TAG)  # before the reads: see caching/dependencies.py
    newsletter = _newsletter_or_404(slug)
    issue = issue_get_sent(newsletter=newsletter, issue_id=issue_id)
    if issue is None:
        raise Http404("No such issue")
    return render(
        request,
        "newsletters/issue_archive.html",
        {"newsletter": newsletter, "issue": issue},
    )
