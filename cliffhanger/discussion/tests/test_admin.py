"""Comments in the Wagtail admin: editors find them and pick the best."""

from cliffhanger.discussion.models import Comment

from .factories import make_comment


def test_editor_searches_comments_and_marks_an_editors_pick(client, editor, article):
    comment = make_comment(article, body="A sharp reading of the finale", name="Dana")
    make_comment(article, body="Something else", name="Eli")
    client.force_login(editor)

    listing = client.get("/admin/snippets/discussion/comment/", {"q": "finale"})
    response = client.post(
        f"/admin/snippets/discussion/comment/edit/{comment.pk}/",
        {"is_editors_pick": "on"},
    )

    assert listing.status_code == 200
    assert "Dana" in listing.text and "Eli" not in listing.text
    assert response.status_code == 302
    assert Comment.objects.get(pk=comment.pk).is_editors_pick
    assert "Editors' pick" in client.get(article.url).text


def test_moderators_see_comments_and_writers_do_not(client, moderator, writer, article):
    make_comment(article, name="Dana")

    client.force_login(moderator)
    listing = client.get("/admin/snippets/discussion/comment/")
    assert listing.status_code == 200
    assert "Dana" in listing.text
    client.force_login(writer)
    assert client.get("/admin/snippets/discussion/comment/").status_code in (302, 403)
