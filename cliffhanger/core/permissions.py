"""
Model permissions for the editorial groups, granted after every `migrate`:

    # myapp/apps.py
    def ready(self):
        grant_after_migrate(self, {"Editors": codenames(["show"]), ...})

Groups are made by the newsroom (cliffhanger.newsroom.roles); each app grants
its own models' permissions to them by name, adding only what is missing.
"""

from django.db.models.signals import post_migrate

ALL_ACTIONS = ("add", "change", "delete", "view")


def codenames(model_names, actions=ALL_ACTIONS) -> list[str]:
    return [f"{action}_{model}" for model in model_names for action in actions]


def group_permissions_grant(*, app_label: str, grants: dict[str, list[str]]) -> None:
    from django.contrib.auth.models import Group, Permission

    for group in Group.objects.filter(name__in=grants):
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, codename__in=grants[group.name]
            )
        )


def grant_after_migrate(app_config, grants: dict[str, list[str]]) -> None:
    """Connect a post_migrate receiver that creates the app's permissions, then grants them."""

    def receiver(sender, using="default", **kwargs):
        from django.contrib.auth.management import create_permissions

        create_permissions(sender, verbosity=0, using=using)
        group_permissions_grant(app_label=sender.label, grants=grants)

    # Kept on the config: post_migrate holds receivers weakly.
    app_config.permissions_receiver = receiver
    post_migrate.connect(receiver, sender=app_config)
