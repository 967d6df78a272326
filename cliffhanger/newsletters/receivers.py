"""
Cached newsletter pages (list, newsletter, archive) depend on the tag
"newsletters"; a change to a newsletter or an issue makes them stale.
Connected in NewslettersConfig.ready().
"""

from django.db.models.signals import post_delete, post_save

from cliffhanger.caching.dependencies import invalidate

from .models import Issue, Newsletter

CACHE_TAG = "newsletters"


def newsletters_changed(sender, **kwargs):
    invalidate(CACHE_TAG)


def connect() -> None:
    for model in (Newsletter, Issue):
        post_save.connect(newsletters_changed, sender=model, dispatch_uid=f"nl-{model}")
        post_delete.connect(
            newsletters_changed, sender=model, dispatch_uid=f"nl-del-{model}"
        )
