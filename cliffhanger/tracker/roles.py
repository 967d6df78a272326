"""Tracker permissions for Editors: everything, except rewriting recorded history."""

from django.contrib.auth.models import Group, Permission

EDITABLE_MODELS = [
    "network",
    "person",
    "genre",
    "show",
    "season",
    "statement",
    "castmember",
]
APPEND_ONLY_MODELS = ["seasonstatuschange"]


def tracker_permissions_ensure() -> None:
    codenames = [
        f"{action}_{model}"
        for model in EDITABLE_MODELS
        for action in ("add", "change", "delete", "view")
    ] + [
        f"{action}_{model}"
        for model in APPEND_ONLY_MODELS
        for action in ("add", "view")
    ]
    permissions = Permission.objects.filter(
        content_type__app_label="tracker", codename__in=codenames
    )
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*permissions)
    for group in Group.objects.filter(name="Writers"):
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="tracker",
                codename__in=["view_show", "view_season", "view_statement"],
            )
        )
