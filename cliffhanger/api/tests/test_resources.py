"""Each resource's shape and filters, read as a client of the API would."""

from datetime import date

from cliffhanger.discussion.tests.factories import make_comment
from cliffhanger.tracker.models import ArticleCoverage, SeasonStatus
from cliffhanger.tracker.tests.factories import PersonFactory, StatementFactory


def test_the_root_lists_every_resource(api):
    response, body = api("/api/v1/")
    assert response.status_code == 200
    assert set(body) == {"articles", "shows", "seasons", "statements", "polls"}


def test_an_article_in_the_list_and_in_detail(api, article, partner_track):
    ArticleCoverage.objects.create(article=article, show=partner_track)
    article.tags.add("netflix")
    article.save_revision().publish()
    make_comment(article, body="Still hoping.")

    response, body = api("/api/v1/articles/")
    assert response.status_code == 200
    [listed] = body["results"]
    assert listed["title"] == "Everything about Partner Track season 2"
    assert listed["url"].endswith("/entertainment/partner-track-season-2/")
    assert listed["section"] == {"title": "Entertainment", "slug": "entertainment"}
    assert listed["tags"] == ["netflix"]
    assert listed["shows"] == ["partner-track"]
    assert listed["comment_count"] == 1
    assert len(listed["authors"]) == 1

    response, detail = api(f"/api/v1/articles/{article.pk}/")
    assert response.status_code == 200
    assert "<p>The network made a decision.</p>" in detail["body_html"]
    assert [block["type"] for block in detail["body"]] == ["heading", "paragraph"]
    assert detail["comments_url"].endswith(f"/api/v1/articles/{article.pk}/comments/")


def test_articles_filter_by_section_tag_show_and_time(api, article, partner_track):
    ArticleCoverage.objects.create(article=article, show=partner_track)
    article.tags.add("netflix")
    article.save_revision().publish()

    def count(query):
        return len(api(f"/api/v1/articles/?{query}")[1]["results"])

    assert count("section=entertainment") == 1
    assert count("section=nowhere") == 0
    assert count("tag=netflix") == count("show=partner-track") == 1
    assert count("tag=hbo") == count("show=other") == 0
    assert count("published_since=2022-09-01T00:00:00Z") == 1
    assert count("published_since=2022-10-01T00:00:00Z") == 0


def test_a_season_with_its_sourced_history(api, season_one, record):
    record(season_one, SeasonStatus.AIRING, date(2022, 8, 26), source_outlet="Netflix")
    record(
        season_one,
        SeasonStatus.CANCELLED,
        date(2022, 11, 8),
        source_outlet="Deadline",
        source_url="https://deadline.com/",
    )
    response, body = api(f"/api/v1/seasons/{season_one.pk}/")
    assert response.status_code == 200
    assert body["status"] == "cancelled"
    assert body["status_label"] == "Cancelled"
    assert body["status_since"] == "2022-11-08"
    assert [change["status"] for change in body["history"]] == ["airing", "cancelled"]
    assert body["history"][1]["source"] == {
        "outlet": "Deadline",
        "url": "https://deadline.com/",
    }
    assert body["url"].endswith("/shows/partner-track/#season-1")


def test_seasons_filter_by_status_network_and_change_time(api, season_one, record):
    record(season_one, SeasonStatus.AWAITING, date(2022, 9, 26))

    def ids(query):
        return [
            season["id"] for season in api(f"/api/v1/seasons/?{query}")[1]["results"]
        ]

    assert ids("status=awaiting&network=netflix") == [season_one.pk]
    assert ids("status=awaiting&network=hbo") == []
    assert ids("status=cancelled") == []
    assert ids("changed_since=2000-01-01T00:00:00Z") == [season_one.pk]
    assert ids("changed_since=2999-01-01T00:00:00Z") == []


def test_shows_by_slug_and_by_their_latest_status(api, season_one, record):
    record(season_one, SeasonStatus.CANCELLED, date(2022, 11, 8))
    response, show = api("/api/v1/shows/partner-track/")
    assert response.status_code == 200
    assert show["network"] == {"name": "Netflix", "slug": "netflix"}
    assert show["seasons"][0]["status"] == "cancelled"
    slugs = [s["slug"] for s in api("/api/v1/shows/?status=cancelled")[1]["results"]]
    assert slugs == ["partner-track"]
    assert api("/api/v1/shows/?status=renewed")[1]["results"] == []


def test_statements_with_who_said_them(api, partner_track):
    StatementFactory(
        show=partner_track,
        person=PersonFactory(name="Georgia Lee", slug="georgia-lee"),
        role="Creator",
        organisation="Netflix",
        source_outlet="Variety",
        source_url="https://variety.com/",
    )
    [statement] = api("/api/v1/statements/?show=partner-track")[1]["results"]
    assert statement["person"] == {"name": "Georgia Lee", "slug": "georgia-lee"}
    assert statement["role"] == "Creator"
    assert statement["source"] == {"outlet": "Variety", "url": "https://variety.com/"}
    assert statement["said_on"] == "2022-09-12"
    assert api("/api/v1/statements/?person=nobody")[1]["results"] == []


def test_a_prediction_with_results_and_its_resolution(
    api, prediction, record, django_capture_on_commit_callbacks
):
    options = list(prediction.options.all())
    options[1].vote_count = 3
    options[1].save()
    response, body = api(f"/api/v1/polls/{prediction.pk}/")
    assert body["resolution"] is None
    assert body["total_votes"] == 3
    with django_capture_on_commit_callbacks(execute=True):
        record(prediction.season, SeasonStatus.CANCELLED, date(2022, 11, 8))
    response, body = api(f"/api/v1/polls/{prediction.pk}/")
    assert body["resolution"]["status"] == "cancelled"
    assert body["resolution"]["readers_right_percent"] == 100
    assert [o["is_outcome"] for o in body["options"]] == [False, True]
    resolved = api("/api/v1/polls/?resolved=true")[1]["results"]
    assert [poll["id"] for poll in resolved] == [prediction.pk]
    assert api("/api/v1/polls/?resolved=false")[1]["results"] == []


def test_comments_are_approved_ones_oldest_first_in_pages(api, article):
    first = make_comment(article, body="First!")
    make_comment(article, body="Second.", parent=first)
    response, body = api(f"/api/v1/articles/{article.pk}/comments/?page_size=1")
    assert [c["body_html"] for c in body["results"]] == ["<p>First!</p>\n"]
    response, body = api(body["next"])
    assert body["results"][0]["parent_id"] == first.pk
    assert body["next"] is None
