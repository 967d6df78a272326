from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_permissions_after_migrate(sender, using="default", **kwargs):
    from django.contrib.auth.management import create_permissions

    from .roles import discussion_permissions_ensure

    create_permissions(sender, verbosity=0, using=using)
    discussion_permissions_ensure()


class DiscussionConfig(AppConfig):
    name = "cliffhanger.discussion"
    label = "discussion"
    verbose_name = "Discussion"

    def ready(self):
        post_migrate.connect(_ensure_permissions_after_migrate, sender=self)
