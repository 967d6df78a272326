"""Site-wide endpoints for machines and error pages for people."""

import logging
import sys
import uuid

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache

from .outages import database_outage_response, is_database_outage

logger = logging.getLogger(__name__)

# Once this process has seen every migration applied it need not look again:
# loading the migration graph is the slow part of the check.
_migrations_applied = False


class HealthProblem(Exception):
    """A failed health check whose message is safe to show to anyone."""


def health_database() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def health_cache() -> str:
    # A key of its own: app servers probed at the same moment share the cache.
    token = uuid.uuid4().hex
    key = f"healthz:probe:{token}"
    cache.set(key, token, timeout=10)
    try:
        kept = cache.get(key)
    finally:
        cache.delete(key)
    if not getattr(cache, "reachable", lambda: True)():
        raise HealthProblem("unreachable")
    if kept != token:
        raise HealthProblem("did not return what was stored")
    return "ok"


def health_migrations() -> str:
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            raise HealthProblem(f"{len(plan)} unapplied")
        _migrations_applied = True
    return "ok"


# What a node cannot serve without: a cache that keeps nothing only slows it
# (pages render uncached), so it is reported but keeps the node in rotation.
NODE_NEEDS = ("database", "migrations")
HEALTH_CHECKS = {
    "database": health_database,
    "cache": health_cache,
    "migrations": health_migrations,
}


ONLY_GET = "Only GET is allowed."


@never_cache
def csrf_token(request):
    """The CSRF token for a form on a shared page (shared_csrf.py), fetched by
    form-token.js; sets the reader's CSRF cookie."""
    if request.method != "GET":
        # require_GET would answer with an empty HTML 405; this is an API.
        response = JsonResponse({"error": ONLY_GET}, status=405)
        response["Allow"] = "GET"
        return response
    return JsonResponse({"token": get_token(request)})


@never_cache
def healthz(request):
    """
    For load balancers and monitors: 200 with {"status": "ok", "database":
    "ok", "cache": "ok", "migrations": "ok"} when the app can serve; 200 with
    "status": "degraded" when only the cache is failing (pages render
    uncached); 503 with "status": "error" and the failing part's reason when
    the database or migrations are ("unreachable", "3 unapplied"). The endpoint is public, so the exception itself (host
    names, addresses) goes only to the log. Migrations are not checked while
    the database is unreachable.
    """
    report = {}
    for part, check in HEALTH_CHECKS.items():
        if part == "migrations" and report["database"] != "ok":
            report[part] = "not checked"
            continue
        try:
            report[part] = check()
        except HealthProblem as problem:
            logger.warning("Health check failed: %s %s", part, problem)
            report[part] = str(problem)
        except Exception as error:
            # A database that is away is one line per probe, not a traceback.
            logger.warning(
                "Health check failed: %s unreachable (%s)",
                part,
                type(error).__name__,
                exc_info=not is_database_outage(error),
            )
            report[part] = "unreachable"
    failed = any(report[part] != "ok" for part in NODE_NEEDS)
    degraded = any(value not in ("ok", "not checked") for value in report.values())
    status = "error" if failed else "degraded" if degraded else "ok"
    return JsonResponse({"status": status, **report}, status=503 if failed else 200)


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /comments/",
        "Disallow: /polls/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        f"Sitemap: {request.build_absolute_uri('/sitemap-news.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """A 503 while the database is unreachable (outages.py), else a 500."""
    error = sys.exc_info()[1]
    if is_database_outage(error):
        return database_outage_response(request, error)
    # No context processors: whatever broke the page may break them too.
    return HttpResponse(loader.get_template("500.html").render(), status=500)
