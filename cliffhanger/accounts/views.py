"""A reader's account: sign in by an emailed code, then /account/."""

import json

from allauth.account.views import RequestLoginCodeView
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from cliffhanger.core.identicons import identicon_svg
from cliffhanger.core.private_apis import login_code_form_user, login_code_form_user_set
from cliffhanger.core.readers import reader_keys

from .forms import (
    AccountCloseForm,
    DisplayNameForm,
    ProfileVisibilityForm,
    SignInForm,
)
from .models import PUBLIC_ID_LENGTH
from .personal_data import personal_data_export
from .restrictions import profile_block_reason
from .selectors import reader_get_public, user_primary_email
from .services import (
    account_close,
    account_holder,
    reader_account_for_sign_in,
    reader_display_name_set,
    reader_get_or_create,
    reader_profile_visibility_set,
)

NAME_SAVED = "Your display name is saved."
PROFILE_SHOWN = "Your profile page is public."
PROFILE_HIDDEN = "Your profile page is hidden."
PROFILE_CHOICE_UNKNOWN = (
    "Choose to show or to hide your profile page; nothing was changed."
)


class SignInView(RequestLoginCodeView):
    """
    One form for new and returning readers: an address we know gets a code for
    its account, a new one a code for a new account. The answer is the same
    page either way, and nothing is sent for staff (they use /admin/).
    """

    form_class = SignInForm
    template_name = "accounts/sign_in.html"

    def get_form_class(self):
        return self.form_class

    def form_valid(self, form):
        account = reader_account_for_sign_in(
            email=form.cleaned_data["email"], found=login_code_form_user(form)
        )
        login_code_form_user_set(form, account)
        return super().form_valid(form)


sign_in = SignInView.as_view()


@login_required(login_url="account_login")
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    reader = reader_get_or_create(user=request.user)
    status = 200
    if request.method == "POST":
        form = DisplayNameForm(request.POST)
        if form.is_valid():
            try:
                reader_display_name_set(
                    reader=reader, display_name=form.cleaned_data["display_name"]
                )
            except ValidationError as error:
                form.add_error("display_name", error)
            else:
                messages.success(request, NAME_SAVED)
                return redirect("accounts:profile")
        status = 400
    else:
        form = DisplayNameForm(initial={"display_name": reader.display_name})
    context = {
        "reader": reader,
        "form": form,
        "avatar": identicon_svg(reader.avatar_seed, 64),
        "primary_email": user_primary_email(user=request.user),
        "profile_block": profile_block_reason(user_id=request.user.pk),
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required(login_url="account_login")
@require_POST
def profile_visibility(request):
    """Show or hide the reader's own public profile (a button on /account/)."""
    form = ProfileVisibilityForm(request.POST)
    if form.is_valid():
        is_public = form.cleaned_data["public"]
        try:
            reader_profile_visibility_set(
                reader=reader_get_or_create(user=request.user), is_public=is_public
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, PROFILE_SHOWN if is_public else PROFILE_HIDDEN)
    else:  # only a hand-made post gets here: the page's buttons send 0 or 1
        messages.error(request, PROFILE_CHOICE_UNKNOWN)
    return redirect(reverse("accounts:profile") + "#account-profile-heading")


@never_cache
@require_safe
def public_profile(request, public_id):
    """
    A reader's public page: display name and avatar, nothing else (never the
    email). Not kept by any cache: hiding the profile or closing the account
    must take it down at once.
    """
    reader = None
    if len(public_id) == PUBLIC_ID_LENGTH:
        reader = reader_get_public(public_id=public_id)
    if reader is None:
        raise Http404
    context = {"reader": reader, "avatar": identicon_svg(reader.avatar_seed, 96)}
    return render(request, "accounts/public_profile.html", context)


def _browser_reader_key(request) -> str | None:
    """This browser's anonymous reader id, if it has one (never a new one)."""
    keys = reader_keys(request)
    return None if keys.is_new else keys.reader_key


@never_cache
@login_required(login_url="account_login")
@require_safe
def data_download(request):
    """Everything the site holds about the signed-in reader, as a JSON file."""
    holder = account_holder(user=request.user, reader_key=_browser_reader_key(request))
    data = personal_data_export(holder=holder)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"cliffhanger-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required(login_url="account_login")
@require_http_methods(["GET", "HEAD", "POST"])
def account_delete(request):
    """Delete the account (a form that asks what becomes of the comments)."""
    form = AccountCloseForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            account_close(
                user=request.user,
                keep_comments=form.keep_comments,
                reader_key=_browser_reader_key(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            return redirect("accounts:closed")
    status = 400 if form.is_bound else 200
    return render(request, "accounts/delete.html", {"form": form}, status=status)


@never_cache
@require_safe
def account_closed(request):
    """Where a deleted account lands, signed out."""
    return render(request, "accounts/closed.html")


def closed_feature(request, *args, **kwargs):
    """Readers have no password: allauth's password and sign-up pages lead here."""
    target = "accounts:profile" if request.user.is_authenticated else "account_login"
    return redirect(target)
