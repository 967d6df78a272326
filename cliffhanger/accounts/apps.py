from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cliffhanger.accounts"
    label = "accounts"
    verbose_name = "Readers' accounts"

    def ready(self):
        from cliffhanger.core.scheduler_jobs import job_register
        from cliffhanger.core.slots import slot_add

        from . import jobs, personal_data, receivers, slot_parts
        from .selectors import account_data_export

        receivers.connect()
        personal_data.register("account", export=account_data_export)
        slot_add("header.end", slot_parts.header_link, same_for_every_reader=True)
        # Accounts made for a sign-in code that was never entered (docs/readers.md).
        job_register(jobs.unconfirmed_accounts_prune)
