from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """Signed webhook deliveries of tracker, newsroom and discussion events."""

    name = "cliffhanger.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self):
        from . import receivers

        receivers.connect()
