from django.apps import AppConfig


class MovingConfig(AppConfig):
    name = "cliffhanger.moving"
    label = "moving"
    verbose_name = "Moving in"
