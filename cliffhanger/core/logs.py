"""
Log records that carry the request they belong to.

`RequestIdMiddleware` (core/middleware.py) puts each request's id in
`current_request_id` for as long as the request runs; `RequestIdFilter` copies
it onto every log record as `record.request_id` ("-" outside a request), and
`JsonFormatter` writes one JSON object per line. settings/base.py wires them
up; LOG_FORMAT=json|text picks the formatter:

    {"time": "2025-05-01T09:30:00.123+00:00", "level": "ERROR",
     "logger": "django.request", "message": "Internal Server Error: /x/",
     "request_id": "6f1c...", "status_code": 500, "exc_info": "Traceback ..."}
"""

import logging
from collections.abc import Mapping
from contextvars import ContextVar

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

NO_REQUEST = "-"
# gunicorn access-log atoms -> JSON field names.
GUNICORN_ACCESS_FIELDS = {
    "h": "remote_addr",
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "f": "referer",
    "a": "user_agent",
}

current_request_id: ContextVar[str | None] = ContextVar(
    "current_request_id", default=None
)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record; never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get() or NO_REQUEST
        return True


class JsonFormatter(BaseJsonFormatter):
    """One JSON object per line: time, level, logger, message, request id, extras."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", ["levelname", "name", "message", "request_id"])
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")
        # Django attaches the request object to some records: add_fields keeps
        # its method and path instead of the object's repr.
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "taskName", "request"])
        super().__init__(*args, **kwargs)

    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, message_dict)
        if log_data.get("request_id") == NO_REQUEST:
            log_data["request_id"] = None
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            log_data["method"] = request.method
            log_data["path"] = request.path
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            # gunicorn passes the request's "atoms"; keep them as fields.
            for atom, field in GUNICORN_ACCESS_FIELDS.items():
                log_data[field] = record.args[atom]
            if str(log_data["status"]).isdigit():
                log_data["status"] = int(log_data["status"])
            request_id = record.args["{x-request-id}o"]
            log_data["request_id"] = None if request_id == NO_REQUEST else request_id
