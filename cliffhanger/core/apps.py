from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cliffhanger.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from django.db.models.signals import post_save
        from django.urls import register_converter
        from wagtail.images import get_image_model

        from . import checks  # noqa: F401 (registers the check)
        from .converters import DatabaseIdConverter
        from .renditions import image_saved

        post_save.connect(
            image_saved, sender=get_image_model(), dispatch_uid="core.image_saved"
        )

        # <id:…> in every app's URLs: ids too long for the database are 404s.
        register_converter(DatabaseIdConverter, "id")
