"""docs/security.md names only files, settings and variables that exist."""

import re
from pathlib import Path

from django.conf import settings

REPO_DIR = Path(__file__).resolve().parents[3]
SECURITY_DOC = REPO_DIR / "docs" / "security.md"
# A repository path: relative, slash-separated, a Python file or a folder.
REPO_PATH = re.compile(r"[a-z][\w.-]*(?:/[\w.-]+)*(?:\.py|/)")
SETTING_NAME = re.compile(r"[A-Z][A-Z0-9_]{3,}")
# How the code reads an environment variable: os.environ.get("NAME"),
# os.environ["NAME"], env_int("NAME", …) and the other settings helpers.
ENVIRONMENT_READ = re.compile(
    r"""(?:environ(?:\.get)?|env_\w+)\s*[(\[]\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def quoted() -> list[str]:
    """Everything the document puts in backticks."""
    return re.findall(r"`([^`\n]+)`", SECURITY_DOC.read_text())


def named_paths() -> list[str]:
    return [text for text in quoted() if "/" in text and REPO_PATH.fullmatch(text)]


def named_settings() -> list[str]:
    return [text for text in quoted() if SETTING_NAME.fullmatch(text)]


def environment_variables_read() -> set[str]:
    """
    Variables the project reads outside settings too (gunicorn's access log
    reads LOG_CLIENT_ADDRESSES, base.py turns CACHE_SIZE_MB into CACHES).
    """
    names = set()
    for source in (REPO_DIR / "cliffhanger").rglob("*.py"):
        if "tests" not in source.parts:
            names |= set(ENVIRONMENT_READ.findall(source.read_text()))
    return names


def test_the_scan_finds_paths_settings_and_variables():
    assert "cliffhanger/discussion/rendering.py" in named_paths()
    assert "DISCUSSION_RATE_LIMIT_PER_MINUTE" in named_settings()
    assert {"LOG_CLIENT_ADDRESSES", "CACHE_SIZE_MB"} <= environment_variables_read()


def test_every_named_file_exists():
    missing = [path for path in named_paths() if not (REPO_DIR / path).exists()]

    assert missing == []


def test_every_named_setting_exists():
    """A setting of the running project, or else a variable the code reads."""
    variables = environment_variables_read()
    unknown = [
        name
        for name in named_settings()
        if not hasattr(settings, name) and name not in variables
    ]

    assert unknown == []
