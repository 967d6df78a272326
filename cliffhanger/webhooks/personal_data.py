"""
Webhooks and account deletion: a "comment approved" delivery carries the
commenter's name, website and text. When the reader's account goes, the
deliveries of their comments say "Deleted reader" (and lose the text when the
reader removed their comments), sent or still waiting to go.
"""

from cliffhanger.accounts.personal_data import Holder
from cliffhanger.discussion.personal_data import DELETED_READER, holder_comments

from .models import Delivery, EventType


def deliveries_data_erase(holder: Holder, *, keep_comments: bool) -> None:
    comment_ids = list(holder_comments(holder).values_list("pk", flat=True))
    if not comment_ids:
        return
    deliveries = Delivery.objects.filter(
        event_type=EventType.COMMENT_APPROVED, payload__data__id__in=comment_ids
    )
    for delivery in deliveries.iterator():
        data = delivery.payload.get("data") or {}
        data.update(author_name=DELETED_READER, author_url="")
        if not keep_comments:
            data.update(body="", body_html="")
        delivery.payload["data"] = data
        delivery.save(update_fields=["payload", "updated_at"])
