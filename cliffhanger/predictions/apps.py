from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_permissions_after_migrate(sender, using="default", **kwargs):
    from django.contrib.auth.management import create_permissions

    from .roles import predictions_permissions_ensure

    create_permissions(sender, verbosity=0, using=using)
    predictions_permissions_ensure()


class PredictionsConfig(AppConfig):
    name = "cliffhanger.predictions"
    label = "predictions"
    verbose_name = "Predictions"

    def ready(self):
        post_migrate.connect(_ensure_permissions_after_migrate, sender=self)
        from . import receivers  # noqa: F401
