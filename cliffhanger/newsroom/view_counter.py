"""
Counting article views without a database write per page view.

A page view arrives as a small beacon after the page has loaded, so the page
itself stays cacheable. `view_record()` keeps one view per reader per article
per day (a cache key on a salted hash of the reader) and adds it to an
in-process buffer; a background thread writes the buffer every
NEWSROOM_VIEW_FLUSH_SECONDS with one upsert per article, and again when the
process exits. With a shared cache (Redis) the once-a-day rule holds across
app servers; with the local-memory default it holds within one process.

    view_record(article_id=page.pk, reader_key=client_hash(ip, agent))
    view_buffer_flush()   # tests and shutdown; the thread does it otherwise
"""

import atexit
import threading
from collections import Counter
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

_lock = threading.Lock()
_pending: Counter[tuple[int, date]] = Counter()
_flusher: threading.Thread | None = None


def view_record(*, article_id: int, reader_key: str) -> bool:
    """Count a view unless this reader already viewed the article today."""
    today = timezone.localdate()
    seen_key = f"newsroom:viewed:{today.isoformat()}:{article_id}:{reader_key}"
    if not cache.add(seen_key, 1, timeout=60 * 60 * 26):
        return False
    with _lock:
        _pending[(article_id, today)] += 1
    _ensure_flusher()
    return True


def view_buffer_flush() -> int:
    """Write buffered views to the database; returns how many were written."""
    from .services import article_views_add

    with _lock:
        batch = dict(_pending)
        _pending.clear()
    if batch:
        article_views_add(counts=batch)
    return sum(batch.values())


def view_buffer_pending() -> int:
    with _lock:
        return sum(_pending.values())


def _flush_forever(interval: float) -> None:
    stop = threading.Event()
    while not stop.wait(interval):
        try:
            view_buffer_flush()
        except Exception:  # a failed flush must not kill the thread
            import logging

            logging.getLogger(__name__).exception("Could not write article views")


def _ensure_flusher() -> None:
    global _flusher
    if _flusher is not None and _flusher.is_alive():
        return
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


atexit.register(lambda: view_buffer_pending() and view_buffer_flush())
