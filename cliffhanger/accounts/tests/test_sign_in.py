"""Signing in by an emailed code: the journey, and everything that goes wrong."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from cliffhanger.accounts.adapter import STAFF_USE_ADMIN
from cliffhanger.accounts.forms import SignInForm
from cliffhanger.accounts.middleware import SIGNED_IN_COOKIE
from cliffhanger.accounts.models import Reader

from .conftest import code_enter, code_in, code_request, sign_in, token_of

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_a_new_address_signs_in_and_gets_an_account(csrf_client):
    sign_in(csrf_client, "Nadia@Example.com")

    user = User.objects.get()
    assert user.email == "nadia@example.com"
    assert not user.is_staff and not user.has_usable_password()
    assert user.username.startswith("reader-") and "nadia" not in user.username
    assert EmailAddress.objects.get(user=user).verified
    assert Reader.objects.filter(user=user).exists()
    assert csrf_client.cookies[SIGNED_IN_COOKIE].value == "1"
    assert not csrf_client.cookies[SIGNED_IN_COOKIE]["httponly"]
    response = csrf_client.get("/account/")
    assert response.status_code == 200
    assert "nadia@example.com" in response.text


def test_a_returning_reader_signs_into_the_same_account(csrf_client):
    sign_in(csrf_client, "nadia@example.com")
    csrf_client.post(
        "/account/logout/", {"csrfmiddlewaretoken": token_of(csrf_client, "/account/")}
    )

    sign_in(csrf_client, "NADIA@example.com")

    assert User.objects.count() == 1


def test_the_answer_is_the_same_for_known_unknown_and_staff_addresses(
    csrf_client, make_user
):
    sign_in(Client(enforce_csrf_checks=True), "known@example.com")
    staff = make_user("edith", superuser=True)
    staff.email = "staff@example.com"
    staff.save()
    pages = []
    for email in ("known@example.com", "unknown@example.com", "staff@example.com"):
        client = Client(enforce_csrf_checks=True)
        response = code_request(client, email)
        page = client.get(response["Location"])
        pages.append((response.status_code, response["Location"], page.status_code))
        text = page.text.replace(email, "EMAIL")
        pages.append(text.split('name="csrfmiddlewaretoken"')[0])
    assert pages[0::2] == [(302, "/account/login/code/confirm/", 200)] * 3
    assert pages[1] == pages[3] == pages[5]
    # No mail to staff: they sign in at /admin/, and no account is made for them.
    assert [m.to for m in mail.outbox[1:]] == [
        ["known@example.com"],
        ["unknown@example.com"],
    ]
    assert not EmailAddress.objects.filter(email="staff@example.com").exists()


def test_a_staff_account_never_signs_in_by_code(csrf_client, make_user):
    staff = make_user("edith", superuser=True)
    staff.email = "staff@example.com"
    staff.save()

    code_request(csrf_client, "staff@example.com")
    response = code_enter(csrf_client, "AAAA-AAAA")

    assert "_auth_user_id" not in csrf_client.session
    assert response.status_code == 200
    assert mail.outbox == []


def test_the_admin_login_is_unchanged_and_shut_to_readers(client, make_user):
    staff = make_user("edith", superuser=True)
    assert client.login(username="edith", password="pw")
    assert client.get("/admin/").status_code == 200
    reader = Client()
    sign_in(Client(enforce_csrf_checks=True), "nadia@example.com")
    reader.force_login(User.objects.get(email="nadia@example.com"))
    response = reader.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert staff.is_staff


class TestBadCodes:
    def test_a_wrong_code_is_refused_with_a_message_and_kept(self, csrf_client):
        code_request(csrf_client, "nadia@example.com")

        response = code_enter(csrf_client, "WRONG-CODE")

        assert response.status_code == 200
        assert 'value="WRONG-CODE"' in response.text
        assert 'class="field__error"' in response.text
        assert "_auth_user_id" not in csrf_client.session

    def test_three_wrong_codes_void_the_code(self, csrf_client):
        code_request(csrf_client, "nadia@example.com")
        code = code_in(mail.outbox[-1])
        for _ in range(3):
            response = code_enter(csrf_client, "WRONG-CODE")

        assert response.status_code == 302
        assert response["Location"] == "/account/login/code/"
        response = csrf_client.get("/account/login/code/confirm/")
        assert response.status_code == 302  # nothing pending any more
        code_enter_again = csrf_client.post(
            "/account/login/code/confirm/",
            {
                "code": code,
                "csrfmiddlewaretoken": token_of(csrf_client, "/account/login/"),
            },
        )
        assert code_enter_again.status_code == 302
        assert "_auth_user_id" not in csrf_client.session

    def test_an_expired_code_is_refused(self, csrf_client, settings, monkeypatch):
        code_request(csrf_client, "nadia@example.com")
        code = code_in(mail.outbox[-1])
        import time

        later = time.time() + settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT + 1
        monkeypatch.setattr(time, "time", lambda: later)

        response = csrf_client.post(
            "/account/login/code/confirm/",
            {
                "code": code,
                "csrfmiddlewaretoken": csrf_client.cookies["csrftoken"].value,
            },
        )

        assert response.status_code == 302
        assert response["Location"] == "/account/login/code/"
        assert "_auth_user_id" not in csrf_client.session

    def test_a_code_works_once(self, csrf_client):
        code_request(csrf_client, "nadia@example.com")
        code = code_in(mail.outbox[-1])
        assert code_enter(csrf_client, code)["Location"] == "/account/"
        csrf_client.post(
            "/account/logout/",
            {"csrfmiddlewaretoken": token_of(csrf_client, "/account/")},
        )

        response = code_enter(csrf_client, code)

        assert response.status_code == 302
        assert response["Location"] == "/account/login/code/"
        assert "_auth_user_id" not in csrf_client.session

    def test_a_code_works_only_in_the_browser_that_asked(self, csrf_client):
        code_request(csrf_client, "nadia@example.com")
        other_browser = Client(enforce_csrf_checks=True)
        other_browser.get("/account/login/")

        response = code_enter(other_browser, code_in(mail.outbox[-1]))

        assert response.status_code == 302
        assert response["Location"] == "/account/login/code/"
        assert "_auth_user_id" not in other_browser.session


@pytest.mark.parametrize(
    "email",
    [
        "nadia@example.com\r\nBcc: victim@example.com",
        "nadia@example.com\nSubject: hi",
        "nadia@example.com%0d%0aBcc:x@example.com",
        "not an address",
        "",
        "x" * 300 + "@example.com",
    ],
)
def test_a_bad_address_gets_a_clear_error_and_nothing_is_sent(csrf_client, email):
    response = code_request(csrf_client, email)

    assert response.status_code == 200
    assert 'class="field__error"' in response.text
    assert mail.outbox == []
    assert User.objects.count() == 0


def test_the_form_keeps_what_was_typed(csrf_client):
    response = code_request(csrf_client, "nadia@example")
    assert 'value="nadia@example"' in response.text


def post_as_a_new_visitor(client, email, token, **extra):
    """A script asking again and again, each time without the last answer's
    session (with it, the site sends the visitor back to the code they were sent)."""
    client.cookies.pop("sessionid", None)
    return client.post(
        "/account/login/", {"email": email, "csrfmiddlewaretoken": token}, **extra
    )


class TestRateLimits:
    def test_one_address_gets_three_codes_a_minute_from_many_networks(
        self, csrf_client
    ):
        token = token_of(csrf_client, "/account/login/")
        for number in range(8):
            response = post_as_a_new_visitor(
                csrf_client,
                "nadia@example.com",
                token,
                REMOTE_ADDR=f"198.51.100.{number + 1}",
            )

        assert len(mail.outbox) == 3
        assert response.status_code == 200
        assert "Too many" in response.text
        assert 'value="nadia@example.com"' in response.text
        assert User.objects.count() == 1

    def test_a_thousand_requests_for_one_address_in_a_minute_pass_three(self, rf):
        # The form is where allauth counts (the HTTP answer is tested above):
        # a thousand page renders would add seconds to the suite.
        from allauth.core import context

        passed = 0
        for number in range(1000):
            request = rf.post(
                "/account/login/",
                REMOTE_ADDR=f"198.51.{number // 250}.{number % 250 + 1}",
            )
            with context.request_context(request):
                passed += SignInForm(data={"email": "nadia@example.com"}).is_valid()

        assert passed == 3

    def test_one_network_gets_ten_codes_a_minute_whatever_the_address(
        self, csrf_client
    ):
        token = token_of(csrf_client, "/account/login/")
        for number in range(20):
            post_as_a_new_visitor(
                csrf_client,
                f"reader{number}@example.com",
                token,
                REMOTE_ADDR="203.0.113.9",
            )

        assert len(mail.outbox) == 10
        assert User.objects.count() == 10

    def test_an_ipv6_network_counts_once(self, csrf_client):
        token = token_of(csrf_client, "/account/login/")
        for number in range(20):
            post_as_a_new_visitor(
                csrf_client,
                f"reader{number}@example.com",
                token,
                REMOTE_ADDR=f"2001:db8:1:2::{number + 1:x}",
            )

        assert len(mail.outbox) == 10

    def test_a_forwarded_for_header_from_a_stranger_is_ignored(self, csrf_client):
        token = token_of(csrf_client, "/account/login/")
        for number in range(20):
            post_as_a_new_visitor(
                csrf_client,
                f"reader{number}@example.com",
                token,
                REMOTE_ADDR="203.0.113.9",
                HTTP_X_FORWARDED_FOR=f"198.51.100.{number + 1}",
            )

        assert len(mail.outbox) == 10


class TestCsrf:
    def test_asking_for_a_code_needs_the_token(self, csrf_client):
        csrf_client.get("/account/login/")
        response = csrf_client.post("/account/login/", {"email": "nadia@example.com"})
        assert response.status_code == 403
        assert mail.outbox == []

    def test_a_same_origin_tokenless_post_is_still_refused_here(self, csrf_client):
        response = csrf_client.post(
            "/account/login/",
            {"email": "nadia@example.com"},
            HTTP_SEC_FETCH_SITE="same-origin",
            HTTP_ORIGIN="http://testserver",
        )
        assert response.status_code == 403
        assert mail.outbox == []

    def test_entering_a_code_needs_the_token(self, csrf_client):
        code_request(csrf_client, "nadia@example.com")
        response = csrf_client.post(
            "/account/login/code/confirm/", {"code": code_in(mail.outbox[-1])}
        )
        assert response.status_code == 403
        assert "_auth_user_id" not in csrf_client.session

    def test_signing_out_needs_the_token(self, signed_in):
        response = signed_in.post("/account/logout/")
        assert response.status_code == 403
        assert "_auth_user_id" in signed_in.session


def test_sign_in_form_labels_its_field():
    assert SignInForm().fields["email"].label == "Email address"


def test_staff_told_to_use_the_admin_if_a_login_reaches_them(rf, make_user):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    from cliffhanger.accounts.adapter import ReaderAccountAdapter

    staff = make_user("edith", superuser=True)
    request = rf.get("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)

    response = ReaderAccountAdapter(request).pre_login(
        request,
        staff,
        email_verification="mandatory",
        signal_kwargs=None,
        email=None,
        signup=False,
        redirect_url=None,
    )

    assert response.status_code == 302
    assert [str(m) for m in request._messages] == [STAFF_USE_ADMIN]


def test_sign_in_limits_count_an_ipv6_reader_by_their_64():
    from django.test import RequestFactory

    from cliffhanger.accounts.adapter import network_address

    def network(address):
        return network_address(RequestFactory().get("/", REMOTE_ADDR=address))

    assert network("2001:db8:1:2::1") == network("2001:db8:1:2:ffff::9")
    assert network("2001:db8:1:2::1") != network("2001:db8:1:3::1")
    assert network("203.0.113.7") != network("203.0.113.8")
