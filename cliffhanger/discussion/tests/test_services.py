"""Posting, threading, editing, deleting, voting and counting comments."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cliffhanger.discussion.models import (
    ArticleDiscussion,
    Comment,
    CommentStatus,
    CommentVote,
)
from cliffhanger.discussion.scoring import wilson_lower_bound
from cliffhanger.discussion.services import (
    COMMENT_BODY_REQUIRED,
    COMMENT_EDIT_WINDOW_CLOSED,
    COMMENT_HAS_REPLIES,
    COMMENT_NAME_REQUIRED,
    COMMENT_PARENT_MISSING,
    COMMENT_PARENT_OTHER_ARTICLE,
    comment_create,
    comment_delete_by_author,
    comment_edit,
    comment_feature,
    comment_parent_get,
    comment_vote_cast,
    discussion_recount,
)

from .factories import make_comment


def count(article) -> int:
    return ArticleDiscussion.objects.get(article=article).comment_count


class TestCommentCreate:
    def test_top_level_comments_are_numbered_in_order(self, article):
        first = make_comment(article)
        reply = make_comment(article, parent=first)
        second = make_comment(article)

        assert (first.number, second.number, reply.number) == (1, 2, None)
        assert first.root_id == first.pk and reply.root_id == first.pk
        assert count(article) == 3

    def test_a_deleted_comments_id_is_never_given_again(self, article):
        """Top-level ids come with the counter update: the last one's must
        not come back, or a permalink (or its author's cookie) would name
        someone else's comment."""
        kept = make_comment(article)
        reply = make_comment(article, parent=kept)
        gone = make_comment(article)
        gone_id = gone.pk
        Comment.objects.filter(pk=gone_id).delete()

        after = make_comment(article)

        assert after.pk > gone_id > reply.pk > kept.pk
        assert after.root_id == after.pk and after.number == 3
        stored = Comment.objects.get(pk=after.pk)
        assert (stored.root_id, stored.number) == (after.pk, 3)
        assert stored.created_at == after.created_at

    def test_stores_the_body_without_direction_overrides(self, article):
        # Excerpts, moderators' mail and webhooks carry the body as stored.
        comment = make_comment(article, body="see \u202egnp.exe\u202c now")

        assert Comment.objects.get(pk=comment.pk).body == "see gnp.exe now"

    def test_stores_rendered_html_and_hashed_address(self, article):
        comment = make_comment(article, body="*hi*", ip_address="203.0.113.9")

        assert comment.body_html.startswith("<p><em>hi</em></p>")
        assert comment.ip_hash and "203.0.113.9" not in comment.ip_hash

    @pytest.mark.parametrize(
        ("body", "name", "message"),
        [
            ("", "Kay", COMMENT_BODY_REQUIRED),
            ("   ", "Kay", COMMENT_BODY_REQUIRED),
            ("Hi", "", COMMENT_NAME_REQUIRED),
            ("Hi", "  ", COMMENT_NAME_REQUIRED),
        ],
    )
    def test_rejects_empty_body_or_name(self, article, body, name, message):
        with pytest.raises(ValidationError, match=message):
            comment_create(article=article, body=body, author_name=name)

        assert Comment.objects.count() == 0

    def test_rejects_parent_from_another_article(self, article, other_article):
        parent = make_comment(other_article)

        with pytest.raises(ValidationError, match=COMMENT_PARENT_OTHER_ARTICLE):
            comment_create(article=article, parent=parent, body="Hi", author_name="Kay")

        assert Comment.objects.count() == 1

    def test_replies_deeper_than_the_cap_attach_at_the_cap(self, article, settings):
        settings.DISCUSSION_MAX_DEPTH = 3
        top = make_comment(article)
        level1 = make_comment(article, parent=top)
        level2 = make_comment(article, parent=level1)

        deeper = make_comment(article, parent=level2)

        assert level2.depth == 2
        assert deeper.depth == 2 and deeper.parent_id == level1.pk

    def test_reply_counts_follow_approved_replies(self, article):
        top = make_comment(article)
        make_comment(article, parent=top)
        make_comment(article, parent=top)

        assert Comment.objects.get(pk=top.pk).reply_count == 2


class TestParentLookup:
    @pytest.mark.parametrize("parent_id", ["999999", "abc", "-1", "1e9", "9" * 30])
    def test_missing_or_garbage_parent(self, article, parent_id):
        with pytest.raises(ValidationError, match=COMMENT_PARENT_MISSING):
            comment_parent_get(article=article, parent_id=parent_id)

    def test_parent_on_another_article(self, article, other_article):
        parent = make_comment(other_article)

        with pytest.raises(ValidationError, match=COMMENT_PARENT_OTHER_ARTICLE):
            comment_parent_get(article=article, parent_id=str(parent.pk))

    def test_no_parent(self, article):
        assert comment_parent_get(article=article, parent_id="") is None


class TestEditAndDelete:
    def test_edit_within_the_window_marks_edited(self, article):
        comment = make_comment(article, body="Frist")

        edited = comment_edit(comment=comment, body="First, *fixed*")

        assert edited.edited_at is not None
        assert "<em>fixed</em>" in Comment.objects.get(pk=comment.pk).body_html

    def test_edit_after_the_window_is_refused(self, article, settings):
        comment = make_comment(article, body="Original")
        later = timezone.now() + timedelta(
            minutes=settings.DISCUSSION_EDIT_MINUTES, seconds=1
        )

        with pytest.raises(
            ValidationError, match=COMMENT_EDIT_WINDOW_CLOSED.format(minutes=15)
        ):
            comment_edit(comment=comment, body="Changed", now=later)

        assert Comment.objects.get(pk=comment.pk).body == "Original"

    def test_edit_once_replied_is_refused(self, article):
        comment = make_comment(article)
        make_comment(article, parent=comment)

        with pytest.raises(ValidationError, match=COMMENT_HAS_REPLIES):
            comment_edit(comment=comment, body="Changed")
        with pytest.raises(ValidationError, match=COMMENT_HAS_REPLIES):
            comment_delete_by_author(comment=comment)

    def test_delete_removes_it_from_the_count(self, article):
        comment = make_comment(article)
        make_comment(article)

        comment_delete_by_author(comment=comment)

        assert Comment.objects.get(pk=comment.pk).status == CommentStatus.REMOVED
        assert count(article) == 1


class TestVotes:
    def test_one_vote_per_reader_and_switching(self, article):
        comment = make_comment(article)

        for _ in range(3):
            comment = comment_vote_cast(
                comment=comment, reader_key="r1", address_key="a1", value=1
            )
        assert (comment.upvotes, comment.downvotes) == (1, 0)

        comment = comment_vote_cast(
            comment=comment, reader_key="r1", address_key="a1", value=-1
        )
        assert (comment.upvotes, comment.downvotes) == (0, 1)
        assert CommentVote.objects.count() == 1

    def test_new_cookie_same_address_does_not_vote_twice(self, article):
        comment = make_comment(article)

        comment_vote_cast(comment=comment, reader_key="r1", address_key="a1", value=1)
        comment = comment_vote_cast(
            comment=comment, reader_key="r2", address_key="a1", value=1
        )

        assert comment.upvotes == 1

    def test_score_is_the_wilson_lower_bound(self, article):
        comment = make_comment(article)
        for n in range(3):
            comment = comment_vote_cast(
                comment=comment, reader_key=f"r{n}", address_key=f"a{n}", value=1
            )

        assert comment.score == pytest.approx(wilson_lower_bound(up=3, down=0))

    def test_rejects_other_values(self, article):
        with pytest.raises(ValidationError):
            comment_vote_cast(
                comment=make_comment(article), reader_key="r", address_key="a", value=5
            )


class TestWilson:
    def test_many_votes_beat_a_single_one(self):
        assert wilson_lower_bound(up=90, down=10) > wilson_lower_bound(up=1, down=0)

    def test_no_votes_is_zero(self):
        assert wilson_lower_bound(up=0, down=0) == 0.0

    def test_more_down_votes_rank_lower(self):
        assert wilson_lower_bound(up=5, down=5) < wilson_lower_bound(up=8, down=2)


def test_feature_marks_an_editors_pick(article):
    comment = make_comment(article)

    comment_feature(comment=comment)

    assert Comment.objects.get(pk=comment.pk).is_editors_pick


def test_recount_repairs_counts(article):
    top = make_comment(article)
    make_comment(article, parent=top)
    ArticleDiscussion.objects.filter(article=article).update(
        comment_count=99, last_number=0
    )
    Comment.objects.filter(pk=top.pk).update(reply_count=7)

    discussion = discussion_recount(article=article)

    assert (discussion.comment_count, discussion.last_number) == (2, 1)
    assert Comment.objects.get(pk=top.pk).reply_count == 1
