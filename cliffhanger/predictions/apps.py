from django.apps import AppConfig


class PredictionsConfig(AppConfig):
    name = "cliffhanger.predictions"
    label = "predictions"
    verbose_name = "Predictions"

    def ready(self):
        from cliffhanger.core.permissions import grant_after_migrate

        from .roles import GROUP_PERMISSIONS

        grant_after_migrate(self, GROUP_PERMISSIONS)
        from cliffhanger.accounts import personal_data as accounts_data
        from cliffhanger.caching.templatetags.fragment_tags import (
            fragment_hole_register,
        )

        from . import cache_rules, personal_data, receivers  # noqa: F401
        from .templatetags.predictions_tags import poll_hole

        cache_rules.connect()
        # A poll placed in an article's body is the reader's own in a kept body.
        fragment_hole_register("poll", poll_hole)
        accounts_data.register(
            "predictions", export=personal_data.predictions_data_export
        )
