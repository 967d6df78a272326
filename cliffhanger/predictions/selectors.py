"""Reads for predictions: results with honest percentages, verdicts, forecasts, ratings."""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Avg, Count, Q, Sum

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


def polls_for_article(*, article, exclude_ids=()) -> list[Poll]:
    return list(
        Poll.objects.filter(article=article)
        .exclude(pk__in=list(exclude_ids))
        .prefetch_related("options")
        .order_by("opens_at", "pk")
    )


def polls_for_show(*, show) -> list[Poll]:
    return list(
        Poll.objects.filter(show=show)
        .prefetch_related("options")
        .order_by("-opens_at", "pk")
    )


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


def season_forecasts(*, season_ids) -> dict[int, dict]:
    """
    For undecided seasons: the share of readers predicting a renewal, from
    their open prediction polls, in one query. {season_id: {"renewal": 64, "votes": 120}}
    """
    rows = (
        PollOption.objects.filter(
            poll__season_id__in=list(season_ids), poll__resolved_at__isnull=True
        )
        .values("poll__season_id", "outcome")
        .annotate(votes=Sum("vote_count"))
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
    """TRACKER_BOARD_EXTRAS hook: the reader forecast for each undecided season."""
    forecasts = season_forecasts(season_ids=[row.season.pk for row in rows])
    for row in rows:
        forecast = forecasts.get(row.season.pk)
        if forecast and row.status not in OUTCOME_MATCHES:
            row.extras["forecast"] = forecast
