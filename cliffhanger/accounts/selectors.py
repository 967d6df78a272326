"""Reads for readers' accounts."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from .models import Reader
from .restrictions import profile_block_reason


def reader_for_user(*, user) -> Reader | None:
    """The user's profile, or None (an anonymous visitor, or staff who never opened /account/)."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:  # already loaded with a signed-in request's user (backends.ReaderBackend)
        return user.reader
    except Reader.DoesNotExist:
        return None


def user_list_unconfirmed(*, now=None) -> QuerySet:
    """
    Accounts made for an address whose owner never entered the code we sent
    within ACCOUNTS_UNCONFIRMED_HOURS: never signed in, not staff.
    """
    now = now or timezone.now()
    cutoff = now - timezone.timedelta(hours=settings.ACCOUNTS_UNCONFIRMED_HOURS)
    return get_user_model().objects.filter(
        last_login__isnull=True,
        date_joined__lt=cutoff,
        is_staff=False,
        is_superuser=False,
        reader__isnull=False,
    )


def user_primary_email(*, user) -> str:
    """The address the reader's codes go to; shown to them only."""
    from allauth.account.models import EmailAddress

    address = EmailAddress.objects.get_primary(user)
    return address.email if address else (user.email or "")


def user_verified_email(*, user) -> str | None:
    """
    The reader's primary address if they have proven it (a code entered, a
    provider vouching for it), else None. Apps above use it to follow or
    subscribe from /account/ without a confirmation mail: the proof is done.
    """
    from allauth.account.models import EmailAddress

    if not getattr(user, "is_authenticated", False):
        return None
    address = (
        EmailAddress.objects.filter(user=user, verified=True)
        .order_by("-primary", "pk")
        .values_list("email", flat=True)
        .first()
    )
    return address.strip().lower() if address else None


def user_verified_emails(*, user) -> list[str]:
    """Every address the reader has proven, lowercased, primary first."""
    from allauth.account.models import EmailAddress

    addresses = EmailAddress.objects.filter(user=user, verified=True).order_by(
        "-primary", "pk"
    )
    emails = [
        email.strip().lower() for email in addresses.values_list("email", flat=True)
    ]
    return list(dict.fromkeys(emails))


def reader_get_public(*, public_id: str) -> Reader | None:
    """
    The reader whose public profile is at /readers/<public_id>/, or None when
    there is none to show: not public, or the account closed or banned
    (inactive). A deleted account has no row, so it is None too.
    """
    reader = (
        Reader.objects.filter(
            public_id=public_id,
            profile_is_public=True,
            user__is_active=True,
        )
        .only(
            "pk",
            "user_id",
            "public_id",
            "display_name",
            "avatar_seed",
            "profile_is_public",
        )
        .first()
    )
    if reader is None or profile_block_reason(user_id=reader.user_id):
        return None  # e.g. banned from commenting (restrictions.py)
    return reader


def account_data_export(holder) -> dict:
    """The "account" section of a reader's data download."""
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount

    user = holder.user
    reader = Reader.objects.filter(user=user).first()
    return {
        "display_name": reader.display_name if reader else "",
        "public_profile": bool(reader and reader.profile_is_public),
        "profile_path": reader.get_absolute_url() if reader else None,
        "joined_at": user.date_joined.isoformat(),
        "last_signed_in_at": user.last_login.isoformat() if user.last_login else None,
        "email_addresses": [
            {
                "email": address.email,
                "primary": address.primary,
                "verified": address.verified,
            }
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "sign_in_providers": [
            {
                "provider": link.provider,
                "uid": link.uid,
                "linked_at": link.date_joined.isoformat(),
            }
            for link in SocialAccount.objects.filter(user=user).order_by("pk")
        ],
    }
