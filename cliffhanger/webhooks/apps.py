from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """Signed webhook deliveries of tracker, newsroom and discussion events."""

    name = "cliffhanger.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self):
        from cliffhanger.accounts import personal_data as accounts_data
        from cliffhanger.core.permissions import grant_after_migrate
        from cliffhanger.core.scheduler_jobs import job_register

        from . import jobs, personal_data, receivers
        from .roles import GROUP_PERMISSIONS

        grant_after_migrate(self, GROUP_PERMISSIONS)
        receivers.connect()
        # Before the discussion's eraser: it finds the reader's comments by
        # their account and address, which that eraser takes off them.
        accounts_data.register(
            "webhooks",
            erase=personal_data.deliveries_data_erase,
            order=-10,
        )
        # Deliveries whose task was lost, and pruning old ones (docs/webhooks.md).
        job_register(jobs.deliveries_enqueue_due)
        job_register(jobs.deliveries_prune)
