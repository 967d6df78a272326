"""
allauth's sign-in and address confirmation, told to the apps above as
signals.reader_email_verified (one per verified address). Connected in
AccountsConfig.ready().
"""

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed, user_logged_in

from .services import is_staff_account
from .signals import reader_email_verified


def _announce(user, emails) -> None:
    if is_staff_account(user):
        return  # staff sign in at /admin/; their addresses are not readers'
    for email in emails:
        reader_email_verified.send(
            sender=user.__class__, user=user, email=email.strip().lower()
        )


def reader_signed_in(sender, request, user, **kwargs):
    # allauth marks the address verified before it signs the reader in, so the
    # one the code went to is in this list.
    emails = EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    )
    _announce(user, list(emails))


def reader_address_confirmed(sender, request, email_address, **kwargs):
    user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        # A code entered to sign in: reader_signed_in announces it right after.
        return
    if email_address.verified:
        _announce(email_address.user, [email_address.email])


def connect() -> None:
    user_logged_in.connect(reader_signed_in, dispatch_uid="accounts.signed_in")
    email_confirmed.connect(
        reader_address_confirmed, dispatch_uid="accounts.address_confirmed"
    )
