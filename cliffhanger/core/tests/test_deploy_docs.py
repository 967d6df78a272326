"""docs/deploy.md names every environment variable the project reads."""

import re
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[2]
DEPLOY_DOC = PACKAGE_DIR.parent / "docs" / "deploy.md"
# Where variables are read: settings, the gunicorn config, the serving commands.
SOURCES = [
    *sorted((PACKAGE_DIR / "settings").glob("*.py")),
    PACKAGE_DIR / "gunicorn_conf.py",
    *sorted((PACKAGE_DIR / "core" / "management" / "commands").glob("*.py")),
]
READ = re.compile(
    r"""(?:environ(?:\.get|\.setdefault)?|env_bool|env_list|_int|_bool)\s*[(\[]\s*"""
    r"""["']([A-Z][A-Z0-9_]+)["']"""
)


def variables_read() -> set[str]:
    names = set()
    for source in SOURCES:
        names |= set(READ.findall(source.read_text()))
    return names


def test_the_scan_finds_variables():
    assert {
        "SECRET_KEY",
        "DATABASE_URL",
        "DISCUSSION_MAX_DEPTH",
        "WEB_CONCURRENCY",
    } <= (variables_read())


def test_every_environment_variable_is_documented():
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", DEPLOY_DOC.read_text()))

    assert sorted(variables_read() - documented) == []
