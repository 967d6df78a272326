from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_roles_after_migrate(sender, using="default", apps=None, **kwargs):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    from .roles import editorial_roles_ensure

    # Permissions are made by auth's own post_migrate receiver, app by app, and
    # the apps after this one have not had their turn yet; make them all now
    # (idempotent) so the groups can point at them.
    for config in global_apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    editorial_roles_ensure()


class NewsroomConfig(AppConfig):
    name = "cliffhanger.newsroom"
    label = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from cliffhanger.core.slots import slot_add

        from . import cache_rules, models, pictures, serving, slot_parts

        models.serving = serving
        slot_add("page.sidebar", slot_parts.sidebar)

        post_migrate.connect(_ensure_roles_after_migrate, sender=self)
        cache_rules.connect()
        pictures.connect()
