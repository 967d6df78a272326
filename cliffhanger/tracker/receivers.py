"""Side effects of a recorded status change that belong to the tracker."""

from django.dispatch import receiver

from .signals import season_status_changed


@receiver(season_status_changed)
def enqueue_follower_emails(sender, change, **kwargs):
    from .tasks import notify_followers

    notify_followers.enqueue(change.pk)


@receiver(season_status_changed)
def forget_cached_highlights(sender, change, **kwargs):
    from django.core.cache import cache

    from .selectors import HIGHLIGHTS_CACHE_KEY

    cache.delete_many([f"{HIGHLIGHTS_CACHE_KEY}:{limit}" for limit in range(1, 11)])
