"""
The database gone for a while (a restart, a failover, a full disk): readers get
a short 503 with Retry-After instead of a 500, scripts a JSON 503, and the log
gets one line with the traceback a minute, not one per request. Web workers
reconnect by themselves: Django closes a connection that failed at the end of
its request (close_old_connections), so the next request opens a new one.
"""

import logging
import threading
import time

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader

from .http import wants_json

logger = logging.getLogger("cliffhanger.outages")

# The errors a database that cannot be reached raises (psycopg's "connection
# refused", "server closed the connection", SQLite's "database is locked").
DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10
LOG_EVERY_SECONDS = 60.0

_log_lock = threading.Lock()
_logged_at = [float("-inf")]


def is_database_outage(error: BaseException | None) -> bool:
    return isinstance(error, DATABASE_ERRORS)


def database_outage_response(request, error: BaseException) -> HttpResponse:
    """The 503 for a request the database failed; logged once per interval."""
    _log_outage(request, error)
    if wants_json(request) or request.path.startswith("/api/"):
        response = JsonResponse(
            {"error": "The site's database is unavailable; try again shortly."},
            status=503,
        )
    else:
        # A template of its own, no tags: the database is what is missing.
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # Django's own log line would repeat ours
    return response


def _log_outage(request, error: BaseException) -> None:
    now = time.monotonic()
    with _log_lock:
        if now - _logged_at[0] < LOG_EVERY_SECONDS:
            return
        _logged_at[0] = now
    logger.error(
        "Database unavailable (%s) on %s; answering 503 with Retry-After %s s,"
        " logged once a minute",
        type(error).__name__,
        request.path,
        RETRY_AFTER_SECONDS,
        exc_info=error,
    )
