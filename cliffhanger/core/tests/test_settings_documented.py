"""docs/operations.md documents every project setting that base.py defines."""

import ast
from pathlib import Path

from django.conf import global_settings

PACKAGE_DIR = Path(__file__).resolve().parents[2]
BASE_SETTINGS = PACKAGE_DIR / "settings" / "base.py"
OPERATIONS_DOC = PACKAGE_DIR.parent / "docs" / "operations.md"
# Settings a library defines and documents, not the project: Wagtail's (WAGTAIL…),
# django-allauth's (ACCOUNT_…, SOCIALACCOUNT_…), django-csp's and WhiteNoise's
# (CSP_…, WHITENOISE_…), django-tasks' TASKS, Django REST framework's
# REST_FRAMEWORK and drf-spectacular's SPECTACULAR_SETTINGS. Django's own are
# those in django.conf.global_settings.
LIBRARY_PREFIXES = ("WAGTAIL", "ACCOUNT_", "SOCIALACCOUNT_", "CSP_", "WHITENOISE_")
LIBRARY_SETTINGS = {"TASKS", "REST_FRAMEWORK", "SPECTACULAR_SETTINGS"}


def names_assigned(statements: list[ast.stmt]) -> set[str]:
    """UPPER_CASE names assigned at module level, also under `if`/`try`."""
    names = set()
    for statement in statements:
        if isinstance(statement, ast.Assign | ast.AnnAssign):
            targets = getattr(statement, "targets", None) or [statement.target]
            names |= {
                target.id
                for target in targets
                if isinstance(target, ast.Name) and target.id.isupper()
            }
        elif isinstance(statement, ast.If | ast.Try):
            for block in ("body", "orelse", "finalbody", "handlers"):
                names |= names_assigned(getattr(statement, block, []))
        elif isinstance(statement, ast.ExceptHandler):
            names |= names_assigned(statement.body)
    return names


def project_settings(source: str) -> set[str]:
    return {
        name
        for name in names_assigned(ast.parse(source).body)
        # _CSP_MEDIA and the like are base.py's helpers, not settings to set.
        if not name.startswith("_")
        and not hasattr(global_settings, name)
        and not name.startswith(LIBRARY_PREFIXES)
        and name not in LIBRARY_SETTINGS
    }


def undocumented(names: set[str], doc: str) -> list[str]:
    return sorted(name for name in names if f"`{name}`" not in doc)


def test_the_scan_finds_project_settings_only():
    names = project_settings(BASE_SETTINGS.read_text())

    assert {
        "PAGE_CACHE_SECONDS",
        "ACCOUNTS_UNCONFIRMED_HOURS",
        "SOCIAL_CARD_FONT",
        "SCHEDULER_LEASE_SECONDS",
        "WEBHOOKS_RETRY_SCHEDULE",
    } <= names
    assert not names & {
        "DEBUG",
        "DATABASE_ROUTERS",
        "WAGTAIL_SITE_NAME",
        "ACCOUNT_ADAPTER",
        "SOCIALACCOUNT_PROVIDERS",
        "TASKS",
    }


def test_a_new_setting_left_out_of_the_doc_is_reported():
    source = (
        "import os\n"
        "PAGE_CACHE_SECONDS = 300\n"
        "_HELPER = []\n"
        "if os.environ.get('X'):\n"
        "    NEWSROOM_NEW_KNOB = 1\n"
        "WAGTAIL_SITE_NAME = 'Cliffhanger'\n"
    )

    missing = undocumented(project_settings(source), "`PAGE_CACHE_SECONDS` | `300`")

    assert missing == ["NEWSROOM_NEW_KNOB"]


def test_every_project_setting_is_documented():
    names = project_settings(BASE_SETTINGS.read_text())

    assert undocumented(names, OPERATIONS_DOC.read_text()) == []
