from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "cliffhanger.caching"
    verbose_name = "Page cache"

    def ready(self):
        from . import checks  # noqa: F401 (registers the check)
