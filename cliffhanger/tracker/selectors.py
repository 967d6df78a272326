"""Reads for the tracker: current status (derived), board, show pages, article boxes."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db import connection
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext

from cliffhanger.caching.fragments import remembered
from cliffhanger.core.db.prepared import (
    PreparedInstances,
    PreparedQuery,
    instance_loaded,
)
from cliffhanger.core.renditions import renditions_prefetch
from cliffhanger.newsroom.models import ArticlePage
from cliffhanger.newsroom.related import Candidates

from .models import (
    ArticleCoverage,
    CastMember,
    Network,
    Season,
    SeasonStatus,
    SeasonStatusChange,
    Show,
    ShowFollow,
    ShowType,
    Statement,
)

# Latest effective date wins; among changes on the same day, the one recorded last.
LATEST_FIRST = ("-effective_date", "-recorded_at", "-pk")
OLDEST_FIRST = ("effective_date", "recorded_at", "pk")  # a history, as it happened


def season_current_change(*, season: Season) -> SeasonStatusChange | None:
    """The change that decides the season's status now, or None if nothing is recorded."""
    return season.status_changes.order_by(*LATEST_FIRST).first()


def _latest_change_subquery(field: str):
    return Subquery(
        SeasonStatusChange.objects.filter(season=OuterRef("pk"))
        .order_by(*LATEST_FIRST)
        .values(field)[:1]
    )


NO_STATUS = "No status yet"


def status_label(status: str | None) -> str:
    """A status as readers read it; a season with no recorded change says so."""
    return SeasonStatus(status).label if status in SeasonStatus.values else NO_STATUS


def shows_with_latest_season() -> QuerySet:
    """Shows annotated with their latest season's id (`latest_season_id`)."""
    latest = Season.objects.filter(show=OuterRef("pk")).order_by("-number")
    return Show.objects.annotate(latest_season_id=Subquery(latest.values("pk")[:1]))


def season_list_with_status() -> QuerySet:
    """Seasons annotated with their current status and its date, in one query."""
    return Season.objects.annotate(
        current_status=_latest_change_subquery("status"),
        current_status_date=_latest_change_subquery("effective_date"),
    )


@dataclass
class BoardRow:
    show: Show
    season: Season
    status: str | None
    status_label: str
    since: date | None
    waiting: str = ""  # how long an awaited decision has been awaited, in days
    extras: dict = field(default_factory=dict)  # filled by board_extras_register

    @property
    def is_awaiting(self) -> bool:
        return self.status == SeasonStatus.AWAITING


BOARD_SORTS = ("title", "waiting", "recent")

# Functions that add data to the board's rows in one go (row.extras), for the
# board.row slot's templates: no query per row. Apps above the tracker register
# theirs from AppConfig.ready() (predictions: the reader forecasts).
_board_extras: list[Callable[[list[BoardRow]], None]] = []


def board_extras_register(add_extras: Callable[[list[BoardRow]], None]) -> None:
    """Have show_board() call `add_extras(rows)` once per board, after its filters."""
    if add_extras not in _board_extras:
        _board_extras.append(add_extras)


def show_board(
    *,
    network: str = "",
    status: str = "",
    sort: str = "title",
    today: date | None = None,
) -> list[BoardRow]:
    """
    Every show with its latest season's status. `status="awaiting"` is the
    awaiting-renewal view, which leaves miniseries out (they are not renewed).
    `sort="waiting"` puts the longest wait for a decision first. Waits are
    counted to `today` (the site's date by default).
    """
    today = today or timezone.localdate()
    shows = (
        shows_with_latest_season()
        .select_related("network", "poster")
        .prefetch_related(renditions_prefetch("poster", "poster-small"))
    )
    if network:
        shows = shows.filter(network__slug=network)
    shows = list(shows)
    seasons = {
        season.pk: season
        for season in season_list_with_status().filter(
            pk__in=[show.latest_season_id for show in shows if show.latest_season_id]
        )
    }
    rows = []
    for show in shows:
        season = seasons.get(show.latest_season_id)
        if season is None:
            continue
        row = BoardRow(
            show=show,
            season=season,
            status=season.current_status,
            status_label=status_label(season.current_status),
            since=season.current_status_date,
        )
        if status and row.status != status:
            continue
        if row.is_awaiting and row.since:
            row.waiting = waiting_for(since=row.since, today=today)
        if status == SeasonStatus.AWAITING and show.show_type == ShowType.MINISERIES:
            continue
        rows.append(row)
    for add_extras in _board_extras:
        add_extras(rows)
    if sort == "waiting":
        rows.sort(key=lambda r: (not r.is_awaiting, r.since or date.max, r.show.title))
    elif sort == "recent":
        rows.sort(key=lambda r: (r.since or date.min, r.show.title), reverse=True)
    else:
        rows.sort(key=lambda r: r.show.title.lower())
    return rows


def waiting_for(*, since: date, today: date) -> str:
    """
    How long a decision has been awaited, in whole days ("3 days", "1 week, 2
    days"): the same all day, so a kept board needs a new copy only when the
    date changes (jobs.py), where timesince() from now would change by the hour.
    """
    if since >= today:
        return gettext("less than a day")
    return timesince(since, today)


def show_get_by_slug(*, slug: str) -> Show | None:
    return (
        Show.objects.select_related("network", "poster", "still")
        .prefetch_related(
            "genres",
            "creators",
            Prefetch("cast", queryset=_cast()),
            renditions_prefetch("poster", "poster"),
        )
        .filter(slug=slug)
        .first()
    )


def show_page_kept(*, slug: str) -> tuple[Show, list[Season]] | None:
    """
    The show and its seasons with their histories, as a show page shows them
    (None: no such show), kept under "shows" (every tracker change) and
    "articles" (the poster's renditions).
    """

    def compute():
        show = show_get_by_slug(slug=slug)
        return None if show is None else (show, show_seasons_with_history(show=show))

    return remembered(
        "show-page",
        slug,
        tags=("shows", "articles"),
        compute=compute,
        keep=lambda kept: kept is not None,  # a made-up slug takes no room
    )


def show_page_head(*, slug: str) -> tuple[Show, Season | None] | None:
    """
    What a show page reads on every request, kept apart from the rest: the
    show with its network and pictures, and its latest season with its
    history and `current` (None: no such show). Its genres, people, cast and
    the pictures' renditions are read only by the page's kept pieces, from
    show_page_kept(), when they are drawn.
    """

    def compute():
        show = (
            Show.objects.select_related("network", "poster", "still")
            .filter(slug=slug)
            .first()
        )
        if show is None:
            return None
        latest = (
            show.seasons.order_by("-number")
            .prefetch_related(_history_prefetch())
            .first()
        )
        if latest is not None:
            latest.current = _current_from_history(latest.history)
        return show, latest

    return remembered(
        "show-page-head",
        slug,
        tags=("shows", "articles"),
        compute=compute,
        keep=lambda kept: kept is not None,
    )


def _cast():
    return CastMember.objects.select_related("person").order_by("sort_order")


def show_seasons_with_history(*, show: Show) -> list[Season]:
    """The show's seasons, newest first, each with its full status history."""
    seasons = list(
        show.seasons.order_by("-number").prefetch_related(_history_prefetch())
    )
    for season in seasons:
        season.current = _current_from_history(season.history)
    return seasons


def _history_prefetch() -> Prefetch:
    """Each season's status changes, oldest first, as `history`."""
    return Prefetch(
        "status_changes",
        queryset=SeasonStatusChange.objects.order_by(*OLDEST_FIRST),
        to_attr="history",
    )


def _current_from_history(
    history: list[SeasonStatusChange],
) -> SeasonStatusChange | None:
    if not history:
        return None
    return max(history, key=lambda c: (c.effective_date, c.recorded_at, c.pk))


def show_statements(*, show: Show) -> QuerySet:
    return (
        Statement.objects.filter(show=show)
        .select_related("person", "season")
        .order_by("-said_on")
    )


def show_articles(*, show: Show, limit: int = 10) -> list:
    """Live articles that cover the show, newest first."""
    return list(
        ArticlePage.objects.live()
        .public()
        .filter(coverage__show=show)
        .distinct()
        .defer_streamfields()
        .order_by("-first_published_at")[:limit]
    )


@dataclass
class StatusBox:
    """What an article's status box says about the season it covers."""

    show: Show
    season: Season
    current: SeasonStatusChange
    changed_since_publication: bool


def article_status_boxes(*, article, published_at) -> list[StatusBox]:
    """
    One box per show the article covers: the season's current status with its
    date and source, and whether it changed after the article was published.
    Three prepared queries whatever the number of links (core/db/prepared.py):
    every uncached article page asks.
    """
    links = [_coverage_link(row) for row in _COVERAGE_ROWS(article_id=article.pk)]
    if not links:
        return []
    latest_numbers = {}
    for season in _SEASON_NUMBERS(show_ids=sorted({show.pk for show, _ in links})):
        latest_numbers[season.show_id] = season
    seasons = [season or latest_numbers.get(show.pk) for show, season in links]
    changes = {}
    season_ids = sorted({s.pk for s in seasons if s is not None})
    for change in _STATUS_CHANGES(season_ids=season_ids):
        changes[change.season_id] = change  # ends on the latest
    boxes = []
    published_day = published_at.date() if published_at else None
    for (show, _), season in zip(links, seasons, strict=True):
        current = changes.get(season.pk) if season else None
        if current is None:
            continue
        changed = bool(published_day and current.effective_date > published_day)
        boxes.append(
            StatusBox(
                show=show,
                season=season,
                current=current,
                changed_since_publication=changed,
            )
        )
    return boxes


# Only the columns a box shows: whole rows cost more to build than to read.
_COVERAGE_COLUMNS = (
    "show_id",
    "show__title",
    "show__slug",
    "show__network_id",
    "show__network__name",
    "season_id",
    "season__number",
)
_COVERAGE_ROWS = PreparedQuery(
    lambda article_id: (
        ArticleCoverage.objects.filter(article_id=article_id)
        .order_by("sort_order")
        .values_list(*_COVERAGE_COLUMNS)
    )
)
_SEASON_NUMBERS = PreparedInstances(
    Season,
    ("show", "number"),
    lambda show_ids: Season.objects.filter(show_id__in=show_ids).order_by("number"),
)
_STATUS_CHANGES = PreparedInstances(
    SeasonStatusChange,
    ("season", "status", "effective_date", "source_outlet", "source_url"),
    lambda season_ids: SeasonStatusChange.objects.filter(
        season_id__in=season_ids
    ).order_by(*OLDEST_FIRST),
)


def _coverage_link(row) -> tuple[Show, Season | None]:
    show_id, title, slug, network_id, network_name, season_id, number = row
    show = instance_loaded(
        Show, {"id": show_id, "title": title, "slug": slug, "network_id": network_id}
    )
    if network_id is not None:
        show.network = instance_loaded(
            Network, {"id": network_id, "name": network_name}
        )
    season = None
    if season_id is not None:
        season = instance_loaded(
            Season, {"id": season_id, "show_id": show_id, "number": number}
        )
    return show, season


def status_change_list_latest(*, show: Show | None = None, limit: int = 30) -> QuerySet:
    changes = SeasonStatusChange.objects.select_related("season__show__network")
    if show is not None:
        changes = changes.filter(season__show=show)
    return changes.order_by("-recorded_at", "-pk")[:limit]


def status_change_list_recorded_between(*, since, until) -> QuerySet:
    """Status changes recorded in [since, until), by show and season: a week's news."""
    return (
        SeasonStatusChange.objects.select_related("season__show__network")
        .filter(recorded_at__gte=since, recorded_at__lt=until)
        .order_by("season__show__title", "season__number", "recorded_at", "pk")
    )


def network_list() -> QuerySet:
    return Network.objects.filter(shows__isnull=False).distinct().order_by("name")


HIGHLIGHTS_CACHE_KEY = "tracker:highlights"


def status_change_highlights_cached(*, limit: int = 5) -> list[dict]:
    """
    The sidebar's highlights on every page, as plain data kept in the cache
    until the next recorded status change (receivers.py deletes the key).
    With the per-process default cache other processes may lag by up to
    five minutes; a shared cache (REDIS_URL) makes it exact.
    """
    key = f"{HIGHLIGHTS_CACHE_KEY}:{limit}"
    cached = cache.get(key)
    if cached is None:
        cached = [
            {
                "show_title": change.season.show.title,
                "show_url": change.season.show.get_absolute_url(),
                "season_number": change.season.number,
                "status": change.status,
                "status_label": change.get_status_display(),
            }
            for change in status_change_highlights(limit=limit)
        ]
        cache.set(key, cached, 5 * 60)
    return cached


def status_change_highlights(*, limit: int = 5) -> list[SeasonStatusChange]:
    """The newest news by effective date, one per show (the sidebar's highlights)."""
    seen, picked = set(), []
    for change in SeasonStatusChange.objects.select_related("season__show").order_by(
        *LATEST_FIRST
    )[: limit * 6]:
        if change.season.show_id not in seen:
            seen.add(change.season.show_id)
            picked.append(change)
        if len(picked) == limit:
            break
    return picked


def related_ids_same_show(
    *, article, tags, candidates: Candidates, limit: int
) -> list[int]:
    """For "Read next": other live articles covering a show this article
    covers, newest first (in SQL, as newsroom.related's sources are)."""
    if not limit:
        return []
    coverage = connection.ops.quote_name(ArticleCoverage._meta.db_table)
    return candidates.ids(
        join=f"INNER JOIN {coverage} c ON c.article_id = p.id",
        where=f"c.show_id IN (SELECT own.show_id FROM {coverage} own"
        " WHERE own.article_id = %s)",
        group="p.id, p.first_published_at",  # two shows in common: listed once
        order="p.first_published_at DESC, p.id DESC",
        params=[article.pk, limit],
    )


def show_follow_list_for_account(*, account) -> QuerySet:
    """The shows a signed-in reader follows (active follows), by title: one query."""
    return (
        ShowFollow.objects.filter(
            account=account, confirmed_at__isnull=False, unsubscribed_at__isnull=True
        )
        .select_related("show")
        .only("pk", "show__id", "show__slug", "show__title")
        .order_by("show__title", "show__pk")
    )


def show_list_to_follow(*, account) -> QuerySet:
    """Every show the reader does not follow yet, by title: one query (a menu)."""
    followed = show_follow_list_for_account(account=account).values("show_id")
    return (
        Show.objects.exclude(pk__in=followed)
        .only("pk", "slug", "title")
        .order_by("title", "pk")
    )


def show_get_brief(*, slug: str) -> Show | None:
    """A show's title and address only (a form's target), or None."""
    return Show.objects.filter(slug=slug).only("pk", "slug", "title").first()
