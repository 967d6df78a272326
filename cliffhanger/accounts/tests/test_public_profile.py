"""The opt-in public profile, /readers/<public_id>/, and its switch on /account/."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cliffhanger.accounts.models import PUBLIC_ID_LENGTH, Reader
from cliffhanger.accounts.selectors import reader_get_public
from cliffhanger.accounts.services import reader_display_name_set
from cliffhanger.accounts.views import PROFILE_HIDDEN, PROFILE_SHOWN

from .conftest import reader_signed_in, token_of

pytestmark = pytest.mark.django_db
User = get_user_model()
EMAIL = "nadia@example.com"


@pytest.fixture
def nadia(csrf_client):
    user = reader_signed_in(csrf_client, EMAIL)
    reader_display_name_set(reader=user.reader, display_name="Nadia")
    return user.reader


def visibility_post(client, value: str):
    token = token_of(client, "/account/")
    return client.post(
        "/account/profile/visibility/",
        {"public": value, "csrfmiddlewaretoken": token},
    )


def test_a_profile_is_hidden_until_the_reader_makes_it_public(nadia, client):
    assert client.get(nadia.get_absolute_url()).status_code == 404


def test_making_the_profile_public_shows_name_and_avatar_only(
    nadia, csrf_client, client
):
    response = visibility_post(csrf_client, "1")

    assert response.status_code == 302
    assert response["Location"] == "/account/#account-profile-heading"
    assert PROFILE_SHOWN in csrf_client.get("/account/").text
    page = client.get(f"/readers/{nadia.public_id}/")
    assert page.status_code == 200
    assert "<bdi>Nadia</bdi>" in page.text
    assert '<svg class="avatar"' in page.text
    assert EMAIL not in page.text
    assert "noindex" in page.text
    assert "no-cache" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]


def test_hiding_the_profile_takes_the_page_down(nadia, csrf_client, client):
    visibility_post(csrf_client, "1")

    visibility_post(csrf_client, "0")

    assert PROFILE_HIDDEN in csrf_client.get("/account/").text
    assert client.get(nadia.get_absolute_url()).status_code == 404


def test_the_switch_needs_the_token(nadia, csrf_client):
    response = csrf_client.post("/account/profile/visibility/", {"public": "1"})

    assert response.status_code == 403
    nadia.refresh_from_db()
    assert nadia.profile_is_public is False


def test_the_switch_is_only_for_the_signed_in_reader(nadia, client):
    response = client.post("/account/profile/visibility/", {"public": "1"})

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
    nadia.refresh_from_db()
    assert nadia.profile_is_public is False


def test_the_switch_changes_only_the_readers_own_profile(nadia, csrf_client):
    other = reader_signed_in(Client(), "other@example.com").reader

    visibility_post(csrf_client, "1")

    other.refresh_from_db()
    assert other.profile_is_public is False
    assert Reader.objects.get(pk=nadia.pk).profile_is_public is True


def test_junk_in_the_switch_changes_nothing(nadia, csrf_client):
    response = visibility_post(csrf_client, "maybe")

    assert response.status_code == 302
    nadia.refresh_from_db()
    assert nadia.profile_is_public is False


@pytest.mark.parametrize("change", ["ban", "delete"])
def test_a_banned_or_deleted_readers_page_is_gone(nadia, client, change):
    Reader.objects.filter(pk=nadia.pk).update(profile_is_public=True)
    url = nadia.get_absolute_url()
    assert client.get(url).status_code == 200

    if change == "ban":
        User.objects.filter(pk=nadia.user_id).update(is_active=False)
    else:
        User.objects.filter(pk=nadia.user_id).delete()

    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "public_id", ["x", "A" * PUBLIC_ID_LENGTH, "A" * 32, "%00", "..%2F..%2Fetc"]
)
def test_unknown_or_malformed_ids_are_not_found(nadia, client, public_id):
    Reader.objects.filter(pk=nadia.pk).update(profile_is_public=True)
    assert client.get(f"/readers/{public_id}/").status_code == 404


def test_only_get_and_head_are_answered(nadia, client):
    Reader.objects.filter(pk=nadia.pk).update(profile_is_public=True)
    assert client.post(nadia.get_absolute_url()).status_code in (403, 405)


def test_a_hostile_name_is_escaped_isolated_and_wraps(nadia, client):
    hostile = "W" * 40 + "\u202e<script>x</script>"
    nadia.display_name = hostile[:50]
    nadia.profile_is_public = True
    nadia.save()

    page = client.get(nadia.get_absolute_url())

    assert page.status_code == 200
    assert "<script>x" not in page.text
    # The stylesheet wraps .account-card__name anywhere (site.css), inside <bdi>.
    assert 'class="account-card__name"><bdi>' in page.text


def test_public_ids_are_random_and_unique(db):
    readers = [
        reader_signed_in(Client(), f"reader-number-{n}@example.com").reader
        for n in range(5)
    ]
    ids = {reader.public_id for reader in readers}
    assert len(ids) == 5
    assert all(len(public_id) == PUBLIC_ID_LENGTH for public_id in ids)
    assert all(
        reader.user.email.split("@")[0] not in reader.public_id for reader in readers
    )


def test_reader_get_public_leaves_out_hidden_and_closed(nadia):
    assert reader_get_public(public_id=nadia.public_id) is None
    Reader.objects.filter(pk=nadia.pk).update(profile_is_public=True)
    assert reader_get_public(public_id=nadia.public_id) == nadia


def test_a_made_up_choice_is_answered_and_changes_nothing(signed_in):
    from cliffhanger.accounts.models import Reader
    from cliffhanger.accounts.views import PROFILE_CHOICE_UNKNOWN

    from .conftest import token_of

    token = token_of(signed_in, "/account/")
    response = signed_in.post(
        "/account/profile/visibility/",
        {"public": "yes please", "csrfmiddlewaretoken": token},
        follow=True,
    )

    assert PROFILE_CHOICE_UNKNOWN in response.text
    assert not Reader.objects.get().profile_is_public
