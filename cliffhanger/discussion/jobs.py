"""Jobs the scheduler runs every round (registered in apps.py)."""

from django.conf import settings

from .models import ModerationDigest
from .tasks import send_moderation_digest


def moderation_digest_enqueue() -> None:
    """Queue today's moderation digest once, when digests are chosen."""
    from django.utils import timezone

    if settings.DISCUSSION_MODERATOR_NOTICES != "digest":
        return
    if not ModerationDigest.objects.filter(sent_on=timezone.localdate()).exists():
        send_moderation_digest.enqueue()
