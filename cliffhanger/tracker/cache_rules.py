"""
Which tracker changes make cached pages stale, connected in
TrackerConfig.ready(): anything in the tracker makes "shows" stale (every
page's sidebar lists the latest status changes; show pages, the board and
status boxes show the rest) and purges the board from a proxy. What says
how long ago something was (the board's waits, a show's chart running to
today) depends on TODAY too, which jobs.py bumps when the date changes.
"""

from django.db.models.signals import post_delete, post_save

from cliffhanger.caching.dependencies import invalidate

from . import models
from .purges import board_purge

# The date, as a tag: bumped when it changes (jobs.py), nothing else.
TODAY = "today"

TRACKER_MODELS = (
    models.Network,
    models.Person,
    models.Show,
    models.CastMember,
    models.Season,
    models.Episode,
    models.SeasonStatusChange,
    models.Statement,
    models.ArticleCoverage,
)


def tracker_changed(sender, instance, **kwargs):
    invalidate("shows")
    board_purge()


def connect() -> None:
    for model in TRACKER_MODELS:
        post_save.connect(tracker_changed, sender=model, dispatch_uid=f"cache-{model}")
        post_delete.connect(
            tracker_changed, sender=model, dispatch_uid=f"cache-del-{model}"
        )
