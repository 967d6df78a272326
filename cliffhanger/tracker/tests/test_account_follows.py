"""Follows of a signed-in reader: attached at sign-in, listed and changed on /account/."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from cliffhanger.accounts.tests.conftest import reader_signed_in, sign_in, token_of
from cliffhanger.tracker.account_views import FOLLOWING, SHOW_NOT_FOUND, UNFOLLOWED
from cliffhanger.tracker.follows import (
    FOLLOW_NEEDS_VERIFIED_EMAIL,
    show_follow_for_account,
    show_follows_attach_account,
    show_unfollow_for_account,
)
from cliffhanger.tracker.models import ShowFollow

from .factories import ShowFactory

pytestmark = pytest.mark.django_db
EMAIL = "nadia@example.com"


def confirmed_follow(show, email=EMAIL, **extra):
    return ShowFollow.objects.create(
        show=show, email=email, confirmed_at=timezone.now(), **extra
    )


def post(client, path, data):
    token = token_of(client, "/account/")
    return client.post(path, {**data, "csrfmiddlewaretoken": token})


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def nadia(csrf_client):
    return reader_signed_in(csrf_client, EMAIL)


class TestAttachAtSignIn:
    def test_confirmed_follows_of_the_address_become_the_readers(
        self, partner_track, csrf_client
    ):
        mine = confirmed_follow(partner_track, email="nadia@example.com")
        pending = ShowFollow.objects.create(show=ShowFactory(), email=EMAIL)
        others = confirmed_follow(ShowFactory(), email="other@example.com")

        sign_in(csrf_client, "Nadia@Example.com")  # the whole code journey

        user = EmailAddress.objects.get(email__iexact=EMAIL).user
        mine.refresh_from_db(), pending.refresh_from_db(), others.refresh_from_db()
        assert mine.account == user
        assert pending.account is None  # anybody may have typed the address
        assert others.account is None
        assert "Partner Track" in csrf_client.get("/account/").text

    def test_never_by_an_address_not_proven(self, partner_track):
        follow = confirmed_follow(partner_track, email="second@example.com")
        client = Client()
        user = reader_signed_in(client, EMAIL)
        EmailAddress.objects.create(
            user=user, email="second@example.com", verified=False
        )

        # allauth's signal, as after a code: only verified addresses count.
        from allauth.account.signals import user_logged_in

        user_logged_in.send(sender=user.__class__, request=None, user=user)

        follow.refresh_from_db()
        assert follow.account is None

    def test_an_account_never_takes_another_accounts_follow(self, partner_track):
        first = reader_signed_in(Client(), "first@example.com")
        follow = confirmed_follow(partner_track, account=first)

        attached = show_follows_attach_account(
            account=reader_signed_in(Client(), "second@example.com"), email=EMAIL
        )

        follow.refresh_from_db()
        assert attached == 0 and follow.account == first


class TestAccountSection:
    def test_lists_the_readers_active_follows_only(self, nadia, csrf_client, netflix):
        followed = ShowFactory(title="Followed Show", network=netflix)
        stopped = ShowFactory(title="Stopped Show", network=netflix)
        confirmed_follow(followed, account=nadia)
        confirmed_follow(stopped, account=nadia, unsubscribed_at=timezone.now())
        confirmed_follow(
            ShowFactory(title="Someone Elses", network=netflix),
            email="other@example.com",
        )

        page = csrf_client.get("/account/").text

        section = page.split('id="account-follows-heading"')[1].split("</section>")[0]
        assert "<bdi>Followed Show</bdi></a>" in section
        assert "<bdi>Stopped Show</bdi></a>" not in section
        assert "Someone Elses</bdi></a>" not in section
        assert 'name="csrfmiddlewaretoken"' in section

    def test_follow_needs_no_confirmation_mail(self, nadia, csrf_client, partner_track):
        response = post(
            csrf_client, "/account/shows/follow/", {"show": "partner-track"}
        )

        assert response.status_code == 302
        assert response["Location"] == "/account/#account-follows-heading"
        follow = ShowFollow.objects.get()
        assert follow.is_active and follow.account == nadia and follow.email == EMAIL
        assert mail.outbox == []
        page = csrf_client.get("/account/").text
        assert escape(FOLLOWING.format(title="Partner Track")) in page

    def test_follow_takes_over_an_anonymous_pending_follow(
        self, nadia, csrf_client, partner_track
    ):
        ShowFollow.objects.create(show=partner_track, email=EMAIL)

        post(csrf_client, "/account/shows/follow/", {"show": "partner-track"})

        follow = ShowFollow.objects.get()
        assert follow.is_active and follow.account == nadia

    def test_unfollow(self, nadia, csrf_client, partner_track):
        confirmed_follow(partner_track, account=nadia)

        response = post(
            csrf_client, "/account/shows/unfollow/", {"show": "partner-track"}
        )

        assert response.status_code == 302
        assert not ShowFollow.objects.get().is_active
        page = csrf_client.get("/account/").text
        assert UNFOLLOWED.format(title="Partner Track") in page
        # Following again brings the same row back.
        post(csrf_client, "/account/shows/follow/", {"show": "partner-track"})
        assert ShowFollow.objects.get().is_active

    def test_unfollow_touches_only_the_readers_own_follow(
        self, nadia, csrf_client, partner_track
    ):
        other = reader_signed_in(Client(), "other@example.com")
        theirs = confirmed_follow(
            partner_track, email="other@example.com", account=other
        )
        anonymous = confirmed_follow(partner_track, email="anon@example.com")

        post(csrf_client, "/account/shows/unfollow/", {"show": "partner-track"})

        theirs.refresh_from_db(), anonymous.refresh_from_db()
        assert theirs.is_active and anonymous.is_active

    @pytest.mark.parametrize(
        "path", ["/account/shows/follow/", "/account/shows/unfollow/"]
    )
    def test_forms_need_the_token(self, nadia, csrf_client, partner_track, path):
        confirmed_follow(partner_track, account=nadia)

        response = csrf_client.post(path, {"show": "partner-track"})

        assert response.status_code == 403
        assert ShowFollow.objects.get().is_active

    @pytest.mark.parametrize(
        "path", ["/account/shows/follow/", "/account/shows/unfollow/"]
    )
    def test_anonymous_visitors_change_nothing(self, client, partner_track, path):
        confirmed_follow(partner_track)

        response = client.post(path, {"show": "partner-track"})

        assert response.status_code == 302
        assert response["Location"].startswith("/account/login/")
        assert ShowFollow.objects.get().is_active

    def test_get_is_refused(self, nadia, csrf_client):
        assert csrf_client.get("/account/shows/follow/").status_code == 405

    @pytest.mark.parametrize("show", ["", "no-such-show", "<script>", "x" * 500])
    def test_an_unknown_show_gets_a_message(
        self, nadia, csrf_client, partner_track, show
    ):
        response = post(csrf_client, "/account/shows/follow/", {"show": show})

        assert response.status_code == 302
        assert SHOW_NOT_FOUND in csrf_client.get("/account/").text
        assert not ShowFollow.objects.exists()

    def test_an_address_not_proven_cannot_follow(self, partner_track):
        client = Client(enforce_csrf_checks=True)
        reader_signed_in(client, EMAIL, verified=False)

        post(client, "/account/shows/follow/", {"show": "partner-track"})

        assert not ShowFollow.objects.exists()
        page = client.get("/account/").text
        assert FOLLOW_NEEDS_VERIFIED_EMAIL in page
        assert 'action="/account/shows/follow/"' not in page

    def test_the_section_costs_the_same_queries_for_many_follows(
        self, nadia, csrf_client, netflix
    ):
        def account_queries():
            csrf_client.get("/account/")  # the page's shared pieces, cached
            with CaptureQueriesContext(connection) as queries:
                assert csrf_client.get("/account/").status_code == 200
            return [query["sql"] for query in queries]

        confirmed_follow(ShowFactory(network=netflix), account=nadia)
        ShowFactory(network=netflix)
        few = account_queries()
        for _ in range(8):
            confirmed_follow(ShowFactory(network=netflix), account=nadia)
            ShowFactory(network=netflix)

        many = account_queries()
        assert len(many) == len(few), "\n".join(many)


class TestServices:
    def test_follow_for_account_needs_a_verified_address(self, partner_track, nadia):
        with pytest.raises(ValueError, match=FOLLOW_NEEDS_VERIFIED_EMAIL):
            show_follow_for_account(show=partner_track, account=nadia, email=None)

    def test_unfollow_for_account_counts_what_changed(self, partner_track, nadia):
        assert show_unfollow_for_account(show=partner_track, account=nadia) == 0
        show_follow_for_account(show=partner_track, account=nadia, email=EMAIL)
        assert show_unfollow_for_account(show=partner_track, account=nadia) == 1
