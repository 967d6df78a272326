from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    """Newsletters editors define, readers subscribe to, and the task worker sends."""

    name = "cliffhanger.newsletters"
    label = "newsletters"
    verbose_name = "Newsletters"

    def ready(self):
        from cliffhanger.accounts import personal_data as accounts_data
        from cliffhanger.core.permissions import grant_after_migrate
        from cliffhanger.core.scheduler_jobs import job_register
        from cliffhanger.core.slots import slot_add

        from . import jobs, personal_data, receivers
        from .roles import GROUP_PERMISSIONS

        grant_after_migrate(self, GROUP_PERMISSIONS)
        receivers.connect()
        accounts_data.register(
            "newsletter_subscriptions",
            export=personal_data.subscriptions_data_export,
            erase=personal_data.subscriptions_data_erase,
        )
        slot_add("account.sections", "newsletters/includes/account_section.html")
        # Issues composed, sent and resumed on schedule (docs/newsletters.md).
        job_register(jobs.issues_compose_due)
        job_register(jobs.issues_send_due)
        job_register(jobs.issues_resume_stalled)
