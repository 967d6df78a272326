"""Reader pages: the list, a newsletter, its archive; hostile titles; query counts."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cliffhanger.newsletters.models import Issue, IssueStatus

from .factories import NewsletterFactory

RTL_TITLE = "\u202eHeadlines reversed\u202c " + "W" * 95  # 120 characters


def _sent_issue(newsletter, number: int) -> Issue:
    now = timezone.now()
    return Issue.objects.create(
        newsletter=newsletter,
        subject=f"Issue number {number}",
        content_html=f"<p>Contents of issue {number}</p>",
        content_text=f"Contents of issue {number}",
        period_start=now,
        period_end=now,
        status=IssueStatus.SENT,
        sent_at=now,
    )


def test_the_list_shows_public_newsletters_with_a_form_each(client, newsletter):
    NewsletterFactory(title="Hidden one", is_public=False)

    page = client.get("/newsletters/")

    assert page.status_code == 200
    assert "Daily headlines" in page.text and "Hidden one" not in page.text
    assert 'action="/newsletters/daily-headlines/subscribe/"' in page.text


def test_an_archived_issue_is_shown_and_others_are_not(client, newsletter):
    sent = _sent_issue(newsletter, 1)
    draft = _sent_issue(newsletter, 2)
    draft.status = IssueStatus.DRAFT
    draft.save()

    shown = client.get(f"/newsletters/daily-headlines/{sent.pk}/")

    assert shown.status_code == 200 and "Contents of issue 1" in shown.text
    assert client.get(f"/newsletters/daily-headlines/{draft.pk}/").status_code == 404
    assert client.get(f"/newsletters/other/{sent.pk}/").status_code == 404
    detail = client.get("/newsletters/daily-headlines/")
    assert "Issue number 1" in detail.text and "Issue number 2" not in detail.text


def _archive_query_counts(client, issue) -> dict:
    counts = {}
    for name, url in (
        ("list", "/newsletters/"),
        ("detail", "/newsletters/daily-headlines/"),
        ("issue", f"/newsletters/daily-headlines/{issue.pk}/"),
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[name] = len(queries)
    return counts


def test_archive_pages_run_a_constant_number_of_queries(client, newsletter):
    first = _sent_issue(newsletter, 0)
    client.get("/newsletters/")  # warm per-process caches (site, menus)
    one = _archive_query_counts(client, first)
    more = [_sent_issue(newsletter, number) for number in range(1, 30)]

    thirty = _archive_query_counts(client, more[-1])

    assert one == thirty
    # The page's own reads: the newsletter(s), then the issue list or the issue;
    # the rest is the site's frame (menus, sidebar), cached with a shared cache.
    assert thirty["list"] <= 3 and thirty["detail"] <= 4 and thirty["issue"] <= 4


def test_hostile_titles_are_escaped_isolated_and_wrap(client, db):
    newsletter = NewsletterFactory(
        title=RTL_TITLE, slug="hostile", description="<b>bold</b> " + "x" * 280
    )
    issue = _sent_issue(newsletter, 1)
    issue.subject = RTL_TITLE[:200]
    issue.save()

    pages = [
        client.get(url).text
        for url in (
            "/newsletters/",
            "/newsletters/hostile/",
            f"/newsletters/hostile/{issue.pk}/",
        )
    ]

    for page in pages:
        assert "<b>bold</b>" not in page
        # Each title is laid out on its own (dir="auto"; CSS isolates and wraps it).
        titles = re.findall(r'<(?:a|h1|span)[^>]*dir="auto"[^>]*>\u202e', page)
        assert titles
    css = client.get("/static/cliffhanger/css/site.css")
    text = b"".join(css.streaming_content).decode()
    assert ".newsletter__title" in text and "overflow-wrap: anywhere" in text
