"""The newsletters' part of a reader's data download and account deletion."""

from django.db.models import Count, Q, QuerySet

from cliffhanger.accounts.personal_data import Holder

from .models import DeliveryStatus, Subscription


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def holder_subscriptions(holder: Holder) -> QuerySet:
    """Subscriptions made signed in, or anonymously with an address the holder proved."""
    return Subscription.objects.filter(
        Q(account=holder.user) | Q(email__in=holder.emails)
    )


def subscriptions_data_export(holder: Holder) -> list[dict]:
    subscriptions = (
        holder_subscriptions(holder)
        .select_related("newsletter")
        .annotate(
            issues_sent=Count(
                "deliveries", filter=Q(deliveries__status=DeliveryStatus.SENT)
            )
        )
        .order_by("created_at", "pk")
    )
    return [
        {
            "newsletter": subscription.newsletter.title,
            "email": subscription.email,
            "asked_at": subscription.created_at.isoformat(),
            "confirmed_at": _iso(subscription.confirmed_at),
            "unsubscribed_at": _iso(subscription.unsubscribed_at),
            "issues_sent": subscription.issues_sent,
        }
        for subscription in subscriptions
    ]


def subscriptions_data_erase(holder: Holder, *, keep_comments: bool) -> None:
    """Every subscription goes, and the record of each issue sent to it."""
    holder_subscriptions(holder).delete()
