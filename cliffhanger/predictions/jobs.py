"""
Jobs the scheduler runs every round (registered in apps.py).

A poll opens and closes by the clock: nothing is saved then, so no signal
tells the kept copies of its form (or its results) that they are out of date,
and a reader would be shown a form the server then refuses. Every round,
poll_turns_invalidate() makes stale what shows the polls that opened or closed
since the round before last, the same way a change to the poll does.
"""

from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

from .cache_rules import poll_pages_stale
from .selectors import poll_list_turned_between

# The last two rounds' times, kept beside the tag versions and, like them,
# without expiry: a scheduler that was stopped, restarted or moved to another
# node goes on from the last round, whenever that was. Lost only with the
# versions, and then every kept copy is unreachable anyway (a new epoch).
ROUNDS_KEY = "predictions:poll-turns:rounds"


def poll_turns_invalidate() -> None:
    """
    Bump the tags of each poll that opened or closed since the round before
    last: so twice, in the round it turned and in the next. The second bump
    drops a copy made by a server whose clock is behind the scheduler's by up
    to a round, which still showed the poll as it was. (A page rendering while
    the first bump lands needs no second: it is kept under the versions read
    before its data, see caching/dependencies.py.)
    One query and two cache round trips when no poll turned.
    """
    now = timezone.now()
    store = caches["versions"]
    rounds = store.get(ROUNDS_KEY)
    if rounds is None:  # the first round ever, or the versions were lost too
        rounds = [now - longest_kept()] * 2
    for poll in poll_list_turned_between(since=rounds[0], until=now):
        poll_pages_stale(poll)
    store.set(ROUNDS_KEY, [rounds[1], now], timeout=None)


def longest_kept() -> timedelta:
    """
    How long after it was made a copy can still be served: a piece kept in the
    shared cache, then in a process (ProcessCopies keeps one as long again),
    the page made from it, and a proxy's copy of that page (s-maxage, then
    stale-while-revalidate). A poll that turned earlier shows nowhere stale.
    """
    return timedelta(
        seconds=2 * settings.FRAGMENT_CACHE_SECONDS
        + settings.PAGE_CACHE_SECONDS
        + 2 * settings.PAGE_CACHE_EDGE_SECONDS
    )
