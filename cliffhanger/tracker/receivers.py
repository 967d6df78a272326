"""Side effects of a recorded status change that belong to the tracker."""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from cliffhanger.accounts.signals import reader_email_verified
from cliffhanger.newsroom.models import ArticlePage

from .follows import show_follows_attach_account
from .models import Show
from .selectors import HIGHLIGHTS_CACHE_KEY
from .signals import season_status_changed
from .social_cards import cards_forget
from .tasks import make_article_social_card, make_show_social_cards, notify_followers


@receiver(reader_email_verified, dispatch_uid="tracker.follows_attach")
def attach_follows_to_reader(sender, user, email, **kwargs):
    """A reader proved `email` (signed in with it): its confirmed follows are theirs."""
    show_follows_attach_account(account=user, email=email)


@receiver(season_status_changed)
def enqueue_follower_emails(sender, change, **kwargs):
    notify_followers.enqueue(change.pk)


@receiver(season_status_changed)
def forget_cached_highlights(sender, change, **kwargs):
    cache.delete_many([f"{HIGHLIGHTS_CACHE_KEY}:{limit}" for limit in range(1, 11)])


# Social cards (social_cards.py) drawn ahead, after the commit, so the first
# crawler to fetch a link shared after the news finds the new card ready.


def _cards_soon(make, object_id: int) -> None:
    if settings.SOCIAL_CARDS_MAKE_AHEAD:
        transaction.on_commit(lambda: make.enqueue(object_id), robust=True)


@receiver(season_status_changed, dispatch_uid="tracker.social_cards")
def make_social_cards_for_status(sender, change, **kwargs):
    _cards_soon(make_show_social_cards, change.season.show_id)


@receiver(post_save, sender=Show, dispatch_uid="tracker.social_cards")
def make_social_cards_for_show(sender, instance, raw=False, **kwargs):
    if not raw:
        _cards_soon(make_show_social_cards, instance.pk)


@receiver(page_published, sender=ArticlePage, dispatch_uid="tracker.social_cards")
def make_social_card_for_article(sender, instance, **kwargs):
    _cards_soon(make_article_social_card, instance.pk)


@receiver(page_unpublished, sender=ArticlePage, dispatch_uid="tracker.social_cards")
@receiver(post_delete, sender=ArticlePage, dispatch_uid="tracker.social_cards_del")
def forget_article_social_cards(sender, instance, **kwargs):
    article_id = instance.pk
    transaction.on_commit(
        lambda: cards_forget(kind="article", pk=article_id), robust=True
    )


@receiver(post_delete, sender=Show, dispatch_uid="tracker.social_cards_del")
def forget_show_social_cards(sender, instance, **kwargs):
    show_id = instance.pk
    transaction.on_commit(lambda: cards_forget(kind="show", pk=show_id), robust=True)
