"""The tracker's part of a reader's data download and account deletion: show follows."""

from django.db.models import Count, Q, QuerySet

from cliffhanger.accounts.personal_data import Holder

from .models import ShowFollow


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def holder_follows(holder: Holder) -> QuerySet:
    """Follows made signed in, or anonymously with an address the holder proved."""
    return ShowFollow.objects.filter(
        Q(account=holder.user) | Q(email__in=holder.emails)
    ).select_related("show")


def follows_data_export(holder: Holder) -> list[dict]:
    return [
        {
            "show": follow.show.title,
            "email": follow.email,
            "asked_at": follow.created_at.isoformat(),
            "confirmed_at": _iso(follow.confirmed_at),
            "unsubscribed_at": _iso(follow.unsubscribed_at),
            "status_emails_sent": follow.emails_sent,
        }
        for follow in holder_follows(holder)
        .annotate(emails_sent=Count("notifications"))
        .order_by("created_at", "pk")
    ]


def follows_data_erase(holder: Holder, *, keep_comments: bool) -> None:
    """Every follow goes, and with it the record of what was mailed."""
    holder_follows(holder).delete()
