"""
The tracker's part of the demo site: networks, shows (Partner Track and a
dozen real shows across networks), seasons, their status histories,
statements, and links from the newsroom's demo articles to the shows they
cover (data in data/shows.json).

Idempotent: everything is matched by slug or natural key and only what is
missing is created, so a second run creates nothing. Status changes go
through `season_status_record`, like an editor's; each becomes a status
change once its transaction commits.
"""

from datetime import date

from django.db import transaction
from django.utils.text import slugify

from cliffhanger.newsroom.models import ArticlePage
from cliffhanger.tracker.models import (
    ArticleCoverage,
    CastMember,
    Genre,
    Network,
    Person,
    Season,
    SeasonStatusChange,
    Show,
    Statement,
)
from cliffhanger.tracker.services import season_status_record

from ..content import demo_data
from ..images import demo_image_ensure


class _Counter(dict):
    def add(self, kind: str, created: bool) -> None:
        self[kind] = self.get(kind, 0) + int(created)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _person_ensure(name: str, counts, *, slug: str = "", bio: str = "") -> Person:
    person, created = Person.objects.get_or_create(
        slug=slug or slugify(name), defaults={"name": name, "bio": bio}
    )
    counts.add("people", created)
    return person


def _pictures_ensure(show: Show) -> None:
    """A poster (2:3) and a wide still (16:9), drawn for this show alone."""
    if show.poster_id is None:
        show.poster = demo_image_ensure(
            title=f"Poster: {show.title}",
            seed=f"{show.slug}-poster",
            width=800,
            height=1200,
        )
    if show.still_id is None:
        show.still = demo_image_ensure(
            title=f"Still: {show.title}", seed=show.slug, width=1600, height=900
        )


def _show_ensure(spec: dict, *, networks: dict, genres: dict, counts) -> Show:
    show = Show.objects.filter(slug=spec["slug"]).first()
    created = show is None
    if created:
        source = spec.get("source") or {"title": "", "author": "", "year": None}
        show = Show(
            slug=spec["slug"],
            title=spec["title"],
            network=networks[spec["network"]],
            show_type=spec["show_type"],
            synopsis=spec["synopsis"],
            premiere_date=_day(spec.get("premiere_date")),
            source_title=source["title"],
            source_author=source["author"],
            source_year=source["year"],
            imdb_id=spec.get("imdb_id", ""),
        )
        show.full_clean(exclude=["genres", "creators"])
        show.save()
    counts.add("shows", created)
    # Parental many-to-many fields are written by the show's save().
    creators = [_person_ensure(name, counts) for name in spec["creators"]]
    wanted_genres = [genres[slug] for slug in spec["genres"]]
    missing_creators = [p for p in creators if p not in show.creators.all()]
    missing_genres = [g for g in wanted_genres if g not in show.genres.all()]
    missing_pictures = show.poster_id is None or show.still_id is None
    if missing_creators or missing_genres or missing_pictures:
        show.creators.add(*missing_creators)
        show.genres.add(*missing_genres)
        _pictures_ensure(show)
        show.save()
    for order, member in enumerate(spec["cast"]):
        _, made = CastMember.objects.get_or_create(
            show=show,
            person=_person_ensure(member["name"], counts),
            character=member["character"],
            defaults={"sort_order": order},
        )
        counts.add("cast", made)
    return show


def _season_ensure(show: Show, spec: dict, counts) -> Season:
    season, created = Season.objects.get_or_create(
        show=show,
        number=spec["number"],
        defaults={
            "episode_count": spec.get("episodes"),
            "premiere_date": _day(spec.get("premiere")),
            "finale_date": _day(spec.get("finale")),
        },
    )
    counts.add("seasons", created)
    # In list order, which is not always date order (see data/README.md).
    for change in spec["history"]:
        effective = _day(change["date"])
        exists = SeasonStatusChange.objects.filter(
            season=season, status=change["status"], effective_date=effective
        ).exists()
        if not exists:
            season_status_record(
                season=season,
                status=change["status"],
                effective_date=effective,
                source_outlet=change["source_outlet"],
                source_url=change["source_url"],
                note=change["note"],
            )
        counts.add("status changes", not exists)
    return season


def _statement_ensure(spec: dict, *, shows: dict, counts) -> None:
    show = shows[spec["show"]]
    person = _person_ensure(spec["person"], counts)
    said_on = _day(spec["said_on"])
    if Statement.objects.filter(
        person=person, show=show, said_on=said_on, quote=spec["quote"]
    ).exists():
        counts.add("statements", False)
        return
    statement = Statement(
        person=person,
        role=spec["role"],
        organisation=spec["organisation"],
        quote=spec["quote"],
        said_on=said_on,
        source_outlet=spec["source_outlet"],
        source_url=spec["source_url"],
        show=show,
        season=show.seasons.filter(number=spec["season"]).first(),
        direction=spec["direction"],
    )
    statement.full_clean()
    statement.save()
    counts.add("statements", True)


def _coverage_ensure(
    article_slug: str, show: Show, season_number: int | None, counts
) -> None:
    """
    Link the article to the show, then publish a new revision of the article
    so the link is part of it: a later publish from the admin would otherwise
    restore the revision without it. The article keeps its back-dated
    publication dates.
    """
    article = ArticlePage.objects.filter(slug=article_slug).first()
    if article is None:  # the newsroom's demo is not loaded
        return
    if ArticleCoverage.objects.filter(article=article, show=show).exists():
        counts.add("article links", False)
        return
    season = None
    if season_number is not None:
        season = show.seasons.get(number=season_number)
    ArticleCoverage.objects.create(
        article=article, show=show, season=season, sort_order=0
    )
    counts.add("article links", True)
    dates = {
        "first_published_at": article.first_published_at,
        "last_published_at": article.last_published_at,
        "latest_revision_created_at": article.latest_revision_created_at,
    }
    if not article.live:
        article.save_revision()
        return
    article.save_revision().publish()
    ArticlePage.objects.filter(pk=article.pk).update(**dates)


@transaction.atomic
def load() -> dict:
    """Create the tracker's demo content; returns what it created, by kind."""
    data = demo_data("shows")
    counts = _Counter()
    networks = {}
    for spec in data["networks"]:
        network = (
            Network.objects.filter(slug=spec["slug"]).first()
            or Network.objects.filter(name=spec["name"]).first()
        )
        created = network is None
        if created:
            network = Network.objects.create(**spec)
        counts.add("networks", created)
        networks[spec["slug"]] = network
    genres = {}
    for spec in data["genres"]:
        genre = (
            Genre.objects.filter(slug=spec["slug"]).first()
            or Genre.objects.filter(name=spec["name"]).first()
            or Genre.objects.create(slug=spec["slug"], name=spec["name"])
        )
        genres[spec["slug"]] = genre
    for spec in data["invented_people"]:
        _person_ensure(spec["name"], counts, slug=spec["slug"], bio=spec["bio"])
    shows = {}
    for spec in data["shows"]:
        show = _show_ensure(spec, networks=networks, genres=genres, counts=counts)
        for season_spec in spec["seasons"]:
            _season_ensure(show, season_spec, counts)
        shows[spec["slug"]] = show
    for spec in data["statements"]:
        _statement_ensure(spec, shows=shows, counts=counts)
    for link in data["article_coverage"]:
        _coverage_ensure(link["article"], shows[link["show"]], link["season"], counts)
    order = [
        "networks",
        "people",
        "shows",
        "seasons",
        "cast",
        "status changes",
        "statements",
        "article links",
    ]
    return {kind: counts.get(kind, 0) for kind in order}
