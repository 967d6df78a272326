from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "cliffhanger.caching"
    verbose_name = "Page cache"

    def ready(self):
        from . import receivers  # noqa: F401 (connects the invalidation receivers)
