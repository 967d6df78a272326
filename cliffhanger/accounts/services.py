"""Writes for readers' accounts: the account a sign-in code is for, the profile."""

import json
import secrets

from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cliffhanger.core.privacy import client_hash
from cliffhanger.core.text import display_name_clean

from .models import Reader
from .personal_data import Holder, personal_data_erase
from .restrictions import profile_block_reason
from .selectors import reader_for_user, user_list_unconfirmed, user_verified_emails

DISPLAY_NAME_REQUIRED = "Enter the name other readers will see."
ACCOUNT_CLOSE_STAFF = (
    "Staff accounts are closed by an administrator, under Users in the admin."
)


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
    """
    The user's profile, made on first use (staff, accounts from OpenID Connect).
    The same object as `user.reader` for the rest of the request, so a name
    set on it shows wherever the request renders it.
    """
    reader = reader_for_user(user=user)
    if reader is None:
        reader, _ = Reader.objects.get_or_create(user=user)
        user.reader = reader
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
    """
    Show or hide the reader's public profile page (/readers/<public_id>/).
    ValidationError when it may not be shown now (restrictions.py).
    """
    reason = is_public and profile_block_reason(user_id=reader.user_id)
    if reason:
        raise ValidationError(reason)
    reader.profile_is_public = is_public
    reader.save(update_fields=["profile_is_public", "updated_at"])
    return reader


def account_holder(*, user, reader_key: str | None = None) -> Holder:
    """
    The keys the reader's data is stored under: the account, its verified
    addresses (an address nobody proved could be anyone's, so it finds
    nothing made without the account) and this browser's reader id.
    """
    return Holder(
        user=user, emails=tuple(user_verified_emails(user=user)), reader_key=reader_key
    )


def account_sessions_delete(user) -> int:
    """
    Delete every stored session signed in as the account; how many went.
    Sessions are not indexed by user: this rare action reads them all once
    rather than every sign-in writing an index.
    """
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    return Session.objects.filter(pk__in=ended).delete()[0]


def _task_results_forget(strings) -> int:
    """
    Delete the task worker's records (arguments, results, tracebacks) that
    mention any of `strings`: a sign-in code's mail names its address, a
    webhook's payload a commenter. Work in progress is left to finish.
    """
    query = Q()
    for text in {text for text in strings if len(text) >= 3}:
        # JSON columns may keep non-ASCII characters \u-escaped.
        for form in {text, json.dumps(text)[1:-1]}:
            query |= (
                Q(args_kwargs__icontains=form)
                | Q(return_value__icontains=form)
                | Q(traceback__icontains=form)
            )
    if not query:
        return 0
    results = DBTaskResult.objects.exclude(status=TaskResultStatus.RUNNING)
    return results.filter(query).delete()[0]


def account_close(*, user, keep_comments: bool, reader_key: str | None = None) -> None:
    """
    Delete a reader's account and everything identifying it holds: each app
    forgets what it keeps (accounts.personal_data; comments stay as "Deleted
    reader" or are removed, as the reader chose), the task worker's records
    that name it go, every session ends, then the user row goes (its profile,
    addresses and provider links with it). All or nothing.
    """
    if is_staff_account(user):
        raise ValidationError(ACCOUNT_CLOSE_STAFF)
    holder = account_holder(user=user, reader_key=reader_key)
    with transaction.atomic():
        erasure = personal_data_erase(holder=holder, keep_comments=keep_comments)
        reader = Reader.objects.filter(user=user).first()
        if reader is not None and reader.display_name:
            erasure.names.add(reader.display_name)
        all_addresses = EmailAddress.objects.filter(user=user).values_list(
            "email", flat=True
        )
        _task_results_forget(
            [*erasure.names, *holder.emails, *all_addresses, user.email]
        )
        account_sessions_delete(user)
        user.delete()
