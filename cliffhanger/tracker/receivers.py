"""Side effects of a recorded status change that belong to the tracker."""

from django.dispatch import receiver

from .signals import season_status_changed


@receiver(season_status_changed)
def enqueue_follower_emails(sender, change, **kwargs):
    from .tasks import notify_followers

    notify_followers.enqueue(change.pk)
