"""
"Shows you follow" on a signed-in reader's /account/ (the account.sections
slot): follow and unfollow with the account's verified address, no mail to
confirm. Each view changes only the signed-in reader's own follows.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from cliffhanger.accounts.selectors import user_verified_email

from .follows import show_follow_for_account, show_unfollow_for_account
from .selectors import show_get_brief

SHOW_NOT_FOUND = "Choose a show from the list."
FOLLOWING = "You follow {title}: we email you when a season's status changes."
UNFOLLOWED = "You no longer follow {title}."
SECTION_ANCHOR = "#account-follows-heading"


class AccountShowForm(forms.Form):
    show = forms.SlugField(max_length=200, error_messages={"required": SHOW_NOT_FOUND})


def _back_to_account():
    return redirect(reverse("accounts:profile") + SECTION_ANCHOR)


def _show_posted(request):
    form = AccountShowForm(request.POST)
    show = form.is_valid() and show_get_brief(slug=form.cleaned_data["show"])
    if not show:
        messages.error(request, SHOW_NOT_FOUND)
    return show or None


@login_required(login_url="account_login")
@require_POST
def account_show_follow(request):
    show = _show_posted(request)
    if show is not None:
        try:
            show_follow_for_account(
                show=show,
                account=request.user,
                email=user_verified_email(user=request.user),
            )
        except ValueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, FOLLOWING.format(title=show.title))
    return _back_to_account()


@login_required(login_url="account_login")
@require_POST
def account_show_unfollow(request):
    show = _show_posted(request)
    if show is not None:
        show_unfollow_for_account(show=show, account=request.user)
        messages.success(request, UNFOLLOWED.format(title=show.title))
    return _back_to_account()
