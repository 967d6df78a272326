"""A show's poster and wide still: their renditions made ahead when the show is saved."""

from django.db.models.signals import post_save

from cliffhanger.core.renditions import renditions_queue

from .models import Show


def _show_saved(sender, instance: Show, raw=False, **kwargs) -> None:
    if raw:
        return
    if instance.poster_id:
        renditions_queue(instance.poster, ("poster", "poster-small"))
    if instance.still_id:
        renditions_queue(instance.still, ("still",))


def connect() -> None:
    post_save.connect(_show_saved, sender=Show, dispatch_uid="tracker.show_pictures")
