from django.apps import AppConfig


class PredictionsConfig(AppConfig):
    name = "cliffhanger.predictions"
    label = "predictions"
    verbose_name = "Predictions"

    def ready(self):
        from cliffhanger.core.permissions import grant_after_migrate

        from .roles import GROUP_PERMISSIONS

        grant_after_migrate(self, GROUP_PERMISSIONS)
        from . import receivers  # noqa: F401
