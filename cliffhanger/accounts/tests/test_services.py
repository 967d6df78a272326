import json
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone

from cliffhanger.accounts.jobs import unconfirmed_accounts_prune
from cliffhanger.accounts.models import Reader
from cliffhanger.accounts.services import (
    DISPLAY_NAME_REQUIRED,
    accounts_unconfirmed_prune,
    reader_account_for_sign_in,
    reader_display_name_set,
    reader_get_or_create,
)
from cliffhanger.settings.base import oidc_providers_from_environment

pytestmark = pytest.mark.django_db
User = get_user_model()


class TestReaderAccountForSignIn:
    def test_a_new_address_gets_an_unconfirmed_account(self):
        user = reader_account_for_sign_in(email=" Kay@Example.com ")

        assert user.email == "kay@example.com"
        assert user.last_login is None and not user.is_staff
        address = EmailAddress.objects.get(user=user)
        assert (address.email, address.primary, address.verified) == (
            "kay@example.com",
            True,
            False,
        )
        assert Reader.objects.get(user=user).display_name == ""

    def test_asking_twice_makes_one_account(self):
        first = reader_account_for_sign_in(email="kay@example.com")
        # allauth finds it the second time; without that, the address is taken.
        assert reader_account_for_sign_in(email="kay@example.com", found=first) == first
        assert reader_account_for_sign_in(email="kay@example.com") is None
        assert User.objects.count() == 1

    def test_a_taken_first_name_falls_back_to_a_random_one(self):
        first = reader_account_for_sign_in(email="kay@example.com")
        first.email = "kay@elsewhere.example"
        first.save()
        EmailAddress.objects.filter(user=first).update(email="kay@elsewhere.example")

        second = reader_account_for_sign_in(email="kay@example.com")

        assert second is not None and second != first
        assert second.username != first.username

    def test_staff_and_closed_accounts_get_no_code(self, make_user):
        staff = make_user("edith", superuser=True)
        staff.email = "edith@example.com"
        staff.save()
        closed = reader_account_for_sign_in(email="gone@example.com")
        closed.is_active = False
        closed.save()

        assert (
            reader_account_for_sign_in(email="edith@example.com", found=staff) is None
        )
        assert reader_account_for_sign_in(email="EDITH@example.com") is None
        assert reader_account_for_sign_in(email="gone@example.com") is None
        assert User.objects.count() == 2


class TestDisplayName:
    def test_is_cleaned_and_saved(self):
        reader = reader_get_or_create(
            user=reader_account_for_sign_in(email="k@x.example")
        )

        reader_display_name_set(reader=reader, display_name="  Kay\u202e \n Smith ")

        reader.refresh_from_db()
        assert reader.display_name == "Kay Smith"
        assert str(reader) == "Kay Smith"

    def test_nothing_left_is_refused(self):
        reader = reader_get_or_create(
            user=reader_account_for_sign_in(email="k@x.example")
        )
        with pytest.raises(ValidationError, match=DISPLAY_NAME_REQUIRED):
            reader_display_name_set(reader=reader, display_name="\u200b\u202e")
        assert str(reader) == "Reader"

    def test_too_long_is_refused(self):
        reader = reader_get_or_create(
            user=reader_account_for_sign_in(email="k@x.example")
        )
        with pytest.raises(ValidationError):
            reader_display_name_set(reader=reader, display_name="K" * 51)
        reader.refresh_from_db()
        assert reader.display_name == ""


class TestUnconfirmedAccounts:
    def test_only_old_never_used_reader_accounts_go(self, make_user, settings):
        old = reader_account_for_sign_in(email="old@example.com")
        used = reader_account_for_sign_in(email="used@example.com")
        fresh = reader_account_for_sign_in(email="fresh@example.com")
        staff = make_user("edith", superuser=True)
        long_ago = timezone.now() - timedelta(
            hours=settings.ACCOUNTS_UNCONFIRMED_HOURS + 1
        )
        User.objects.filter(pk__in=[old.pk, used.pk, staff.pk]).update(
            date_joined=long_ago
        )
        User.objects.filter(pk=used.pk).update(last_login=timezone.now())

        assert accounts_unconfirmed_prune() == 1

        assert set(User.objects.values_list("pk", flat=True)) == {
            used.pk,
            fresh.pk,
            staff.pk,
        }
        assert not EmailAddress.objects.filter(email="old@example.com").exists()

    def test_the_job_prunes_once_an_hour(self, settings):
        old = reader_account_for_sign_in(email="old@example.com")
        long_ago = timezone.now() - timedelta(
            hours=settings.ACCOUNTS_UNCONFIRMED_HOURS + 1
        )
        unconfirmed_accounts_prune()
        User.objects.filter(pk=old.pk).update(date_joined=long_ago)

        unconfirmed_accounts_prune()

        assert User.objects.filter(pk=old.pk).exists()


class TestOidcProviders:
    def test_none_by_default(self, monkeypatch):
        monkeypatch.delenv("OIDC_PROVIDERS", raising=False)
        assert oidc_providers_from_environment() == []

    def test_read_from_json(self, monkeypatch):
        monkeypatch.setenv(
            "OIDC_PROVIDERS",
            json.dumps(
                [
                    {
                        "id": "acme",
                        "name": "Acme ID",
                        "server_url": "https://id.acme.example",
                        "client_id": "cliff",
                        "secret": "s3cret",
                    }
                ]
            ),
        )
        assert oidc_providers_from_environment() == [
            {
                "provider_id": "acme",
                "name": "Acme ID",
                "client_id": "cliff",
                "secret": "s3cret",
                "settings": {"server_url": "https://id.acme.example"},
            }
        ]

    @pytest.mark.parametrize("value", ["not json", "{}", '[{"id": "acme"}]'])
    def test_a_mistake_says_what_to_fix(self, monkeypatch, value):
        monkeypatch.setenv("OIDC_PROVIDERS", value)
        with pytest.raises(ImproperlyConfigured, match="OIDC_PROVIDERS"):
            oidc_providers_from_environment()
