"""
Double opt-in rows (a show's follower, a newsletter's subscriber): one per
address and thing, with `confirmation_sent_at`, `confirmed_at`,
`unsubscribed_at`, an optional `account` and an `is_active` property. The
apps own their models and mails; the life of such a row is written once here.
"""

from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from .confirm_links import confirm_token_is_spent

ACTIVATED_FIELDS = ["confirmed_at", "unsubscribed_at", "confirmation_sent_at"]


def _activate(row: Model, *, fields: list[str]) -> None:
    row.confirmed_at = row.confirmed_at or timezone.now()
    row.unsubscribed_at = None
    row.confirmation_sent_at = None  # spends any link still in a mailbox
    row.save(update_fields=[*fields, *ACTIVATED_FIELDS, "updated_at"])


def opt_in_confirm(rows: QuerySet, *, pk: int, data: dict, spent: Exception):
    """
    Confirm the row from its emailed link's (verified) `data`, once: an active
    row is returned as it is; a link used already or replaced raises `spent`.
    Call inside a transaction: the row is locked.
    """
    row = rows.select_for_update().get(pk=pk)
    if row.is_active:
        return row
    if confirm_token_is_spent(data, asked_at=row.confirmation_sent_at):
        raise spent
    row.confirmed_at = timezone.now()
    _activate(row, fields=[])
    return row


def opt_in_stop(rows: QuerySet) -> int:
    """Unsubscribe the active `rows`; stopping again changes nothing. How many stopped."""
    now = timezone.now()
    return rows.filter(unsubscribed_at__isnull=True).update(
        unsubscribed_at=now, updated_at=now
    )


def opt_ins_attach_account(rows: QuerySet, *, account, email: str) -> int:
    """
    Give `account` the confirmed rows made with `email`, an address the reader
    has proven; one never confirmed stays as it is (anybody may have typed the
    address). How many were attached.
    """
    return rows.filter(
        email=email.strip().lower(), account__isnull=True, confirmed_at__isnull=False
    ).update(account=account, updated_at=timezone.now())


def opt_in_for_account(model, *, account, email: str, **thing):
    """
    The row for `thing` (e.g. show=…) and the account's verified `email`,
    active at once without a mail: an earlier row with that address,
    anonymous or stopped, becomes the account's and active again.
    """
    email = email.strip().lower()
    with transaction.atomic():
        try:
            with transaction.atomic():
                return model.objects.create(
                    **thing, email=email, account=account, confirmed_at=timezone.now()
                )
        except IntegrityError:
            row = model.objects.select_for_update().get(**thing, email=email)
        row.account = account
        _activate(row, fields=["account"])
    return row
