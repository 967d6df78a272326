"""
The newsletters' part of the demo site: a weekly "Renewal alerts" and a
"Daily headlines" for the Entertainment section, both public, and one sent
issue of the renewal alerts in its archive (the demo's status changes). No
subscribers. Idempotent: matched by slug, and the issue is made only while the
newsletter has none.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from cliffhanger.newsroom.models import SectionPage

from .issues import issue_compose
from .models import Cadence, IssueStatus, Newsletter, NewsletterKind, Weekday

NEWSLETTERS = [
    {
        "slug": "renewal-alerts",
        "title": "Renewal alerts, weekly",
        "description": (
            "Every renewal, cancellation and premiere date recorded this week, "
            "with what our readers had predicted."
        ),
        "kind": NewsletterKind.RENEWALS,
        "cadence": Cadence.WEEKLY,
        "send_weekday": Weekday.FRIDAY,
        "send_hour": 16,
    },
    {
        "slug": "daily-headlines-entertainment",
        "title": "Daily headlines: Entertainment",
        "description": "The Entertainment section's new articles, each morning.",
        "kind": NewsletterKind.HEADLINES,
        "cadence": Cadence.DAILY,
        "send_hour": 7,
        "section_slug": "entertainment",
    },
]


def load() -> dict:
    created = {"newsletters": 0, "issues": 0}
    for spec in NEWSLETTERS:
        spec = dict(spec)
        section_slug = spec.pop("section_slug", None)
        if section_slug:
            spec["section"] = SectionPage.objects.filter(slug=section_slug).first()
        newsletter, made = Newsletter.objects.get_or_create(
            slug=spec.pop("slug"), defaults=spec
        )
        created["newsletters"] += made
        if (
            newsletter.kind == NewsletterKind.RENEWALS
            and not newsletter.issues.exists()
        ):
            created["issues"] += _sent_issue_ensure(newsletter)
    return created


def _sent_issue_ensure(newsletter: Newsletter) -> int:
    now = timezone.now()
    try:
        issue = issue_compose(
            newsletter=newsletter, since=now - timedelta(days=7), until=now
        )
    except ValidationError:
        return 0
    issue.intro = (
        "A demo issue: the status changes the demo site recorded, as subscribers "
        "would have received them."
    )
    issue.status, issue.started_at, issue.sent_at = IssueStatus.SENT, now, now
    issue.save()
    return 1
