"""Reads for newsletter pages: public newsletters and their sent issues."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from .models import DeliveryStatus, Issue, IssueStatus, Newsletter, Subscription

ARCHIVE_LENGTH = 52  # a year of a weekly, on the newsletter's page


def newsletter_list_public() -> QuerySet:
    return Newsletter.objects.filter(is_public=True).order_by("title", "pk")


def newsletter_get_public(*, slug: str) -> Newsletter | None:
    return newsletter_list_public().filter(slug=slug).first()


def issue_list_sent(*, newsletter: Newsletter, limit: int = ARCHIVE_LENGTH) -> QuerySet:
    """Sent issues, newest first, without their contents (a list of links)."""
    return (
        Issue.objects.filter(newsletter=newsletter, status=IssueStatus.SENT)
        .only("pk", "subject", "sent_at", "newsletter_id")
        .order_by("-sent_at", "-pk")[:limit]
    )


def issue_get_sent(*, newsletter: Newsletter, issue_id: int) -> Issue | None:
    return (
        Issue.objects.filter(
            newsletter=newsletter, pk=issue_id, status=IssueStatus.SENT
        )
        .select_related("newsletter")
        .first()
    )


def newsletter_subscriber_counts() -> dict[int, int]:
    """Active subscribers per newsletter id, for the admin, in one query."""
    rows = Newsletter.objects.annotate(
        active=Count(
            "subscriptions",
            filter=Q(
                subscriptions__confirmed_at__isnull=False,
                subscriptions__unsubscribed_at__isnull=True,
            ),
        )
    ).values_list("pk", "active")
    return dict(rows)


def issue_delivery_counts(*, issue: Issue) -> dict[str, int]:
    """How many deliveries of the issue are in each state, for the admin."""
    counts = dict.fromkeys(DeliveryStatus.values, 0)
    for row in (
        issue.deliveries.values("status").annotate(n=Count("pk")).order_by("status")
    ):
        counts[row["status"]] = row["n"]
    return counts


def newsletter_list_for_account(*, account) -> QuerySet:
    """
    Public newsletters, each with `is_subscribed` (the account has an active
    subscription to it), for the toggles on /account/: one query.
    """
    active = Subscription.objects.filter(
        newsletter=OuterRef("pk"),
        account=account,
        confirmed_at__isnull=False,
        unsubscribed_at__isnull=True,
    )
    return newsletter_list_public().annotate(is_subscribed=Exists(active))
