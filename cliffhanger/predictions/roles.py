from django.contrib.auth.models import Group, Permission


def predictions_permissions_ensure() -> None:
    permissions = Permission.objects.filter(
        content_type__app_label="predictions",
        codename__in=[
            f"{a}_{m}"
            for m in ("poll", "polloption")
            for a in ("add", "change", "delete", "view")
        ],
    )
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*permissions)
