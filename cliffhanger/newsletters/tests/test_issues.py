"""Composing issues from the news, and the scheduler's jobs."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cliffhanger.newsletters.issues import (
    ISSUE_NOTHING_NEW,
    ISSUE_SEND_AT_PAST,
    issue_compose,
    issue_schedule,
)
from cliffhanger.newsletters.jobs import (
    issues_compose_due,
    issues_send_due,
    slot_latest,
)
from cliffhanger.newsletters.models import (
    Cadence,
    Issue,
    IssueStatus,
    NewsletterKind,
    Weekday,
)
from cliffhanger.newsroom.tests.factories import ArticlePageFactory, SectionPageFactory
from cliffhanger.tracker.services import season_status_record
from cliffhanger.tracker.tests.factories import SeasonFactory

from .factories import NewsletterFactory


class TestHeadlines:
    def test_lists_the_periods_public_articles_of_the_section(
        self, newsletter, section, articles, home
    ):
        other = SectionPageFactory(parent=home, title="Sport", slug="sport")
        ArticlePageFactory(parent=other, title="Elsewhere", slug="elsewhere")
        ArticlePageFactory(
            parent=section,
            title="Old news",
            slug="old-news",
            first_published_at=timezone.now() - timedelta(days=5),
        )
        draft = ArticlePageFactory(parent=section, title="Not yet", slug="not-yet")
        draft.unpublish()
        newsletter.section = section
        newsletter.save()

        issue = issue_compose(newsletter=newsletter)

        assert issue.subject == "Daily headlines: Story 0 and 2 more"
        for title in ("Story 0", "Story 1", "Story 2"):
            assert title in issue.content_html and title in issue.content_text
        for title in ("Elsewhere", "Old news", "Not yet"):
            assert title not in issue.content_html
        assert issue.status == IssueStatus.DRAFT

    def test_nothing_new_makes_no_issue(self, newsletter):
        with pytest.raises(ValidationError, match=ISSUE_NOTHING_NEW):
            issue_compose(newsletter=newsletter)

        assert Issue.objects.count() == 0

    def test_hostile_titles_are_escaped(self, newsletter, section):
        ArticlePageFactory(
            parent=section, title="<script>alert(1)</script>", slug="hostile"
        )

        issue = issue_compose(newsletter=newsletter)

        assert "<script>" not in issue.content_html
        assert "&lt;script&gt;" in issue.content_html


class TestRenewals:
    def test_lists_the_weeks_changes_with_reader_forecasts(self, db):
        from cliffhanger.predictions.models import Poll, PollOption

        season = SeasonFactory(show__title="Partner Track", number=2)
        poll = Poll.objects.create(question="Season 3?", season=season)
        PollOption.objects.create(
            poll=poll, label="Yes", outcome="renewed", vote_count=3
        )
        PollOption.objects.create(
            poll=poll, label="No", outcome="cancelled", vote_count=1
        )
        season_status_record(
            season=season,
            status="cancelled",
            effective_date=date(2022, 11, 8),
            source_outlet="Deadline",
        )
        newsletter = NewsletterFactory(
            title="Renewal alerts", kind=NewsletterKind.RENEWALS, cadence=Cadence.WEEKLY
        )

        issue = issue_compose(newsletter=newsletter)

        assert issue.subject == "Renewal alerts: 1 status change this week"
        assert "Partner Track" in issue.content_html
        assert "Cancelled" in issue.content_text
        assert "75% expected a renewal (4 votes)" in issue.content_text


class TestSchedule:
    def test_a_past_time_is_refused(self, newsletter, articles):
        issue = issue_compose(newsletter=newsletter)

        with pytest.raises(ValidationError, match=ISSUE_SEND_AT_PAST):
            issue_schedule(issue=issue, send_at=timezone.now() - timedelta(minutes=1))

    def test_a_scheduled_issue_is_sent_when_due(
        self, newsletter, articles, subscribers, django_capture_on_commit_callbacks
    ):
        from django.core import mail

        subscribers(3)
        issue = issue_compose(newsletter=newsletter)
        issue_schedule(issue=issue, send_at=timezone.now() + timedelta(hours=1))

        assert issues_send_due() == 0
        with django_capture_on_commit_callbacks(execute=True):
            assert issues_send_due(now=timezone.now() + timedelta(hours=2)) == 1

        issue.refresh_from_db()
        assert issue.status == IssueStatus.SENT and len(mail.outbox) == 3


class TestSlots:
    @pytest.mark.parametrize(
        ("cadence", "now", "slot"),
        [
            (
                "daily",
                datetime(2026, 3, 4, 8, 0, tzinfo=UTC),
                datetime(2026, 3, 4, 7, tzinfo=UTC),
            ),
            (
                "daily",
                datetime(2026, 3, 4, 6, 59, tzinfo=UTC),
                datetime(2026, 3, 3, 7, tzinfo=UTC),
            ),
            # 4 March 2026 is a Wednesday; the weekly goes on Mondays at 07:00.
            (
                "weekly",
                datetime(2026, 3, 4, 8, 0, tzinfo=UTC),
                datetime(2026, 3, 2, 7, tzinfo=UTC),
            ),
            (
                "weekly",
                datetime(2026, 3, 2, 6, 0, tzinfo=UTC),
                datetime(2026, 2, 23, 7, tzinfo=UTC),
            ),
        ],
    )
    def test_latest_slot(self, cadence, now, slot):
        newsletter = NewsletterFactory.build(
            cadence=cadence, send_hour=7, send_weekday=Weekday.MONDAY
        )

        assert slot_latest(newsletter, now) == slot

    def test_composes_once_per_slot_and_never_before_the_newsletter_existed(
        self, newsletter, articles, subscribers, django_capture_on_commit_callbacks
    ):
        from django.core import mail

        subscribers(2)
        now = timezone.now()
        newsletter.send_hour = now.hour
        newsletter.created_at = now - timedelta(days=2)
        newsletter.save()
        type(newsletter).objects.filter(pk=newsletter.pk).update(
            created_at=now - timedelta(days=2)
        )

        with django_capture_on_commit_callbacks(execute=True):
            assert issues_compose_due(now=now) == 1
            assert issues_compose_due(now=now + timedelta(minutes=1)) == 0

        issue = Issue.objects.get()
        assert issue.status == IssueStatus.SENT and len(mail.outbox) == 2
        assert issue.slot_at == slot_latest(newsletter, now)

    def test_a_new_newsletter_waits_for_its_next_slot(self, newsletter, articles):
        assert issues_compose_due(now=timezone.now()) == 0

    def test_an_inactive_newsletter_is_left_alone(self, newsletter, articles):
        newsletter.is_active = False
        newsletter.save()

        assert issues_compose_due(now=timezone.now() + timedelta(days=2)) == 0
