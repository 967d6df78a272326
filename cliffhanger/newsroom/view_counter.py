"""
Counting article views without a database write per page view.

A page view arrives as a small beacon after the page has loaded, so the page
itself stays cacheable. `view_record()` only adds (article, day, reader hash)
to an in-process buffer; a background thread hands the buffer to
`article_views_record()` every NEWSROOM_VIEW_FLUSH_SECONDS (and at exit),
which stores it in one batch. The database's unique constraint keeps one view
per reader per article per day across every app server.

    view_record(article_id=page.pk, reader_key=client_hash("view", network_key(ip)))
    view_buffer_flush()   # tests and shutdown; the thread does it otherwise
"""

import atexit
import logging
import threading
from datetime import date

from django.conf import settings
from django.utils import timezone

from .services import article_views_record

logger = logging.getLogger(__name__)

MAX_BUFFERED = 50_000  # flush early rather than grow without bound

_lock = threading.Lock()
_pending: set[tuple[int, date, str]] = set()
_flusher: threading.Thread | None = None


def view_record(*, article_id: int, reader_key: str) -> None:
    """Remember that this reader viewed the article today (deduplicated later)."""
    with _lock:
        _pending.add((article_id, timezone.localdate(), reader_key))
        full = len(_pending) >= MAX_BUFFERED
    if full:
        view_buffer_flush()
    else:
        _ensure_flusher()


def view_buffer_flush() -> int:
    """Write buffered views; returns how many readings were handed over."""
    with _lock:
        batch = set(_pending)
        _pending.clear()
    if not batch:
        return 0
    try:
        article_views_record(readings=batch)
    except Exception:
        # Keep the readings for the next round (e.g. the database was busy).
        with _lock:
            _pending.update(batch)
        raise
    return len(batch)


def view_buffer_pending() -> int:
    with _lock:
        return len(_pending)


def _flush_forever(interval: float) -> None:
    stop = threading.Event()
    while not stop.wait(interval):
        try:
            view_buffer_flush()
        except Exception:  # the thread must survive a failed round
            logger.exception("Could not write article views; will retry")


def _ensure_flusher() -> None:
    global _flusher
    with _lock:
        if _flusher is not None and _flusher.is_alive():
            return
        interval = settings.NEWSROOM_VIEW_FLUSH_SECONDS
        if interval <= 0:
            return
        _flusher = threading.Thread(
            target=_flush_forever, args=(interval,), name="view-flusher", daemon=True
        )
        _flusher.start()


def _flush_at_exit() -> None:
    try:
        view_buffer_flush()
    except Exception:
        logger.exception("Could not write article views at exit")


atexit.register(_flush_at_exit)
