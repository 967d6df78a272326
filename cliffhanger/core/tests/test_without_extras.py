"""
`make run` installs the package alone, without its extras (redis, postgres,
bench, dev), while `make test` installs them all: so a module of the site
that imports an extra at the top fails only for the people trying it. This
imports every module of the site, and runs preflight and Django's checks, in
a process where each extra's packages cannot be imported.
"""

from cliffhanger.testing.passes import sqlite_pass_only
from cliffhanger.testing.processes import run_python

from .test_preflight import site_environment

# The default site's environment whatever the pass (site_environment()).
pytestmark = sqlite_pass_only

# Top-level modules of the optional extras in pyproject.toml.
EXTRAS_MODULES = [
    "redis",
    "django_redis",
    "psycopg",
    "matplotlib",
    "pyinstrument",
    "pytest",
    "pytest_django",
    "factory",
    "wagtail_factories",
    "hypothesis",
    "feedparser",
    "playwright",
    "schemathesis",
    "openapi_spec_validator",
    "standardwebhooks",
    "aiosmtpd",
]

# Only settings name the Redis backends, and only with REDIS_URL set; the test
# helpers and migrations are not the site's; Django loads the one settings
# module in use (production's refuses to load without SECRET_KEY).
SKIPPED = (
    ".tests",
    ".migrations",
    "cliffhanger.testing",
    "cliffhanger.settings.",
    "cliffhanger.core.redis_cache",
)

SCRIPT = f"""
import importlib, pkgutil, sys
for name in {EXTRAS_MODULES!r}:
    sys.modules[name] = None  # importing it now raises ImportError
from cliffhanger.manage import django_setup
django_setup()
import cliffhanger
for module in pkgutil.walk_packages(cliffhanger.__path__, "cliffhanger."):
    if not any(part in module.name for part in {SKIPPED!r}):
        importlib.import_module(module.name)
from django.core.management import call_command
call_command("preflight")
call_command("check")
print("imported without the extras")
"""


def test_the_site_runs_without_its_optional_extras(tmp_path):
    output = run_python(site_environment(tmp_path), SCRIPT)

    assert "imported without the extras" in output
