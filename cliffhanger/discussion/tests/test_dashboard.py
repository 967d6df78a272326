"""The dashboard's "Last 30 days" panel: its numbers are the database's."""

import re
import xml.etree.ElementTree as ET
from datetime import datetime, time, timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone
from django.utils.dateformat import format as format_date

from cliffhanger.discussion.dashboard import dashboard_charts, dashboard_days
from cliffhanger.discussion.models import Comment, CommentStatus, ModerationAction
from cliffhanger.discussion.selectors import moderation_queue_sizes
from cliffhanger.discussion.services import comment_approve, comment_moderate
from cliffhanger.newsroom.models import ArticleDailyViews
from cliffhanger.newsroom.services import article_views_record

from .factories import make_comment

FIGURE = re.compile(r'<figure class="chart .*?</figure>', re.DOTALL)


def noon(days_ago: int) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(12)))


def posted(article, days_ago: int, **extra) -> Comment:
    comment = make_comment(article, **extra)
    Comment.objects.filter(pk=comment.pk).update(created_at=noon(days_ago))
    return comment


def moderated(comment, change, days_ago: int) -> None:
    """A moderation step (a service call) dated `days_ago` in its audit row."""
    change(comment)
    latest = ModerationAction.objects.filter(comment=comment).order_by("-pk")[0]
    ModerationAction.objects.filter(pk=latest.pk).update(created_at=noon(days_ago))


def hold(comment):
    comment_moderate(comment=comment, status=CommentStatus.PENDING, reason="reports")


def approve(comment):
    comment_approve(comment=comment)


def tables(html: str) -> dict[str, list[list[str]]]:
    """Each chart's hidden table, by the chart's id."""
    found = {}
    for markup in FIGURE.findall(html):
        figure = ET.fromstring(markup)
        found[figure.get("id")] = [
            ["".join(cell.itertext()) for cell in row]
            for row in figure.find(".//table/tbody")
        ]
    return found


def chart_tables() -> dict[str, list[list[str]]]:
    """The panel's three charts' tables, by chart id."""
    found = {}
    for item in dashboard_charts(today=timezone.localdate()):
        found.update(tables(str(item["chart"])))
    return found


def queue_on(day) -> int:
    """The queue at the end of `day`, straight from the audit trail, forwards."""
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    size = 0
    for comment in Comment.objects.all():
        steps = comment.moderation_actions.filter(created_at__lt=end).order_by(
            "created_at", "pk"
        )
        last = steps.last()
        size += bool(last and last.to_status == CommentStatus.PENDING)
    return size


@pytest.fixture
def activity(article, other_article):
    today = timezone.localdate()
    article_views_record(
        readings={
            *((article.pk, today - timedelta(days=2), f"r{n}") for n in range(5)),
            *((other_article.pk, today - timedelta(days=2), f"s{n}") for n in range(2)),
            *((article.pk, today, f"t{n}") for n in range(3)),
            (article.pk, today - timedelta(days=45), "old"),  # outside the 30 days
        }
    )
    first = posted(article, 20)
    second = posted(article, 10, body="Second")
    third = posted(other_article, 10, body="Third")
    posted(article, 0, body="Today")
    posted(article, 40, body="Long ago")
    moderated(first, hold, 12)
    moderated(second, hold, 9)
    moderated(third, hold, 9)
    moderated(first, approve, 5)
    moderated(second, approve, 0)


def test_views_per_day_are_the_daily_counts_most_popular_sums(activity):
    days = dashboard_days(today=timezone.localdate())

    rows = chart_tables()["dashboard-views"]

    assert len(rows) == 30
    for day, (label, views) in zip(days, rows, strict=True):
        stored = ArticleDailyViews.objects.filter(day=day).aggregate(n=Sum("views"))
        assert label == format_date(day, "j M")
        assert int(views) == (stored["n"] or 0)
    assert [int(v) for _, v in rows][-3:] == [7, 0, 3]


def test_comments_per_day_count_every_comment_posted_that_day(activity):
    days = dashboard_days(today=timezone.localdate())

    rows = chart_tables()["dashboard-comments"]

    for day, (_, count) in zip(days, rows, strict=True):
        posted_then = [
            c
            for c in Comment.objects.all()
            if timezone.localtime(c.created_at).date() == day
        ]
        assert int(count) == len(posted_then)
    assert sum(int(count) for _, count in rows) == 4  # not the one 40 days ago


def test_the_queue_each_day_is_what_the_audit_trail_says(activity):
    days = dashboard_days(today=timezone.localdate())

    rows = chart_tables()["dashboard-queue"]

    assert [int(size) for _, size in rows] == [queue_on(day) for day in days]
    # Held 12 days ago, two more 9 days ago, one approved 5 days ago and one today.
    sizes = [int(size) for _, size in rows]
    assert sizes[-14:] == [0, 1, 1, 1, 3, 3, 3, 3, 2, 2, 2, 2, 2, 1]  # 13 days ago on
    assert int(rows[-1][1]) == Comment.objects.filter(status="pending").count()


def test_the_queue_takes_two_queries(activity, django_assert_num_queries):
    today = timezone.localdate()

    with django_assert_num_queries(2):
        moderation_queue_sizes(since=today - timedelta(days=29), until=today)


class TestPanel:
    def test_an_editor_sees_the_panel_with_the_charts(self, client, editor, activity):
        client.force_login(editor)

        html = client.get("/admin/").text

        assert 'id="newsroom-activity' in html and "Last 30 days" in html
        found = tables(html)
        assert set(found) == {
            "dashboard-views",
            "dashboard-comments",
            "dashboard-queue",
        }
        assert '<div class="chart__data w-sr-only"><table' in html
        assert "cliffhanger/css/admin-charts.css" in html

    def test_a_moderator_sees_it_too(self, client, moderator):
        client.force_login(moderator)

        assert "Last 30 days" in client.get("/admin/").text

    def test_a_writer_does_not(self, client, writer):
        client.force_login(writer)

        response = client.get("/admin/")

        assert response.status_code == 200 and "Last 30 days" not in response.text

    def test_an_anonymous_visitor_is_sent_to_log_in(self, client, activity):
        response = client.get("/admin/")

        assert response.status_code == 302 and "/login/" in response["Location"]
        assert "Last 30 days" not in client.get("/admin/", follow=True).text
