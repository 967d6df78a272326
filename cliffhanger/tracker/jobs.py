"""Jobs the scheduler runs every round (registered in apps.py)."""

from django.core.cache import caches
from django.utils import timezone

from cliffhanger.caching.dependencies import invalidate

from .cache_rules import TODAY
from .purges import board_purge

# The date TODAY was last bumped for, and how many rounds bumped it: kept
# beside the tag versions and, like them, without expiry, so a scheduler that
# was stopped over midnight bumps when it starts again.
DAY_KEY = "tracker:today:bumped"


def today_invalidate() -> None:
    """
    When the date changes (the site's TIME_ZONE, UTC), make TODAY stale and
    purge the board from a proxy: the waits it shows are counted in days. Twice,
    in the first two rounds of the day: the second drops a copy made by a
    server whose clock is behind the scheduler's, with yesterday's waits.
    One cache round trip on any other round.
    """
    today = timezone.localdate()
    store = caches["versions"]
    day, rounds = store.get(DAY_KEY) or (None, 0)
    if day == today and rounds >= 2:
        return
    rounds = rounds + 1 if day == today else 1
    invalidate(TODAY)
    board_purge()
    store.set(DAY_KEY, (today, rounds), timeout=None)
