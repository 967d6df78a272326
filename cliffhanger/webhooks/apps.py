from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """Signed webhook deliveries of tracker, newsroom and discussion events."""

    name = "cliffhanger.webhooks"
    label = "webhooks"
