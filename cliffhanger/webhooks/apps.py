from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """Signed webhook deliveries of tracker, newsroom and discussion events."""

    name = "cliffhanger.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self):
        from cliffhanger.core.permissions import grant_after_migrate

        from . import receivers
        from .roles import GROUP_PERMISSIONS

        grant_after_migrate(self, GROUP_PERMISSIONS)
        receivers.connect()
