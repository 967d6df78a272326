"""Comment permissions for the newsroom's groups (see cliffhanger.newsroom.roles)."""

from django.contrib.auth.models import Group, Permission

COMMENT_PERMISSIONS = [
    "view_comment",
    "change_comment",
    "add_commenterban",
    "change_commenterban",
    "delete_commenterban",
    "view_commenterban",
    "change_articlediscussion",
    "view_articlediscussion",
]
GROUPS_WITH_COMMENT_ACCESS = ["Editors", "Moderators"]


def discussion_permissions_ensure() -> None:
    permissions = Permission.objects.filter(
        content_type__app_label="discussion", codename__in=COMMENT_PERMISSIONS
    )
    for group in Group.objects.filter(name__in=GROUPS_WITH_COMMENT_ACCESS):
        group.permissions.add(*permissions)
