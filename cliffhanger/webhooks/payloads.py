"""
The `data` of each event: public facts only, in the open-data API's words
(statuses as code and label, sources as outlet and URL, absolute links).
Each builder returns None when the thing is not public (a draft or a
view-restricted article, a comment not approved or on such an article), and
then nothing is sent. No e-mail address, IP hash or editor's name leaves here.
"""

from cliffhanger.core.http import site_url
from cliffhanger.discussion.selectors import comment_get_public
from cliffhanger.newsroom.selectors import article_get_live
from cliffhanger.predictions.selectors import poll_results
from cliffhanger.tracker.selectors import season_current_change


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _show(show) -> dict:
    return {
        "slug": show.slug,
        "title": show.title,
        "url": site_url(show.get_absolute_url()),
        "network": {"name": show.network.name, "slug": show.network.slug},
    }


def _article_link(article) -> dict:
    return {"id": article.pk, "title": article.title, "url": site_url(article.url)}


def season_status_data(*, change) -> dict:
    """A recorded status change; `is_current` is false for a late entry about the past."""
    season = change.season
    current = season_current_change(season=season)
    return {
        "id": change.pk,
        "season": {
            "id": season.pk,
            "number": season.number,
            "url": site_url(f"{season.show.get_absolute_url()}#season-{season.number}"),
            "show": _show(season.show),
        },
        "status": change.status,
        "status_label": str(change.get_status_display()),
        "effective_date": _iso(change.effective_date),
        "recorded_at": _iso(change.recorded_at),
        "note": change.note,
        "source": {"outlet": change.source_outlet, "url": change.source_url},
        "is_current": current is not None and current.pk == change.pk,
    }


def article_data(*, article_id: int) -> dict | None:
    """A live, public article's summary (no body: the API serves it), else None."""
    article = article_get_live(article_id=article_id)
    if article is None:
        return None
    section = article.get_parent()
    links = article.article_authors.select_related("author").order_by("sort_order")
    return {
        **_article_link(article),
        "dek": article.dek,
        "section": {"title": section.title, "slug": section.slug},
        "authors": [{"name": a.author.name, "slug": a.author.slug} for a in links],
        "tags": sorted(tag.slug for tag in article.tags.all()),
        "first_published_at": _iso(article.first_published_at),
        "last_published_at": _iso(article.last_published_at),
        "updates": [
            {"updated_at": _iso(update.updated_at), "note": update.note}
            for update in article.updates.order_by("updated_at")
        ],
    }


def comment_data(*, comment_id: int) -> dict | None:
    """An approved comment on a live, public article, without its author's e-mail or address."""
    comment = comment_get_public(comment_id=comment_id)
    if comment is None:
        return None
    return {
        "id": comment.pk,
        "url": site_url(comment.get_absolute_url()),
        "article": _article_link(comment.article),
        "parent_id": comment.parent_id,
        "author_name": comment.author_name,
        "author_url": comment.author_url,
        "body": comment.body,
        "body_html": comment.body_html,
        "created_at": _iso(comment.created_at),
    }


def poll_data(*, poll) -> dict | None:
    """A resolved poll's verdict and results; None when it lives only in a non-public article."""
    article = article_get_live(article_id=poll.article_id) if poll.article_id else None
    if poll.article_id and article is None and poll.show_id is None:
        return None
    results = poll_results(poll=poll)
    return {
        "id": poll.pk,
        "question": poll.question,
        "show": _show(poll.show) if poll.show_id else None,
        "season_id": poll.season_id,
        "article": _article_link(article) if article is not None else None,
        "resolution": {
            "status": poll.resolved_status,
            "resolved_at": _iso(poll.resolved_at),
            "readers_right_percent": results.verdict_percent,
        },
        "total_votes": results.total,
        "options": [
            {
                "label": result.option.label,
                "predicts_status": result.option.outcome,
                "votes": result.votes,
                "percent": result.percent,
                "is_outcome": result.is_outcome,
            }
            for result in results.options
        ],
    }
