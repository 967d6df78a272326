"""Reads for predictions: results with honest percentages, verdicts, forecasts, ratings."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.db import connection
from django.db.models import (
    Avg,
    Count,
    F,
    Func,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Substr, TruncDate
from django.utils import timezone

from cliffhanger.core.db.prepared import PreparedInstances, PreparedQuery

from .models import Poll, PollOption, PollVote, SeasonRating
from .services import OUTCOME_MATCHES


def percentages(counts: list[int]) -> list[int]:
    """
    Whole-number percentages that add up to exactly 100 (largest remainder);
    all zeros when nobody voted.
    """
    total = sum(counts)
    if total == 0:
        return [0] * len(counts)
    raw = [count * 100 / total for count in counts]
    floors = [int(value) for value in raw]
    short = 100 - sum(floors)
    by_remainder = sorted(
        range(len(counts)), key=lambda i: (raw[i] - floors[i], counts[i]), reverse=True
    )
    for index in by_remainder[:short]:
        floors[index] += 1
    return floors


@dataclass
class OptionResult:
    option: PollOption
    votes: int
    percent: int
    is_outcome: bool = False


@dataclass
class PollResults:
    poll: Poll
    total: int
    options: list[OptionResult]
    verdict_percent: int | None = None
    verdict_label: str = ""
    extra: dict = field(default_factory=dict)
    history: "ForecastHistory | None" = None  # poll_forecast_history's, if asked


OUTCOME_WORDS = {
    "renewed": "a renewal",
    "cancelled": "a cancellation",
    "ended": "the end",
}


def poll_results(*, poll: Poll) -> PollResults:
    options = list(poll.options.all())
    counts = [option.vote_count for option in options]
    shares = percentages(counts)
    results = PollResults(
        poll=poll,
        total=sum(counts),
        options=[
            OptionResult(option=o, votes=c, percent=p)
            for o, c, p in zip(options, counts, shares, strict=True)
        ],
    )
    if poll.resolved_at and poll.resolved_status:
        matches = OUTCOME_MATCHES.get(poll.resolved_status, {poll.resolved_status})
        right = 0
        for result in results.options:
            result.is_outcome = result.option.outcome in matches
            right += result.votes if result.is_outcome else 0
        results.verdict_percent = (
            percentages([right, results.total - right])[0] if results.total else 0
        )
        results.verdict_label = OUTCOME_WORDS.get(
            poll.resolved_status, poll.resolved_status
        )
    return results


@dataclass
class ForecastPoint:
    """Where the poll stood at the end of a day (or week): votes so far per option."""

    day: date
    votes: list[int]  # cumulative, in the options' order
    percents: list[int]  # of the votes so far, adding up to 100


@dataclass
class ForecastHistory:
    options: list[PollOption]
    points: list[ForecastPoint]
    by_week: bool = False


# More days with votes than this and the history counts by week (Monday).
FORECAST_MAX_POINTS = 60


def poll_forecast_history(*, polls) -> dict[int, ForecastHistory]:
    """
    How each poll's result moved: cumulative votes and shares per option at
    the end of each day with votes (each week, past FORECAST_MAX_POINTS), in
    the site's time zone. One query for all the polls, whatever their votes;
    the polls' options must be prefetched. Polls without votes are left out.
    """
    polls = {poll.pk: poll for poll in polls}
    if not polls:
        return {}
    daily: dict[int, dict[date, dict[int, int]]] = {}
    for poll_id, option_id, day, votes in _votes_by_local_day(list(polls)):
        counts = daily.setdefault(poll_id, {}).setdefault(day, {})
        counts[option_id] = counts.get(option_id, 0) + votes
    return {
        poll_id: _forecast_history(list(polls[poll_id].options.all()), days)
        for poll_id, days in daily.items()
    }


def _votes_by_local_day(poll_ids: list[int]) -> list[tuple[int, int, date, int]]:
    """(poll, option, day in the current time zone, votes): one query (two in
    a zone whose minutes past the hour change, on SQLite)."""
    zone = timezone.get_current_timezone()
    if connection.vendor != "sqlite":
        return _VOTES_BY_DAY(poll_ids=poll_ids, zone=zone)
    # SQLite knows no time zones: TruncDate calls Python once per vote (10 us
    # each, 2.4 ms for the seed's 220, and growing with every vote). Counted
    # per hour in SQL instead, at most 24 rows a day whatever the votes, and
    # each hour dated here. The hours are shifted by the zone's minutes past
    # the hour (India's :30, Nepal's :45) so a local midnight starts one; an
    # hour that still holds two days (a zone whose minutes change) has the
    # votes counted by the minute.
    fixed = zone.utcoffset(None)  # UTC (the default) or another fixed offset
    if fixed is not None:
        return _counts_by_fixed_day(poll_ids, int(fixed.total_seconds() // 60))
    shift = int(timezone.now().astimezone(zone).utcoffset().total_seconds() // 60 % 60)
    by_hour = _counts_dated(poll_ids, zone, shift, by_minute=False)
    if by_hour is not None:
        return by_hour
    return _counts_dated(poll_ids, zone, shift, by_minute=True)


def _counts_by_fixed_day(poll_ids, offset: int) -> list[tuple[int, int, date, int]]:
    """In a zone that is always `offset` minutes from UTC, the votes counted
    per local day in SQL: a row a day and option, not one an hour, and
    nothing to date but the day itself (the seed's poll: 274 -> 160 us)."""
    return [
        (poll_id, option_id, date.fromisoformat(day), votes)
        for poll_id, option_id, day, votes in _VOTES_BY_BUCKET(
            poll_ids=poll_ids, shift=offset, length=10
        )
    ]


def _votes_by_day_query(*, poll_ids, zone) -> QuerySet:
    return (
        PollVote.objects.filter(poll_id__in=poll_ids)
        .order_by()
        .annotate(day=TruncDate("created_at", tzinfo=zone))
        .values_list("poll_id", "option_id", "day")
        .annotate(votes=Count("pk"))
    )


def _votes_by_bucket_query(*, poll_ids, shift, length) -> QuerySet:
    """Votes counted by the first `length` characters of their moment
    shifted by `shift` minutes: 10 a day, 13 an hour, 16 a minute."""
    # Stored as "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC (DATABASES sets no TIME_ZONE).
    moment = F("created_at")
    if shift:
        # Whole seconds first: datetime() rounds a fraction to milliseconds,
        # which carried a vote in a day's last half millisecond into the next.
        moment = Func(
            Substr(moment, 1, 19), Value(f"{shift:+d} minutes"), function="datetime"
        )
    return (
        PollVote.objects.filter(poll_id__in=poll_ids)
        .order_by()
        .annotate(bucket=Substr(moment, 1, length))
        .values_list("poll_id", "option_id", "bucket")
        .annotate(votes=Count("pk"))
    )


# Every article page with a prediction poll asks; compiled once per shape.
_VOTES_BY_DAY = PreparedQuery(_votes_by_day_query)
_VOTES_BY_BUCKET = PreparedQuery(_votes_by_bucket_query, literal=("shift",))


def _counts_dated(poll_ids, zone, shift: int, *, by_minute: bool):
    """The votes counted per shifted hour (or minute) in SQL, each dated here;
    None if an hour holds two local days."""
    counted = _VOTES_BY_BUCKET(
        poll_ids=poll_ids, shift=shift, length=16 if by_minute else 13
    )
    days: dict[str, date | None] = {}
    rows = []
    for poll_id, option_id, bucket, count in counted:
        if bucket not in days:
            start = datetime.fromisoformat(bucket if by_minute else f"{bucket}:00")
            start = start.replace(tzinfo=UTC) - timedelta(minutes=shift)
            days[bucket] = _local_day(start, 1 if by_minute else 60, zone)
        if days[bucket] is None:
            return None
        rows.append((poll_id, option_id, days[bucket], count))
    return rows


def _local_day(start: datetime, minutes: int, zone) -> date | None:
    """The local day of the `minutes` from `start`, or None if they span two."""
    first = start.astimezone(zone).date()
    last = (start + timedelta(minutes=minutes - 1)).astimezone(zone).date()
    return first if last == first else None


def poll_results_add_history(results_list: list[PollResults]) -> None:
    """
    Give the prediction polls among these results their forecast history, in
    one query for them all. Callers pass only results a reader is shown: the
    history reveals the counts as the results do.
    """
    wanted = [results.poll for results in results_list if results.poll.is_prediction]
    histories = poll_forecast_history(polls=wanted) if wanted else {}
    for results in results_list:
        results.history = histories.get(results.poll.pk)


def _forecast_history(options, days: dict[date, dict[int, int]]) -> ForecastHistory:
    by_week = len(days) > FORECAST_MAX_POINTS
    if by_week:
        weeks: dict[date, dict[int, int]] = {}
        for day, counts in days.items():
            week = weeks.setdefault(day - timedelta(days=day.weekday()), {})
            for option_id, votes in counts.items():
                week[option_id] = week.get(option_id, 0) + votes
        days = weeks
    running = [0] * len(options)
    points = []
    for day in sorted(days):
        for index, option in enumerate(options):
            running[index] += days[day].get(option.pk, 0)
        points.append(
            ForecastPoint(day=day, votes=list(running), percents=percentages(running))
        )
    return ForecastHistory(options=options, points=points, by_week=by_week)


def polls_for_article(*, article, exclude_ids=()) -> list[Poll]:
    """The article's polls with their options, in two prepared queries
    (core/db/prepared.py): every uncached article page asks."""
    polls = _ARTICLE_POLLS(article_id=article.pk, exclude_ids=sorted(set(exclude_ids)))
    options: dict[int, list[PollOption]] = {poll.pk: [] for poll in polls}
    for option in _POLL_OPTIONS(poll_ids=list(options)):
        options[option.poll_id].append(option)
    for poll in polls:
        # Held as the poll's children (modelcluster), in the options' order.
        # For reading only: saving such a poll would store this list as its
        # options.
        poll.options = options[poll.pk]
    return polls


_ARTICLE_POLLS = PreparedInstances(
    Poll,
    None,
    lambda article_id, exclude_ids: (
        Poll.objects.filter(article_id=article_id)
        .exclude(pk__in=exclude_ids)
        .order_by("opens_at", "pk")
    ),
)
_POLL_OPTIONS = PreparedInstances(
    PollOption,
    None,
    lambda poll_ids: PollOption.objects.filter(poll_id__in=poll_ids),
)


def polls_for_show(*, show) -> list[Poll]:
    return list(
        Poll.objects.filter(show=show)
        .prefetch_related("options")
        .order_by("-opens_at", "pk")
    )


def poll_list_turned_between(*, since, until) -> QuerySet:
    """
    Polls that opened or closed after `since` and by `until`: their forms came
    or went with the clock, nothing saved. Only what poll_tags() reads.
    """
    turned = Q(opens_at__gt=since, opens_at__lte=until) | Q(
        closes_at__gt=since, closes_at__lte=until
    )
    return Poll.objects.filter(turned).only("article_id", "show_id", "season_id")


def polls_voted(*, polls, reader_key: str, address_key: str) -> set[int]:
    """
    Which of these polls (objects or ids) this reader already voted in, in one
    query. Written as SQL: every article page with polls asks, and the ORM's
    compiling of the OR and IN took longer than the query itself.
    """
    poll_ids = [poll if isinstance(poll, int) else poll.pk for poll in polls]
    if not poll_ids:
        return set()
    quote = connection.ops.quote_name
    table = quote(PollVote._meta.db_table)
    poll, reader, address = (
        quote(PollVote._meta.get_field(name).column)
        for name in ("poll", "reader_key", "address_key")
    )
    marks = ", ".join(["%s"] * len(poll_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT {poll} FROM {table} WHERE {poll} IN ({marks}) "
            f"AND ({reader} = %s OR {address} = %s)",
            [*poll_ids, reader_key, address_key],
        )
        return {row[0] for row in cursor.fetchall()}


def season_forecasts(*, season_ids, include_resolved=False) -> dict[int, dict]:
    """
    For undecided seasons: the share of readers predicting a renewal, from
    their open prediction polls, in one query. {season_id: {"renewal": 64, "votes": 120}}
    `include_resolved` counts resolved polls too: what readers had predicted
    before the decision (a newsletter's renewal alerts).
    """
    options = PollOption.objects.filter(poll__season_id__in=list(season_ids))
    if not include_resolved:
        options = options.filter(poll__resolved_at__isnull=True)
    rows = options.values("poll__season_id", "outcome").annotate(
        votes=Sum("vote_count")
    )
    totals: dict[int, dict] = {}
    for row in rows:
        entry = totals.setdefault(row["poll__season_id"], {"renewed": 0, "votes": 0})
        entry["votes"] += row["votes"] or 0
        if row["outcome"] == "renewed":
            entry["renewed"] += row["votes"] or 0
    return {
        season_id: {
            "renewal": percentages([e["renewed"], e["votes"] - e["renewed"]])[0],
            "votes": e["votes"],
        }
        for season_id, e in totals.items()
        if e["votes"]
    }


@dataclass
class RatingSummary:
    count: int
    average: float | None
    distribution: list[tuple[int, int, int]]  # (stars, votes, percent), 5 down to 1


def season_rating_summary(*, season) -> RatingSummary:
    stats = SeasonRating.objects.filter(season=season).aggregate(
        count=Count("pk"),
        average=Avg("stars"),
        **{f"s{n}": Count("pk", filter=Q(stars=n)) for n in range(1, 6)},
    )
    counts = [stats[f"s{n}"] for n in range(5, 0, -1)]
    shares = percentages(counts)
    return RatingSummary(
        count=stats["count"],
        average=round(stats["average"], 1) if stats["average"] is not None else None,
        distribution=[(5 - i, counts[i], shares[i]) for i in range(5)],
    )


def board_rows_add_forecasts(rows) -> None:
    """The board's extra (apps.py registers it): each undecided season's forecast."""
    forecasts = season_forecasts(season_ids=[row.season.pk for row in rows])
    for row in rows:
        forecast = forecasts.get(row.season.pk)
        if forecast and row.status not in OUTCOME_MATCHES:
            row.extras["forecast"] = forecast
