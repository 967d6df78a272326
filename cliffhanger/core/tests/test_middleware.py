"""Request ids, structured logs and the security headers on real responses."""

import json
import logging
import re
import sys

import pytest

from cliffhanger.core.logs import JsonFormatter, RequestIdFilter, current_request_id
from cliffhanger.core.middleware import REQUEST_ID_HEADER


class RecordKeeper(logging.Handler):
    """Keeps the records a logger emits, after the project's request-id filter."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.addFilter(RequestIdFilter())
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def request_log():
    logger = logging.getLogger("django.request")
    keeper, level = RecordKeeper(), logger.level
    logger.addHandler(keeper)
    logger.setLevel(logging.WARNING)
    yield keeper.records
    logger.removeHandler(keeper)
    logger.setLevel(level)


class TestRequestId:
    def test_generated_when_the_request_has_none(self, client):
        response = client.get("/robots.txt")

        assert re.fullmatch(r"[0-9a-f]{32}", response[REQUEST_ID_HEADER])

    def test_each_request_gets_its_own(self, client):
        first = client.get("/robots.txt")[REQUEST_ID_HEADER]

        assert client.get("/robots.txt")[REQUEST_ID_HEADER] != first

    def test_proxy_id_is_echoed(self, client):
        response = client.get(
            "/robots.txt", headers={REQUEST_ID_HEADER: "f1e2d3c4-0000-4abc-9def-1234"}
        )

        assert response[REQUEST_ID_HEADER] == "f1e2d3c4-0000-4abc-9def-1234"

    @pytest.mark.parametrize(
        "hostile",
        ["", "two words", "id\nforged log line", "x" * 129, "<script>", "ünïcode"],
    )
    def test_malformed_id_is_replaced(self, client, hostile):
        response = client.get("/robots.txt", headers={REQUEST_ID_HEADER: hostile})

        assert re.fullmatch(r"[0-9a-f]{32}", response[REQUEST_ID_HEADER])

    def test_logs_written_during_the_request_carry_it(self, db, client, request_log):
        response = client.get(
            "/no/such/page/", headers={REQUEST_ID_HEADER: "req-404-check"}
        )

        assert response.status_code == 404
        [record] = [r for r in request_log if r.getMessage().startswith("Not Found")]
        assert record.request_id == "req-404-check"

    def test_id_is_gone_after_the_request(self, client):
        client.get("/robots.txt", headers={REQUEST_ID_HEADER: "finished-request"})

        assert current_request_id.get() is None


class TestJsonFormatter:
    def make_record(self, message="Comment held for review", **extra):
        record = logging.getLogger("cliffhanger.discussion").makeRecord(
            "cliffhanger.discussion",
            logging.WARNING,
            __file__,
            1,
            message,
            (),
            None,
            extra=extra,
        )
        RequestIdFilter().filter(record)
        return record

    def test_one_object_per_line_with_the_request_id(self):
        token = current_request_id.set("abc-123")
        try:
            record = self.make_record(comment_id=42)
        finally:
            current_request_id.reset(token)

        line = JsonFormatter().format(record)

        data = json.loads(line)
        assert "\n" not in line
        assert data["level"] == "WARNING"
        assert data["logger"] == "cliffhanger.discussion"
        assert data["message"] == "Comment held for review"
        assert data["request_id"] == "abc-123"
        assert data["comment_id"] == 42
        assert data["time"].endswith("+00:00")

    def test_outside_a_request_the_id_is_null(self):
        data = json.loads(JsonFormatter().format(self.make_record()))

        assert data["request_id"] is None

    def test_a_traceback_stays_on_one_line(self):
        try:
            raise ValueError("boom\nsecond line")
        except ValueError:
            record = self.make_record()
            record.exc_info = sys.exc_info()

        line = JsonFormatter().format(record)

        assert "\n" not in line
        assert "ValueError: boom" in json.loads(line)["exc_info"]


class TestSecurityHeaders:
    def test_reader_page_gets_the_strict_policy(self, home, client):
        response = client.get("/")

        assert response.status_code == 200
        policy = directives(response["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]

    def test_admin_gets_its_own_policy(self, db, client):
        response = client.get("/admin/login/")

        assert response.status_code == 200
        policy = directives(response["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
        assert policy["frame-src"][0] == "'self'"  # the page preview panel
        assert policy["frame-ancestors"] == ["'self'"]
        assert response["Permissions-Policy"]

    def test_only_the_admin_prefix_is_loosened(self, home, client):
        # A reader URL that merely contains "admin" keeps the strict policy.
        response = client.get("/tag/admin/")

        assert "'unsafe-inline'" not in response["Content-Security-Policy"]

    def test_page_preview_gets_the_reader_policy_framable_by_the_admin(
        self, home, client, django_user_model
    ):
        admin = django_user_model.objects.create_superuser("ed", password="pw")
        client.force_login(admin)

        response = client.get(f"/admin/pages/{home.pk}/view_draft/")

        assert response.status_code == 200
        policy = directives(response["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'self'"]

    def test_the_prebuilt_reader_header_is_django_csps_own(self, home, client):
        from csp.utils import build_policy

        assert client.get("/")["Content-Security-Policy"] == build_policy()

    def test_a_views_own_csp_change_and_new_settings_still_apply(self, settings):
        from csp.decorators import csp_update
        from django.http import HttpResponse
        from django.test import RequestFactory

        from cliffhanger.core.middleware import ScopedCSPMiddleware

        @csp_update({"img-src": ["https://img.example"]})
        def view(request):
            return HttpResponse("ok")

        middleware = ScopedCSPMiddleware(view)
        changed = middleware(RequestFactory().get("/somewhere/"))
        assert (
            "https://img.example"
            in directives(changed["Content-Security-Policy"])["img-src"]
        )

        plain = ScopedCSPMiddleware(lambda request: HttpResponse("ok"))
        before = plain(RequestFactory().get("/"))["Content-Security-Policy"]
        settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
        after = plain(RequestFactory().get("/"))["Content-Security-Policy"]
        assert before != after == "default-src 'none'"


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def test_the_sites_time_zone_is_active_for_the_request_only(rf, settings):
    from django.http import HttpResponse
    from django.utils import timezone

    from cliffhanger.core.middleware import DefaultTimezoneMiddleware

    settings.TIME_ZONE = "Asia/Kolkata"
    timezone.get_default_timezone.cache_clear()
    seen = []

    def view(request):
        seen.append(timezone.get_current_timezone_name())
        with timezone.override("America/New_York"):  # a view may still choose
            seen.append(timezone.get_current_timezone_name())
        seen.append(timezone.get_current_timezone_name())
        return HttpResponse()

    try:
        DefaultTimezoneMiddleware(view)(rf.get("/"))
        assert seen == ["Asia/Kolkata", "America/New_York", "Asia/Kolkata"]
        # Nothing stays active afterwards: the default answers again.
        settings.TIME_ZONE = "UTC"
        timezone.get_default_timezone.cache_clear()
        assert timezone.get_current_timezone_name() == "UTC"
    finally:
        timezone.get_default_timezone.cache_clear()
