"""Background work for the discussion (django-tasks; the database backend by default)."""

from django_tasks import task

from .notifications import (
    held_comment_notify,
    moderation_digest_send,
    reply_confirmation_send,
    reply_notify,
)


@task()
def notify_held_comment(comment_id: int) -> int:
    return held_comment_notify(comment_id=comment_id)


@task()
def notify_reply(reply_id: int) -> bool:
    return reply_notify(reply_id=reply_id)


@task()
def confirm_reply_address(comment_id: int) -> bool:
    return reply_confirmation_send(comment_id=comment_id)


@task()
def send_moderation_digest() -> int:
    return moderation_digest_send()
