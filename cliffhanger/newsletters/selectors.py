"""Reads for newsletter pages: public newsletters and their sent issues."""

from django.db.models import Count, Q, QuerySet

from .models import DeliveryStatus, Issue, IssueStatus, Newsletter

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
