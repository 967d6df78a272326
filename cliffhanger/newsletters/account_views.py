"""
"Newsletters" on a signed-in reader's /account/ (the account.sections slot):
a subscribe or unsubscribe button per public newsletter, with the account's
verified address and no mail to confirm. Only the reader's own subscriptions
change.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from cliffhanger.accounts.selectors import user_verified_email

from .selectors import newsletter_get_public
from .services import subscription_set_for_account

NEWSLETTER_NOT_FOUND = "Choose a newsletter from the list."
SUBSCRIBED = "You are subscribed to {title}."
UNSUBSCRIBED = "You are no longer subscribed to {title}."
SECTION_ANCHOR = "#account-newsletters-heading"


class AccountSubscriptionForm(forms.Form):
    newsletter = forms.SlugField(max_length=80)
    subscribed = forms.TypedChoiceField(
        choices=[("1", "Subscribe"), ("0", "Unsubscribe")],
        coerce=lambda value: value == "1",
    )


@login_required(login_url="account_login")
@require_POST
def account_subscription_set(request):
    form = AccountSubscriptionForm(request.POST)
    newsletter = form.is_valid() and newsletter_get_public(
        slug=form.cleaned_data["newsletter"]
    )
    if not newsletter:
        messages.error(request, NEWSLETTER_NOT_FOUND)
    else:
        subscribed = form.cleaned_data["subscribed"]
        try:
            subscription_set_for_account(
                newsletter=newsletter,
                account=request.user,
                email=user_verified_email(user=request.user) if subscribed else None,
                subscribed=subscribed,
            )
        except ValueError as error:
            messages.error(request, str(error))
        else:
            done = SUBSCRIBED if subscribed else UNSUBSCRIBED
            messages.success(request, done.format(title=newsletter.title))
    return redirect(reverse("accounts:profile") + SECTION_ANCHOR)
