"""Background work for the tracker (django-tasks; the database backend by default)."""

from django_tasks import task

from .follow_mail import follow_confirmation_send, status_change_notify


@task()
def send_follow_confirmation(follow_id: int) -> None:
    follow_confirmation_send(follow_id=follow_id)


@task()
def notify_followers(change_id: int) -> int:
    return status_change_notify(change_id=change_id)
