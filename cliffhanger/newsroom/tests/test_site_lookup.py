"""The prepared site lookup answers as Wagtail's own, in two queries."""

import itertools

import pytest
from django.test import RequestFactory
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from cliffhanger.newsroom.models import HomePage
from cliffhanger.newsroom.site_lookup import best_site_row, site_with_root_found

SITE_SETS = {
    "one default": [("localhost", 80, True)],
    "default and another host": [("localhost", 80, True), ("news.test", 80, False)],
    "one host on two ports": [
        ("localhost", 80, True),
        ("news.test", 80, False),
        ("news.test", 8080, False),
    ],
    "no default": [("news.test", 80, False), ("other.test", 443, False)],
    "default on the asked host": [("news.test", 8000, True), ("news.test", 80, False)],
}
ASKED = list(
    itertools.product(
        ["localhost", "news.test", "other.test", "nowhere.test"],
        [80, 443, 8000, 8080],
    )
)


def wagtails_choice(hostname, port):
    try:
        return get_site_for_hostname(hostname, port).pk
    except Site.DoesNotExist:
        return None


@pytest.mark.parametrize("sites", list(SITE_SETS.values()), ids=list(SITE_SETS))
def test_the_ranking_is_wagtails_for_every_kind_of_match(home, sites):
    Site.objects.all().delete()
    for hostname, port, default in sites:
        Site.objects.create(
            hostname=hostname, port=port, is_default_site=default, root_page=home
        )
    rows = list(
        Site.objects.order_by("pk").values_list(
            "id", "hostname", "port", "site_name", "root_page_id", "is_default_site"
        )
    )

    for hostname, port in ASKED:
        row = best_site_row(rows, hostname, str(port))  # request.get_port() is text
        assert (row[0] if row else None) == wagtails_choice(hostname, port), (
            hostname,
            port,
        )


def test_a_request_gets_its_site_and_specific_root_in_two_queries(
    home, django_assert_num_queries
):
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    first = site_with_root_found(request)  # and the content types' cache

    with django_assert_num_queries(2):
        site = site_with_root_found(request)

    assert site == first == Site.find_for_request(request)
    assert type(site.root_page) is HomePage and site.root_page == home
    assert site.root_page.title == home.title and site.root_page.url_path == "/home/"


def test_a_port_that_is_no_number_matches_no_port():
    rows = [
        (1, "news.test", 80, "", 2, False),
        (2, "news.test", 8080, "", 2, False),
        (3, "localhost", 80, "", 2, True),
    ]

    assert best_site_row(rows, "news.test", "http") == rows[2]  # the default
    assert best_site_row(rows, "news.test", "80") == rows[0]
