from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "cliffhanger.discussion"
    label = "discussion"
    verbose_name = "Discussion"

    def ready(self):
        from cliffhanger.core.permissions import grant_after_migrate

        from . import cache_rules
        from .roles import GROUP_PERMISSIONS

        grant_after_migrate(self, GROUP_PERMISSIONS)
        cache_rules.connect()
