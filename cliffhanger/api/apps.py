from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read-only open-data API under /api/v1/."""

    name = "cliffhanger.api"
    label = "api"
