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
from .private_apis import response_mark_logged

logger = logging.getLogger("cliffhanger.outages")

# The classes a database that cannot be reached raises; is_database_outage()
# tells an outage from a bug or a query's own failure among them.
DATABASE_ERRORS = (OperationalError, InterfaceError)
# SQLSTATE classes of a lost server: connection exceptions (08...) and the
# server shutting down or starting (57P01-57P03). A deadlock (40P01) or a
# statement timeout (57014) is the query's failure, not an outage.
OUTAGE_SQLSTATES = ("08", "57P")
# Without a SQLSTATE (SQLite; a driver that never reached a server), the message
# tells: a file SQLite cannot use, a connection that failed or was lost.
OUTAGE_MESSAGES = (
    "database is locked",
    "unable to open",
    "disk i/o error",
    "could not connect",
    "connection refused",
    "connection to server",
    "server closed the connection",
    "connection is closed",
    "terminating connection",
)
RETRY_AFTER_SECONDS = 10
UNAVAILABLE = "The site's database is unavailable; try again shortly."
API_PREFIX = "/api/"
LOG_EVERY_SECONDS = 60.0

_log_lock = threading.Lock()
_logged_at = [float("-inf")]


def is_database_outage(error: BaseException | None) -> bool:
    """
    The database could not be reached or used at all, as opposed to a query
    that failed (a missing table, a deadlock, a timeout): those are bugs or
    load, and keep their 500 and their traceback.
    """
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    sqlstate = getattr(error.__cause__, "sqlstate", None)  # psycopg's, if any
    if sqlstate is not None:
        return sqlstate.startswith(OUTAGE_SQLSTATES)
    message = str(error).lower()
    return any(text in message for text in OUTAGE_MESSAGES)


def database_outage_response(request, error: BaseException) -> HttpResponse:
    """The 503 for a request the database failed; logged once per interval."""
    _log_outage(request, error)
    if request.path.startswith(API_PREFIX):  # the API's error shape (docs/api.md)
        response = JsonResponse(
            {"detail": UNAVAILABLE, "code": "unavailable"}, status=503
        )
    elif wants_json(request):
        response = JsonResponse({"error": UNAVAILABLE}, status=503)
    else:
        # A template of its own, no tags: the database is what is missing.
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response_mark_logged(response)  # Django's own log line would repeat ours
    response.database_outage = True  # the page cache may answer with a kept copy
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
