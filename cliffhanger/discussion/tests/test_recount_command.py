import pytest
from django.core.management import CommandError, call_command

from cliffhanger.discussion.models import ArticleDiscussion, Comment
from cliffhanger.discussion.services import comment_create
from cliffhanger.newsroom.tests.factories import ArticlePageFactory, SectionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(home):
    return ArticlePageFactory(parent=SectionPageFactory(parent=home))


def test_recount_repairs_a_damaged_counter(article, capsys):
    comment_create(article=article, body="One", author_name="A")
    comment_create(article=article, body="Two", author_name="B")
    ArticleDiscussion.objects.filter(article=article).update(comment_count=99)

    call_command("discussion_recount")

    assert ArticleDiscussion.objects.get(article=article).comment_count == 2
    assert "1 article(s) changed" in capsys.readouterr().out


def test_an_unknown_article_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No article with id 424242"):
        call_command("discussion_recount", article=[424242])


def test_recount_clears_the_counter_of_an_article_left_without_comments(article):
    comment_create(article=article, body="One", author_name="A")
    Comment.objects.filter(article=article).delete()  # e.g. by hand, in SQL

    call_command("discussion_recount")

    discussion = ArticleDiscussion.objects.get(article=article)
    assert (discussion.comment_count, discussion.last_number) == (0, 0)


def test_a_repaired_last_number_counts_as_a_change(article, capsys):
    comment_create(article=article, body="One", author_name="A")
    ArticleDiscussion.objects.filter(article=article).update(last_number=0)

    call_command("discussion_recount")

    assert ArticleDiscussion.objects.get(article=article).last_number == 1
    assert "1 article(s) changed" in capsys.readouterr().out
