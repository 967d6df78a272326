from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "cliffhanger.caching"
    verbose_name = "Page cache"

    def ready(self):
        from cliffhanger.core.cache_failsafe import on_recovery

        from .dependencies import epoch_renew

        on_recovery(epoch_renew)
