from django.apps import AppConfig


class PredictionsConfig(AppConfig):
    name = "cliffhanger.predictions"
    label = "predictions"
    verbose_name = "Predictions"

    def ready(self):
        from . import receivers  # noqa: F401
