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
        from cliffhanger.caching.fragment_holes import (
            fragment_hole_register,
        )
        from cliffhanger.core.scheduler_jobs import job_register
        from cliffhanger.core.slots import slot_add
        from cliffhanger.tracker.selectors import board_extras_register

        from . import (  # noqa: F401 (receivers: connected on import)
            cache_rules,
            jobs,
            personal_data,
            poll_parts,
            receivers,
            selectors,
        )

        cache_rules.connect()
        # A poll placed in an article's body is the reader's own in a kept body.
        fragment_hole_register("poll", poll_parts.poll_hole)
        accounts_data.register(
            "predictions", export=personal_data.predictions_data_export
        )
        slot_add("article.after_body", poll_parts.article_polls)
        slot_add("show.status", poll_parts.season_forecast)
        slot_add("show.after_history", poll_parts.show_predictions)
        slot_add("board.head", "predictions/includes/board_forecast_head.html")
        slot_add("board.row", "predictions/includes/board_forecast_cell.html")
        # The board.row template shows row.extras["forecast"], added in one query.
        board_extras_register(selectors.board_rows_add_forecasts)
        # Polls open and close by the clock: their kept copies go stale then.
        job_register(jobs.poll_turns_invalidate)
