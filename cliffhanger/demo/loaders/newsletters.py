"""
The newsletters' part of the demo site: a weekly "Renewal alerts" and a
"Daily headlines" for the Entertainment section, both public, and one sent
issue of the renewal alerts in its archive (the demo's status changes). No
subscribers (data/newsletters.json). Idempotent: matched by slug, and the
issue is made only while the newsletter has none.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from cliffhanger.newsletters.issues import issue_compose
from cliffhanger.newsletters.models import IssueStatus, Newsletter, NewsletterKind
from cliffhanger.newsroom.models import SectionPage

from ..content import demo_data


def load() -> dict:
    """Create the demo's newsletters and one sent issue; returns how many of each."""
    data = demo_data("newsletters")
    created = {"newsletters": 0, "issues": 0}
    for spec in data["newsletters"]:
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
            created["issues"] += _sent_issue_ensure(
                newsletter, intro=data["issue_intro"]
            )
    return created


def _sent_issue_ensure(newsletter: Newsletter, *, intro: str) -> int:
    now = timezone.now()
    try:
        issue = issue_compose(
            newsletter=newsletter, since=now - timedelta(days=7), until=now
        )
    except ValidationError:
        return 0
    issue.intro = intro
    issue.status, issue.started_at, issue.sent_at = IssueStatus.SENT, now, now
    issue.save()
    return 1
