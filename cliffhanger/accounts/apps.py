from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cliffhanger.accounts"
    label = "accounts"
    verbose_name = "Readers' accounts"

    def ready(self):
        from . import receivers

        receivers.connect()
