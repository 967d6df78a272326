from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cliffhanger.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from django.urls import register_converter

        from . import checks  # noqa: F401 (registers the check)
        from .converters import DatabaseIdConverter

        # <id:…> in every app's URLs: ids too long for the database are 404s.
        register_converter(DatabaseIdConverter, "id")
