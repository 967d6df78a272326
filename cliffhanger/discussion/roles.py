"""Who may moderate: Editors and Moderators get comments, bans and discussion settings."""

from cliffhanger.core.permissions import codenames

MODERATION = [
    "view_comment",
    "change_comment",
    *codenames(["commenterban"]),
    "change_articlediscussion",
    "view_articlediscussion",
]
GROUP_PERMISSIONS = {"Editors": MODERATION, "Moderators": MODERATION}
