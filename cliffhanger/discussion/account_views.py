"""
"Your comments" on a signed-in reader's /account/ (the account.sections
slot): the reader's own comments, whatever became of them, with a page of
them all, and the switch for reply emails to the account's verified address
(no mail to confirm: signing in proved it). Each view shows or changes only
the signed-in reader's own.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from cliffhanger.accounts.selectors import user_verified_email

from .notifications import replies_for_account_set
from .selectors import comment_list_of_account

ACCOUNT_COMMENTS_PER_PAGE = 20
REPLIES_ON = "We will email you when someone replies to your comments."
REPLIES_OFF = "We will no longer email you when someone replies to your comments."
REPLIES_NEED_VERIFIED_EMAIL = (
    "Confirm an email address first: reply emails go to a confirmed address."
)
SECTION_ANCHOR = "#account-replies-heading"


class AccountRepliesForm(forms.Form):
    wanted = forms.TypedChoiceField(
        choices=[("1", "On"), ("0", "Off")], coerce=lambda value: value == "1"
    )


@login_required(login_url="account_login")
@require_safe
def account_comments(request):
    """Every comment the reader wrote, newest first, a page at a time."""
    paginator = Paginator(
        comment_list_of_account(account=request.user), ACCOUNT_COMMENTS_PER_PAGE
    )
    page_obj = paginator.get_page(request.GET.get("page"))
    context = {"comments": page_obj.object_list, "page_obj": page_obj}
    return render(request, "discussion/account_comments.html", context)


@login_required(login_url="account_login")
@require_POST
def account_replies_set(request):
    """Turn reply emails on or off for the account's verified address."""
    form = AccountRepliesForm(request.POST)
    email = user_verified_email(user=request.user)
    if email is None:
        messages.error(request, REPLIES_NEED_VERIFIED_EMAIL)
    elif form.is_valid():
        wanted = form.cleaned_data["wanted"]
        replies_for_account_set(email=email, wanted=wanted)
        messages.success(request, REPLIES_ON if wanted else REPLIES_OFF)
    return redirect(reverse("accounts:profile") + SECTION_ANCHOR)
