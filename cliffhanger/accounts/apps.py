from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cliffhanger.accounts"
    label = "accounts"
    verbose_name = "Readers' accounts"

    def ready(self):
        from . import personal_data, receivers
        from .selectors import account_data_export

        receivers.connect()
        personal_data.register("account", export=account_data_export)
