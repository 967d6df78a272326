"""
gunicorn settings for Cliffhanger. `manage.py serve` (and so `make run`) uses
them; on an app server without the task worker and scheduler run

    gunicorn -c python:cliffhanger.gunicorn_conf

Every value can be changed from the environment (docs/deploy.md):

    HOST, PORT            where to listen (127.0.0.1:8000); GUNICORN_BIND wins
    WEB_CONCURRENCY       worker processes (usable CPUs + 1; each has GUNICORN_THREADS threads)
    GUNICORN_THREADS      threads per worker (1)
    GUNICORN_TIMEOUT      seconds a request may take before its worker is killed (30)
    GUNICORN_GRACEFUL_TIMEOUT  seconds workers get to finish on reload or stop (30)
    GUNICORN_KEEPALIVE    seconds an idle keep-alive connection stays open (5)
    GUNICORN_MAX_REQUESTS requests before a worker is replaced, 0 = never (20000)
    GUNICORN_PRELOAD      load the app before forking (true)
    GUNICORN_PIDFILE      write the master's pid here (for USR2 upgrades)
    FORWARDED_ALLOW_IPS   proxies whose X-Forwarded-* headers are trusted (gunicorn's own)
    LOG_FORMAT, LOG_LEVEL as for the app: json gives one JSON object per access line

Graceful reload: `kill -HUP <master>` starts new workers and lets the old ones
finish their requests. With GUNICORN_PRELOAD on, the workers are forked from
the master's copy of the code, so a code upgrade takes `kill -USR2 <master>`
(a new master on the new code) then `kill -QUIT <old master>`; docs/deploy.md.
"""

import gc
import os

# Imports Django's template and URL modules only: nothing reads the settings
# until when_ready() runs, after the app is loaded.
from cliffhanger.core.warm_up import compile_shared_state


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))  # what a container or taskset allows
    except AttributeError:
        return os.cpu_count() or 1


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}") from None


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return value in {"1", "true", "yes", "on"} if value else default


wsgi_app = "cliffhanger.wsgi:application"
bind = [
    os.environ.get("GUNICORN_BIND")
    or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
]
# More processes than CPUs + 1 only add memory and contention
# (bench/results/load.md measured 2 beating 5).
workers = _int("WEB_CONCURRENCY", _usable_cpus() + 1)
# gthread's poller even with one thread: idle keep-alive connections, and new
# ones that have sent nothing yet, wait in it rather than in a worker. More
# threads overlap waiting on a distant database or service, but a request is
# mostly Python, and threads contending for the GIL cost more than they gain:
# 4 threads posted about 310 comments/s on 2 CPUs, 1 thread 360–390 (SQLite,
# 3 workers); uncached article reads went 92→112/s. With one thread, the
# poller's thread serves the requests itself (core/gunicorn_worker.py): a
# page-cache hit costs a worker 0.7 ms instead of 1.0.
worker_class = "cliffhanger.core.gunicorn_worker.PollingThreadWorker"
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Shorter than the idle timeout a proxy keeps for its upstream connections
# would let the proxy reuse a connection gunicorn has just closed; the nginx
# example in docs/deploy.md keeps them 4 s.
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Replacing workers now and then bounds any slow memory growth; the jitter
# keeps them from all restarting at once.
# At cache-hit rates 2,000 replaced a worker every few seconds (bench/results/load.md).
max_requests = _int("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = max_requests // 10
preload_app = _bool("GUNICORN_PRELOAD", True)
pidfile = os.environ.get("GUNICORN_PIDFILE") or None
# The worker heartbeat file lives in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# gunicorn's control socket (gunicornc) is not used; one per host would clash.
control_socket_disable = True

loglevel = os.environ.get("LOG_LEVEL", "info").strip().lower()
errorlog = "-"
# Access lines without link tokens or (unless LOG_CLIENT_ADDRESSES) addresses.
logger_class = "cliffhanger.core.access_log.RedactingLogger"
if os.environ.get("LOG_FORMAT", "text").strip().lower() == "json":
    # One JSON object per line, with the access atoms as fields (core/logs.py).
    accesslog = None
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "cliffhanger.core.logs.JsonFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "gunicorn.error": {
                "handlers": ["console"],
                "level": loglevel.upper(),
                "propagate": False,
            },
            "gunicorn.access": {
                "handlers": ["console"],
                "level": "INFO",
                "propagate": False,
            },
        },
    }
else:
    accesslog = "-"
    # Apache's combined format plus the time taken and the request id.
    access_log_format = (
        '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" '
        "%(M)sms %({x-request-id}o)s"
    )


def when_ready(server):
    """With the app preloaded, compile what every worker would otherwise compile
    for itself (our templates, the URL resolver), so the workers share it."""
    if preload_app:
        compile_shared_state()
        # The loaded app's objects move to a generation the collector never
        # scans, so a worker's collections do not write to (and so copy) the
        # memory pages it shares with the master (Python's gc.freeze docs).
        # Once, before the first fork: not again for every replaced worker.
        gc.collect()
        gc.freeze()


def pre_fork(server, worker):
    """Forked workers must not share the master's database or cache connections."""
    if preload_app:
        from django.core.cache import close_caches
        from django.db import connections

        connections.close_all()
        close_caches()
