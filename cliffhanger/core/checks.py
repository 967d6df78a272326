"""Django's security.W003 looks for its own CSRF middleware by name; ours subclasses it."""

from django.conf import settings
from django.core import checks

CSRF_MIDDLEWARE = "cliffhanger.core.csrf_check.SharedPageCsrfViewMiddleware"


@checks.register(checks.Tags.security, deploy=True)
def csrf_middleware_installed(app_configs, **kwargs):
    if CSRF_MIDDLEWARE in settings.MIDDLEWARE:
        return []
    return [
        checks.Warning(
            f"{CSRF_MIDDLEWARE} is not in MIDDLEWARE: forms have no CSRF protection.",
            id="cliffhanger.W003",
        )
    ]
