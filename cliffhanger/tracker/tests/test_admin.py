"""The tracker in the Wagtail admin: recording a status is one form, and history is append-only."""

from cliffhanger.tracker.models import SeasonStatusChange

from .factories import SeasonFactory, ShowFactory


def test_editor_records_a_status_change_in_one_form(
    client, editor, season_one, article, django_capture_on_commit_callbacks
):
    from cliffhanger.tracker.models import ArticleCoverage

    ArticleCoverage.objects.create(
        article=article, show=season_one.show, season=season_one
    )
    client.force_login(editor)
    add_url = "/admin/snippets/tracker/seasonstatuschange/add/"
    assert client.get(add_url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            add_url,
            {
                "season": season_one.pk,
                "status": "cancelled",
                "effective_date": "2022-11-08",
                "source_outlet": "Deadline",
                "source_url": "https://deadline.com/",
                "note": "Netflix cancelled the series after one season",
            },
        )

    assert response.status_code == 302
    change = SeasonStatusChange.objects.get()
    assert change.recorded_by == editor
    # Recorded history is never edited: the message offers no Edit button.
    listing = client.get(response["Location"]).content.decode()
    assert f"/seasonstatuschange/edit/{change.pk}/" not in listing
    assert "Netflix cancelled Partner Track" in client.get(article.url).text


def test_the_season_chooser_finds_seasons_by_show_title(client, editor):
    abbott = ShowFactory(title="Abbott Elementary")
    for number in (1, 2, 3):
        SeasonFactory(show=abbott, number=number)
    for title in ("Severance", "The Bear", "Wednesday"):
        SeasonFactory(show=ShowFactory(title=title))
    client.force_login(editor)
    chooser = "/admin/snippets/choose/tracker/season/"

    modal = client.get(chooser)
    found = client.get(f"{chooser}results/", {"q": "abbott"})

    assert modal.status_code == 200
    assert 'name="q"' in modal.json()["html"]
    assert found.status_code == 200
    html = found.content.decode()
    assert html.count("Abbott Elementary") == 3
    assert "Severance" not in html and "Wednesday" not in html


def test_recorded_changes_cannot_be_edited_or_deleted(
    client, editor, admin_user, season_one, record
):
    change = record(season_one, "airing", __import__("datetime").date(2022, 8, 26))

    for user in (editor, admin_user):
        client.force_login(user)
        edit = client.get(
            f"/admin/snippets/tracker/seasonstatuschange/edit/{change.pk}/"
        )
        delete = client.post(
            f"/admin/snippets/tracker/seasonstatuschange/delete/{change.pk}/"
        )
        assert edit.status_code in (302, 403)
        assert delete.status_code in (302, 403)
    assert SeasonStatusChange.objects.filter(pk=change.pk, status="airing").exists()


def test_editor_manages_shows_and_statements(client, editor, partner_track):
    ShowFactory(title="Long Wait")
    client.force_login(editor)

    found = client.get("/admin/snippets/tracker/show/?q=Partner").text
    assert "Partner Track" in found and "Long Wait" not in found
    # Each page with something it alone shows: the shows, a show's form, the network.
    for url, shown in (
        ("/admin/snippets/tracker/show/", "Long Wait"),
        (
            f"/admin/snippets/tracker/show/edit/{partner_track.pk}/",
            'value="Partner Track"',
        ),
        ("/admin/snippets/tracker/statement/add/", 'name="quote"'),
        ("/admin/snippets/tracker/network/", "Netflix"),
    ):
        response = client.get(url)

        assert response.status_code == 200, url
        assert shown in response.text, url


def test_article_editor_offers_the_shows_covered_panel(client, editor, article):
    client.force_login(editor)

    html = client.get(f"/admin/pages/{article.pk}/edit/").text

    assert "Shows covered" in html
