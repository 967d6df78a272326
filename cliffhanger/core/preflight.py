"""
What must hold before the site may start, each failure one line that says
what to fix: `manage.py preflight` (run by `make run`) and `manage.py serve`
refuse to start on any of them, instead of answering 500 on every page with a
traceback in the log.
"""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import Error as DatabaseError
from django.utils.module_loading import import_string

from .embedded_cache import EmbeddedCache

REDIS_EXTRA_MISSING = (
    "REDIS_URL is set but the redis packages are not installed: "
    "pip install -e '.[redis]', or unset REDIS_URL for the embedded cache."
)
REDIS_UNREACHABLE = "Cannot reach Redis at {where} (REDIS_URL): {reason}"
DATABASE_UNREACHABLE = "Cannot reach the database at {where} (DATABASE_URL): {reason}"
FOLDER_UNWRITABLE = "Cannot write to {path} ({setting}): {reason}"
LEASE_TOO_SHORT = (
    "SCHEDULER_LEASE_SECONDS ({lease}) must be longer than "
    "SCHEDULER_INTERVAL_SECONDS ({interval}), or the lease runs out between rounds."
)


def problems() -> list[str]:
    """Every reason the site cannot start, as one line each (none: it may)."""
    found = [*_folder_problems(), *_scheduler_problems(), *_database_problems()]
    if os.environ.get("REDIS_URL"):
        found += _redis_problems(os.environ["REDIS_URL"])
    return found


def _folder_problems() -> list[str]:
    folders = {"CLIFFHANGER_VAR_DIR": Path(settings.VAR_DIR)}
    for alias, cache in settings.CACHES.items():
        if issubclass(import_string(cache["BACKEND"]), EmbeddedCache):
            folders[f"CACHE_DIR, the {alias} cache"] = Path(cache["LOCATION"])
    found = []
    for setting, path in folders.items():
        try:
            path.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=path):
                pass
        except OSError as error:
            found.append(
                FOLDER_UNWRITABLE.format(
                    path=path, setting=setting, reason=error.strerror or error
                )
            )
    return found


def _scheduler_problems() -> list[str]:
    """Caught here, not only by run_scheduler: serve would restart it forever."""
    lease, interval = (
        settings.SCHEDULER_LEASE_SECONDS,
        settings.SCHEDULER_INTERVAL_SECONDS,
    )
    return (
        []
        if lease > interval
        else [LEASE_TOO_SHORT.format(lease=lease, interval=interval)]
    )


def _database_problems() -> list[str]:
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        connection.ensure_connection()
    except (DatabaseError, OSError) as error:
        where = connection.settings_dict.get("HOST") or connection.settings_dict.get(
            "NAME"
        )
        port = connection.settings_dict.get("PORT")
        where = f"{where}:{port}" if port else str(where)
        return [DATABASE_UNREACHABLE.format(where=where, reason=_first_line(error))]
    return []


def _redis_problems(url: str) -> list[str]:
    try:
        import django_redis  # noqa: F401 (the backend: is it there?)
        import redis
    except ImportError:
        return [REDIS_EXTRA_MISSING]
    parts = urlsplit(url)
    where = f"{parts.hostname or 'localhost'}:{parts.port or 6379}"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3).ping()
    except (redis.RedisError, OSError, ValueError) as error:
        return [REDIS_UNREACHABLE.format(where=where, reason=_first_line(error))]
    return []


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
