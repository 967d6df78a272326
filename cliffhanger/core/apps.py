from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cliffhanger.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import post_save, pre_save
        from django.urls import register_converter
        from wagtail.images import get_image_model

        from . import checks  # noqa: F401 (registers the check)
        from .cache_closing import skip_closing_if_needless
        from .converters import DatabaseIdConverter
        from .db.statistics import planner_statistics_job
        from .heap import large_blocks_returned
        from .renditions import image_saved, image_saving
        from .scheduler_jobs import job_register

        image_model = get_image_model()
        pre_save.connect(image_saving, sender=image_model, dispatch_uid="core.image")
        post_save.connect(image_saved, sender=image_model, dispatch_uid="core.image")

        # Before gunicorn forks its workers (the app is preloaded) and in the
        # task worker: a decoded picture's memory goes back when it is freed.
        large_blocks_returned()

        skip_closing_if_needless(settings.CACHES)

        # <id:…> in every app's URLs: ids too long for the database are 404s.
        register_converter(DatabaseIdConverter, "id")

        job_register(planner_statistics_job)
