"""Each event becomes one signed delivery with public data, and only public things do."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cliffhanger.discussion.models import CommentStatus
from cliffhanger.discussion.services import comment_approve, comment_create
from cliffhanger.newsroom.tests.factories import ArticlePageFactory
from cliffhanger.webhooks.models import Delivery, DeliveryStatus, Endpoint, EventType

from .conftest import verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(section):
    return ArticlePageFactory(
        parent=section,
        title="Partner Track renewed",
        live=False,
        first_published_at=None,
    )


def only_delivery(event_type):
    deliveries = list(Delivery.objects.filter(event_type=event_type))
    assert len(deliveries) == 1
    return deliveries[0]


class TestSeasonStatusChanged:
    def test_one_signed_delivery_with_the_change(
        self, endpoint, receiver, season_one, record, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            record(season_one, "cancelled", date(2022, 11, 8), source_outlet="Deadline")

        delivery = only_delivery(EventType.SEASON_STATUS_CHANGED)
        assert delivery.status == DeliveryStatus.SUCCEEDED
        (request,) = receiver.requests
        payload = verified(request, endpoint.secret)
        assert request["headers"]["webhook-id"] == delivery.message_id
        assert payload["type"] == "season.status_changed"
        data = payload["data"]
        assert (data["status"], data["status_label"]) == ("cancelled", "Cancelled")
        assert data["effective_date"] == "2022-11-08"
        assert data["source"] == {"outlet": "Deadline", "url": ""}
        assert data["is_current"] is True
        assert data["season"]["show"]["slug"] == "partner-track"
        assert data["season"]["show"]["url"].startswith("http://testserver/")
        assert "recorded_by" not in data

    def test_rolled_back_change_sends_nothing(
        self, endpoint, receiver, season_one, record, django_capture_on_commit_callbacks
    ):
        with (
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            record(season_one, "renewed", date(2022, 11, 8))
            raise RuntimeError("the request failed after the write")

        assert not Delivery.objects.exists() and not receiver.requests


class TestArticlePublished:
    def test_first_publication_then_updates(
        self, endpoint, receiver, draft, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            draft.save_revision().publish()
        published = only_delivery(EventType.ARTICLE_PUBLISHED)
        data = published.payload["data"]
        assert data["id"] == draft.pk and data["title"] == "Partner Track renewed"
        assert data["url"] == "http://testserver/entertainment/partner-track-renewed/"
        assert data["section"] == {"title": "Entertainment", "slug": "entertainment"}
        assert len(data["authors"]) == 1 and "body" not in data

        draft.refresh_from_db()
        draft.title = "Partner Track renewed for season 2"
        with django_capture_on_commit_callbacks(execute=True):
            draft.save_revision().publish()
        updated = only_delivery(EventType.ARTICLE_UPDATED)
        assert updated.payload["data"]["title"] == "Partner Track renewed for season 2"
        assert published.message_id != updated.message_id
        assert len(receiver.requests) == 2

    def test_a_draft_revision_sends_nothing(
        self, endpoint, draft, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            draft.save_revision()
        assert not Delivery.objects.exists()

    def test_scheduled_publication_waits_until_live(
        self, endpoint, draft, django_capture_on_commit_callbacks
    ):
        draft.go_live_at = timezone.now() + timedelta(days=1)
        with django_capture_on_commit_callbacks(execute=True):
            draft.save_revision().publish()
        assert not Delivery.objects.exists()

    def test_a_private_article_sends_nothing(
        self, endpoint, draft, django_capture_on_commit_callbacks
    ):
        PageViewRestriction.objects.create(
            page=draft, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        with django_capture_on_commit_callbacks(execute=True):
            draft.save_revision().publish()
        assert not Delivery.objects.exists()


class TestPollResolved:
    def test_resolution_sends_the_verdict(
        self,
        endpoint,
        receiver,
        prediction,
        season_one,
        record,
        django_capture_on_commit_callbacks,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            record(season_one, "cancelled", date(2022, 11, 8))

        delivery = only_delivery(EventType.POLL_RESOLVED)
        data = delivery.payload["data"]
        assert data["id"] == prediction.pk
        assert data["resolution"]["status"] == "cancelled"
        assert [o["is_outcome"] for o in data["options"]] == [False, True]
        assert data["article"]["id"] == prediction.article_id
        assert only_delivery(EventType.SEASON_STATUS_CHANGED)
        assert len(receiver.requests) == 2


class TestCommentApproved:
    def post(self, article, **extra):
        return comment_create(
            article=article,
            body="Season 2 please!",
            author_name="Kay",
            author_email="kay@example.com",
            ip_address="203.0.113.9",
            **extra,
        )

    def test_posted_approved_sends_without_private_data(
        self,
        endpoint,
        receiver,
        article,
        django_capture_on_commit_callbacks,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            comment = self.post(article)

        delivery = only_delivery(EventType.COMMENT_APPROVED)
        payload = verified(receiver.requests[0], endpoint.secret)
        data = payload["data"]
        assert data["id"] == comment.pk and data["author_name"] == "Kay"
        assert data["article"]["id"] == article.pk
        assert delivery.payload == payload
        raw = receiver.requests[0]["body"].decode()
        assert "kay@example.com" not in raw and comment.ip_hash not in raw
        assert "email" not in raw and "ip_hash" not in raw

    def test_held_then_approved_sends_once(
        self,
        endpoint,
        article,
        django_capture_on_commit_callbacks,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            comment = self.post(article, status=CommentStatus.PENDING)
        assert not Delivery.objects.exists()

        with django_capture_on_commit_callbacks(execute=True):
            comment_approve(comment=comment)
            comment_approve(comment=comment)  # already public: no second event
        assert (
            only_delivery(EventType.COMMENT_APPROVED).payload["data"]["id"]
            == comment.pk
        )

    def test_a_comment_on_a_private_article_sends_nothing(
        self,
        endpoint,
        article,
        django_capture_on_commit_callbacks,
    ):
        PageViewRestriction.objects.create(
            page=article, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        with django_capture_on_commit_callbacks(execute=True):
            self.post(article)
        assert not Delivery.objects.exists()


class TestSubscriptions:
    def test_only_subscribed_enabled_endpoints_get_the_event(
        self,
        endpoint,
        receiver,
        season_one,
        record,
        django_capture_on_commit_callbacks,
    ):
        others = Endpoint.objects.create(url=receiver.url, events=["poll.resolved"])
        off = Endpoint.objects.create(
            url=receiver.url, events=list(EventType.values), enabled=False
        )
        with django_capture_on_commit_callbacks(execute=True):
            record(season_one, "airing", date(2022, 9, 1))

        assert list(Delivery.objects.values_list("endpoint", flat=True)) == [
            endpoint.pk
        ]
        assert not others.deliveries.exists() and not off.deliveries.exists()

    def test_no_endpoint_costs_no_query_once_known(self, db, django_assert_num_queries):
        from cliffhanger.webhooks.services import event_emit

        event_emit(event_type="comment.approved", build=lambda: {"x": 1})
        with django_assert_num_queries(0):
            assert event_emit(event_type="comment.approved", build=dict) is False
