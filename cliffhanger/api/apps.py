from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read-only open-data API under /api/v1/."""

    name = "cliffhanger.api"
    label = "api"

    def ready(self):
        from cliffhanger.core.permissions import grant_after_migrate

        from . import schema  # noqa: F401  (registers the key's security scheme)
        from .roles import GROUP_PERMISSIONS

        grant_after_migrate(self, GROUP_PERMISSIONS)
