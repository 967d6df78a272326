"""
Signed-in readers' subscriptions made before with their (proven) address are
attached to their account (accounts.signals.reader_email_verified).

Cached newsletter pages (list, newsletter, archive) depend on the tag
"newsletters"; a change to a newsletter or an issue makes them stale.
Connected in NewslettersConfig.ready().
"""

from django.db.models.signals import post_delete, post_save

from cliffhanger.accounts.signals import reader_email_verified
from cliffhanger.caching.dependencies import invalidate

from .models import Issue, Newsletter
from .services import subscriptions_attach_account

CACHE_TAG = "newsletters"


def newsletters_changed(sender, **kwargs):
    invalidate(CACHE_TAG)


def attach_subscriptions_to_reader(sender, user, email, **kwargs):
    """A reader proved `email` (signed in with it): its confirmed subscriptions are theirs."""
    subscriptions_attach_account(account=user, email=email)


def connect() -> None:
    reader_email_verified.connect(
        attach_subscriptions_to_reader, dispatch_uid="newsletters.attach"
    )
    for model in (Newsletter, Issue):
        post_save.connect(newsletters_changed, sender=model, dispatch_uid=f"nl-{model}")
        post_delete.connect(
            newsletters_changed, sender=model, dispatch_uid=f"nl-del-{model}"
        )
