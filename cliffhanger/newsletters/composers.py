"""
What an issue is made of, per newsletter kind: a composer reads the period's
news through the other apps' selectors and returns the issue's content, or
None when there is nothing to send.

    @composer(NewsletterKind.HEADLINES)
    def headlines(*, newsletter, since, until) -> Composed | None: ...

    composed = issue_content_compose(newsletter=n, since=s, until=u)

The content is rendered once, with the kind's templates
(newsletters/issue/<kind>.html and .txt), and stored on the issue: the
archive page and every mail show exactly that.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.template.loader import render_to_string

from cliffhanger.core.http import site_url
from cliffhanger.newsroom.selectors import article_list_published_between
from cliffhanger.predictions.selectors import season_forecasts
from cliffhanger.tracker.selectors import status_change_list_recorded_between

from .mail import one_line
from .models import Newsletter, NewsletterKind

MAX_ITEMS = 50  # an issue is a digest, not an archive


@dataclass
class Composed:
    subject: str
    items: list = field(default_factory=list)


@dataclass
class Content:
    subject: str
    html: str
    text: str


COMPOSERS: dict[str, Callable[..., Composed | None]] = {}


def composer(kind: str):
    def register(function):
        COMPOSERS[kind] = function
        return function

    return register


@composer(NewsletterKind.HEADLINES)
def headlines(*, newsletter: Newsletter, since, until) -> Composed | None:
    section = newsletter.section.specific if newsletter.section_id else None
    articles = list(
        article_list_published_between(since=since, until=until, section=section)[
            :MAX_ITEMS
        ]
    )
    if not articles:
        return None
    items = [
        {
            "title": article.title,
            "dek": article.dek,
            "url": site_url(article.url or ""),
            "published_at": article.first_published_at,
            "authors": [link.author.name for link in article.article_authors.all()],
        }
        for article in articles
    ]
    lead = one_line(articles[0].title)
    more = f" and {len(articles) - 1} more" if len(articles) > 1 else ""
    return Composed(subject=f"{one_line(newsletter.title)}: {lead}{more}", items=items)


@composer(NewsletterKind.RENEWALS)
def renewals(*, newsletter: Newsletter, since, until) -> Composed | None:
    changes = list(status_change_list_recorded_between(since=since, until=until))
    if not changes:
        return None
    forecasts = season_forecasts(
        season_ids={change.season_id for change in changes}, include_resolved=True
    )
    items = []
    for change in changes[:MAX_ITEMS]:
        show = change.season.show
        items.append(
            {
                "show": show.title,
                "network": show.network.name if show.network_id else "",
                "season": change.season.number,
                "status": change.get_status_display(),
                "effective_date": change.effective_date,
                "note": change.note,
                "source": change.source_outlet,
                "source_url": change.source_url,
                "url": site_url(show.get_absolute_url()),
                "forecast": forecasts.get(change.season_id),
            }
        )
    count = len(changes)
    noun = "change" if count == 1 else "changes"
    return Composed(
        subject=f"{one_line(newsletter.title)}: {count} status {noun} this week"
        if newsletter.cadence == "weekly"
        else f"{one_line(newsletter.title)}: {count} status {noun}",
        items=items,
    )


def issue_content_compose(*, newsletter: Newsletter, since, until) -> Content | None:
    """The rendered content of the newsletter's issue for [since, until), or None if empty."""
    composed = COMPOSERS[newsletter.kind](
        newsletter=newsletter, since=since, until=until
    )
    if composed is None:
        return None
    context = {
        "newsletter": newsletter,
        "items": composed.items,
        "since": since,
        "until": until,
    }
    name = f"newsletters/issue/{newsletter.kind}"
    return Content(
        subject=composed.subject[:200],
        html=render_to_string(f"{name}.html", context),
        text=render_to_string(f"{name}.txt", context),
    )
