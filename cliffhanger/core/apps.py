from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cliffhanger.core"
    label = "core"
    verbose_name = "Core"
