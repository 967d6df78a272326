"""Create the first admin account; its password is printed once or read from env."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create a superuser named by ADMIN_USERNAME (default 'admin') if none exists."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        username = os.environ.get("ADMIN_USERNAME", "admin")
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Admin account '{username}' already exists.")
            return
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser(
            username=username,
            email=os.environ.get("ADMIN_EMAIL", ""),
            password=password,
        )
        if os.environ.get("ADMIN_PASSWORD"):
            self.stdout.write(
                f"Created admin account '{username}' with ADMIN_PASSWORD."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created admin account '{username}' with password: {password}\n"
                    "It is shown only this once; change it at /admin/account/."
                )
            )
