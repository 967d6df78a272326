"""Reads for readers' accounts."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from .models import Reader


def reader_for_user(*, user) -> Reader | None:
    """The user's profile, or None (an anonymous visitor, or staff who never opened /account/)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Reader.objects.filter(user=user).select_related("user").first()


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
