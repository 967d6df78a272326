"""Configuration that cannot work stops the site before it starts, with one line saying why."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cliffhanger.core import preflight
from cliffhanger.testing.passes import sqlite_pass_only

REPO_DIR = Path(__file__).resolve().parents[3]
# Each process gets the environment it is given, not the pass's database or
# cache (site_environment() drops them): the same test on both passes.
pytestmark = sqlite_pass_only


def site_environment(tmp_path: Path, **env: str) -> dict[str, str]:
    """The default site's environment (no DATABASE_URL, REDIS_URL or
    SECRET_KEY from the test run), under a var/ of its own."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY")
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "cliffhanger.settings.base",
            "CLIFFHANGER_VAR_DIR": str(tmp_path / "var"),
            **env,
        }
    )
    return environment


def manage(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_DIR,
        env=site_environment(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def refusal(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr.strip()


@pytest.mark.parametrize("command", [["preflight"], ["serve", "--port", "8997"]])
def test_an_unreachable_redis_is_refused(command, tmp_path):
    result = manage(*command, tmp_path=tmp_path, REDIS_URL="redis://127.0.0.1:1/0")

    assert refusal(result).startswith(
        "CommandError: Cannot reach Redis at 127.0.0.1:1 (REDIS_URL):"
    )


def test_an_unreachable_database_is_refused(tmp_path):
    result = manage(
        "preflight",
        tmp_path=tmp_path,
        DATABASE_URL="postgres://cliff:cliff@127.0.0.1:1/cliff",
    )

    assert refusal(result).startswith(
        "CommandError: Cannot reach the database at 127.0.0.1:1 (DATABASE_URL):"
    )


def test_a_var_folder_that_cannot_be_written_is_refused(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")

    result = manage(
        "preflight", tmp_path=tmp_path, CLIFFHANGER_VAR_DIR=str(tmp_path / "a-file/var")
    )

    message = refusal(result)
    assert message.startswith("CommandError: Cannot write the secret key to ")
    assert "CLIFFHANGER_VAR_DIR" in message and len(message.splitlines()) == 1


def test_a_cache_folder_that_cannot_be_written_is_refused(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")

    result = manage(
        "preflight", tmp_path=tmp_path, CACHE_DIR=str(tmp_path / "a-file/cache")
    )

    assert "Cannot write to" in refusal(result)
    assert "(CACHE_DIR, the default cache): Not a directory" in result.stderr


def test_a_sound_configuration_passes(tmp_path):
    result = manage("preflight", tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "ready" in result.stdout


def test_redis_url_without_the_redis_package_is_refused(monkeypatch):
    monkeypatch.setitem(sys.modules, "redis", None)  # import redis now fails

    assert preflight._redis_problems("redis://127.0.0.1:6379/0") == [
        preflight.REDIS_EXTRA_MISSING
    ]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("READER_NETWORK_PREFIX_V4", "40"),
        ("DISCUSSION_REPLIES_SHOWN", "0"),
        ("CACHE_SIZE_MB", "lots"),
    ],
)
def test_a_setting_out_of_its_range_is_one_clear_line(tmp_path, name, value):
    message = refusal(manage("preflight", tmp_path=tmp_path, **{name: value}))

    assert message.startswith(f"CommandError: {name} must be a whole number")
    assert repr(value) in message


def test_a_lease_no_longer_than_the_scheduler_interval_is_refused(settings):
    settings.SCHEDULER_LEASE_SECONDS, settings.SCHEDULER_INTERVAL_SECONDS = 15, 15

    assert preflight._scheduler_problems() == [
        preflight.LEASE_TOO_SHORT.format(lease=15, interval=15)
    ]
    settings.SCHEDULER_LEASE_SECONDS = 45
    assert preflight._scheduler_problems() == []
