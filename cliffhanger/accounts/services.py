"""Writes for readers' accounts: the account a sign-in code is for, the profile."""

import secrets

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cliffhanger.core.privacy import client_hash
from cliffhanger.core.text import display_name_clean

from .models import Reader
from .selectors import user_list_unconfirmed

DISPLAY_NAME_REQUIRED = "Enter the name other readers will see."


def is_staff_account(user) -> bool:
    """Staff sign in at /admin/ with their password, never by an emailed code."""
    return bool(user.is_staff or user.is_superuser)


def reader_account_for_sign_in(*, email: str, found=None):
    """
    The account a sign-in code for `email` signs into, or None when no code
    may be sent (the page says the same either way, so it tells nobody whether
    an address has an account):

    - `found`, the active account allauth found for the address, unless it is
      staff's: staff sign in at /admin/;
    - None when any other account holds the address (staff, or a closed one);
    - otherwise a new reader account, unconfirmed until the code is entered;
      accounts_unconfirmed_prune deletes it if that never happens.
    """
    if found is not None:
        return None if is_staff_account(found) else found
    email = email.strip().lower()
    User = get_user_model()
    if (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    ):
        return None
    # The first name is the same for every request for this address, so two
    # requests at once make one account (the second meets the unique username).
    usernames = [
        "reader-" + client_hash("account-username", email)[:24],
        "reader-" + secrets.token_hex(12),
    ]
    for username in usernames:
        try:
            with transaction.atomic():
                user = User.objects.create_user(username=username, email=email)
                EmailAddress.objects.create(
                    user=user, email=email, primary=True, verified=False
                )
                Reader.objects.create(user=user)
            return user
        except IntegrityError:
            existing = User.objects.filter(username=username, email=email).first()
            if existing is not None:
                return existing
    return None


def reader_get_or_create(*, user) -> Reader:
    """The user's profile, made on first use (staff, accounts from OpenID Connect)."""
    reader, _ = Reader.objects.get_or_create(user=user)
    return reader


def reader_display_name_set(*, reader: Reader, display_name: str) -> Reader:
    """
    Store the name other readers will see, cleaned as commenters' names are
    (core.text.display_name_clean: no control or bidi formatting characters).
    Raises ValidationError when nothing is left or it is too long.
    """
    name = display_name_clean(display_name)
    if not name:
        raise ValidationError(DISPLAY_NAME_REQUIRED)
    reader.display_name = name
    reader.full_clean()
    reader.save(update_fields=["display_name", "updated_at"])
    return reader


def accounts_unconfirmed_prune(*, now=None) -> int:
    """Delete accounts whose sign-in code was never entered; how many went."""
    users = user_list_unconfirmed(now=now)
    count = 0
    for user in users.iterator():
        user.delete()
        count += 1
    return count


def reader_profile_visibility_set(*, reader: Reader, is_public: bool) -> Reader:
    """Show or hide the reader's public profile page (/readers/<public_id>/)."""
    reader.profile_is_public = is_public
    reader.save(update_fields=["profile_is_public", "updated_at"])
    return reader
