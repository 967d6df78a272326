"""Settings read from the environment; production mode checked in a fresh process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cliffhanger.settings.base import SMTP_BACKEND, email_from_environment

REPO_DIR = Path(__file__).resolve().parents[3]
# 50 characters, many distinct: what `check --deploy` asks of a key.
STRONG_KEY = "k3y-for-the-deploy-check-0123456789-ABCDEFGHIJ-xyz!"


def manage(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """manage.py under production settings in a new process with this environment."""
    environ = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("SECRET_KEY", "ALLOWED_HOSTS", "SECURE_", "LOG_"))
    }
    environ.update(
        DJANGO_SETTINGS_MODULE="cliffhanger.settings.production",
        CLIFFHANGER_VAR_DIR=str(tmp_path),
        **env,
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_passes_the_deploy_check_without_warnings(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="news.example",
    )

    assert result.returncode == 0, result.stderr
    # The one silenced is Django's W003, which looks for its CSRF middleware by
    # name; cliffhanger.W003 checks for ours (caching/checks.py) instead.
    assert result.stdout.strip() == "System check identified no issues (1 silenced)."
    assert "WARNING" not in result.stderr


def test_production_without_secret_key_stops_with_a_clear_error(tmp_path):
    result = manage("check", tmp_path=tmp_path, ALLOWED_HOSTS="news.example")

    assert result.returncode != 0
    # (production.py cannot be imported here to share the constant: it
    # refuses to load without these variables, which is the point.)
    assert result.stderr.startswith("CommandError: SECRET_KEY is not set.")
    assert "get_random_secret_key" in result.stderr
    assert "Traceback" not in result.stderr
    # base.py would make up a key file; production must not get that far.
    assert not (tmp_path / "secret_key").exists()


def test_production_without_allowed_hosts_stops(tmp_path):
    result = manage("check", tmp_path=tmp_path, SECRET_KEY=STRONG_KEY)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_https_flags_follow_the_environment_behind_a_proxy(tmp_path):
    names = [
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "DEBUG",
    ]
    code = "from django.conf import settings as s; " + "; ".join(
        f"print(repr(s.{name}))" for name in names
    )

    result = manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        tmp_path=tmp_path,
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="news.example, www.news.example",
        CSRF_TRUSTED_ORIGINS="https://news.example",
        SECURE_SSL_REDIRECT="false",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        SECURE_HSTS_SECONDS="600",
        SECURE_HSTS_PRELOAD="no",
        SESSION_COOKIE_SECURE="0",
        DEBUG="true",  # production ignores it
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "False",
        "('HTTP_X_FORWARDED_PROTO', 'https')",
        "600",
        "False",
        "False",
        "['news.example', 'www.news.example']",
        "['https://news.example']",
        "False",
    ]


def test_unknown_log_format_is_refused(tmp_path):
    result = manage(
        "check",
        tmp_path=tmp_path,
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="news.example",
        LOG_FORMAT="xml",
    )

    assert result.returncode != 0
    assert "LOG_FORMAT must be json or text." in result.stderr


class TestEmailFromEnvironment:
    @pytest.fixture(autouse=True)
    def clean_environment(self, monkeypatch):
        for name in list(os.environ):
            if name.startswith("EMAIL_"):
                monkeypatch.delenv(name)

    def test_console_without_settings(self):
        assert email_from_environment()["EMAIL_BACKEND"] == (
            "django.core.mail.backends.console.EmailBackend"
        )

    def test_url_with_starttls_and_quoted_password(self, monkeypatch):
        monkeypatch.setenv(
            "EMAIL_URL", "smtp://news%40example:p%40ss%2Fw@mx.example:2525?tls=1"
        )

        assert email_from_environment() == {
            "EMAIL_BACKEND": SMTP_BACKEND,
            "EMAIL_HOST": "mx.example",
            "EMAIL_PORT": 2525,
            "EMAIL_HOST_USER": "news@example",
            "EMAIL_HOST_PASSWORD": "p@ss/w",
            "EMAIL_USE_TLS": True,
            "EMAIL_USE_SSL": False,
        }

    @pytest.mark.parametrize(
        ("url", "port", "tls", "ssl"),
        [
            ("smtp://mx.example", 25, False, False),
            ("submission://mx.example", 587, True, False),
            ("smtps://mx.example", 465, False, True),
        ],
    )
    def test_url_scheme_sets_port_and_encryption(
        self, monkeypatch, url, port, tls, ssl
    ):
        monkeypatch.setenv("EMAIL_URL", url)

        config = email_from_environment()

        assert (
            config["EMAIL_PORT"],
            config["EMAIL_USE_TLS"],
            config["EMAIL_USE_SSL"],
        ) == (
            port,
            tls,
            ssl,
        )

    def test_url_with_unknown_scheme_is_refused(self, monkeypatch):
        monkeypatch.setenv("EMAIL_URL", "http://mx.example")

        with pytest.raises(ImproperlyConfigured, match="EMAIL_URL must start with"):
            email_from_environment()

    def test_separate_variables_choose_smtp(self, monkeypatch):
        monkeypatch.setenv("EMAIL_HOST", "mx.example")
        monkeypatch.setenv("EMAIL_PORT", "587")
        monkeypatch.setenv("EMAIL_HOST_USER", "news")
        monkeypatch.setenv("EMAIL_HOST_PASSWORD", "secret")
        monkeypatch.setenv("EMAIL_USE_TLS", "true")

        assert email_from_environment() == {
            "EMAIL_BACKEND": SMTP_BACKEND,
            "EMAIL_HOST": "mx.example",
            "EMAIL_PORT": 587,
            "EMAIL_HOST_USER": "news",
            "EMAIL_HOST_PASSWORD": "secret",
            "EMAIL_USE_TLS": True,
            "EMAIL_USE_SSL": False,
        }


# What a fresh process reports after manage.py's start-up (cliffhanger/manage.py).
START_UP_REPORT = (
    "import gc; from django.conf import settings; "
    "print(settings.SETTINGS_MODULE, gc.isenabled(), gc.get_freeze_count() > 100_000)"
)


def test_settings_option_wins_and_start_up_objects_are_frozen(tmp_path):
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        START_UP_REPORT,
        "--settings=cliffhanger.settings.test",
        tmp_path=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    # --settings wins over the environment's production settings, the
    # collector runs again, and what start-up made is frozen.
    assert result.stdout.split() == ["cliffhanger.settings.test", "True", "True"]
