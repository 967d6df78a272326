"""Background work for webhooks: each attempt to send a delivery is a task."""

from django_tasks import task

from .services import delivery_attempt_make


@task()
def delivery_send(delivery_id: int, replay: bool = False) -> str:
    """One attempt (see delivery_attempt_make); a retry is another task, deferred."""
    return delivery_attempt_make(delivery_id=delivery_id, replay=replay)
