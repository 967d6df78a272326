"""
Read replicas (optional, DATABASE_REPLICA_URL). Reads from a reader's GET
request go to the replica; everything else — writes, every query of a POST,
tasks, commands, and a reader's requests for a few seconds after their own
write — uses the primary, so nobody posts a comment and then misses it
because the replica has not caught up yet.
"""

import time
from contextvars import ContextVar

from django.conf import settings

REPLICA_ALIAS = "replica"
PRIMARY_ALIAS = "default"
# Set on a reader's response after a write: until this Unix time, read the primary.
STICKY_COOKIE = "primary_until"

_reads_from_replica: ContextVar[bool] = ContextVar("reads_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA_ALIAS in settings.DATABASES


class PrimaryReplicaRouter:
    """Writes and migrations on the primary; reads on the replica only when allowed."""

    def db_for_read(self, model, **hints):
        return REPLICA_ALIAS if _reads_from_replica.get() else PRIMARY_ALIAS

    def db_for_write(self, model, **hints):
        return PRIMARY_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # both aliases hold the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY_ALIAS


def _recently_wrote(request) -> bool:
    try:
        return float(request.COOKIES.get(STICKY_COOKIE, "0")) > time.time()
    except ValueError:
        return False


class ReplicaMiddleware:
    """Chooses the database for the request's reads and remembers a reader's writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        safe = request.method in ("GET", "HEAD", "OPTIONS")
        token = _reads_from_replica.set(safe and not _recently_wrote(request))
        try:
            response = self.get_response(request)
        finally:
            _reads_from_replica.reset(token)
        if not safe:
            sticky = settings.DATABASE_REPLICA_STICKY_SECONDS
            response.set_cookie(
                STICKY_COOKIE,
                f"{time.time() + sticky:.0f}",
                max_age=sticky,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response
