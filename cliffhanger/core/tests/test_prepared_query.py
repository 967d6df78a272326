"""A prepared query answers what its queryset would, compiled once per shape."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F
from django.db.models.functions import TruncDate
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from cliffhanger.core.db.prepared import (
    PreparedInstances,
    PreparedQuery,
    instance_loaded,
)

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def people():
    names = ["ada", "bea", "cy", "dee"]
    return [
        User.objects.create(username=name, is_active=name != "cy", email="")
        for name in names
    ]


def _counted(build):
    calls = []

    def counting(**kwargs):
        calls.append(kwargs)
        return build(**kwargs)

    return counting, calls


def _by_pk(pk, active):
    return (
        User.objects.filter(pk__gte=pk, is_active=active)
        .order_by("pk")
        .values_list("username", "is_active", "date_joined")
    )


def test_rows_match_the_querysets_own_with_each_new_value(people):
    build, calls = _counted(_by_pk)
    query = PreparedQuery(build)
    for person in people:
        for active in (True, False):
            assert query(pk=person.pk, active=active) == list(_by_pk(person.pk, active))
    # True and False are two shapes, each built twice (stand-ins, then the
    # real values to check them) on first use; every other id reused its SQL.
    assert len(calls) == 4
    got = query(pk=people[0].pk, active=True)
    assert isinstance(got[0][1], bool) and isinstance(got[0][2], datetime)
    assert got[0][2].tzinfo is not None  # the ORM's converters ran


def test_a_list_is_compiled_once_per_length_and_an_empty_one_runs_nothing(people):
    build, calls = _counted(
        lambda ids: User.objects.filter(pk__in=ids).order_by("pk").values_list("pk")
    )
    query = PreparedQuery(build)
    ids = [p.pk for p in people]
    assert query(ids=ids[:2]) == [(ids[0],), (ids[1],)]
    assert query(ids=ids[2:]) == [(ids[2],), (ids[3],)]
    with CaptureQueriesContext(connection) as ctx:
        assert query(ids=[]) == []
    assert len(ctx) == 0
    assert [len(kwargs["ids"]) for kwargs in calls] == [2, 2, 0, 0]
    # Repeats in the list: the ORM drops them, so that call is its own.
    assert query(ids=[ids[0], ids[0]]) == [(ids[0],)]


def test_strings_are_parameters_unless_literal(people):
    query = PreparedQuery(
        lambda name, order: (
            User.objects.filter(username=name).order_by(order).values_list("username")
        ),
        literal=("order",),
    )
    assert query(name="bea", order="pk") == [("bea",)]
    assert query(name="dee", order="-pk") == [("dee",)]
    assert query(name="nobody", order="pk") == []


def test_a_value_the_orm_rewrites_is_answered_by_the_orm_and_logged(people, caplog):
    build, calls = _counted(
        lambda part: (
            User.objects.filter(username__contains=part)
            .order_by("username")
            .values_list("username")
        )
    )
    query = PreparedQuery(build)
    with caplog.at_level("WARNING", logger="cliffhanger.core.db.prepared"):
        assert query(part="e") == [("bea",), ("dee",)]
        assert query(part="a") == [("ada",), ("bea",)]
    assert "not prepared" in caplog.text
    assert caplog.text.count("not prepared") == 1  # once per shape
    literal = PreparedQuery(build, literal=("part",))
    calls.clear()
    assert literal(part="e") == [("bea",), ("dee",)]
    assert literal(part="e") == [("bea",), ("dee",)]
    assert len(calls) == 2  # prepared on first use, then reused


def test_a_lookup_out_of_the_columns_range_is_not_mistaken(people):
    # The ORM drops `pk >= <below the column's range>` as always true; the
    # stand-in for the same shape must not be, nor the other way round.
    query = PreparedQuery(
        lambda pk: User.objects.filter(pk__gte=pk).order_by("pk").values_list("pk")
    )
    assert query(pk=-(2**63)) == [(p.pk,) for p in people]
    assert query(pk=people[3].pk) == [(people[3].pk,)]


def test_annotations_read_in_the_order_values_list_names_them(people):
    query = PreparedQuery(
        lambda pk: (
            User.objects.filter(pk=pk)
            .annotate(twice=F("pk") * 2)
            .values_list("twice", "username")
        )
    )
    assert query(pk=people[1].pk) == [(people[1].pk * 2, "bea")]


def test_instances_carry_what_only_would_load_and_defer_the_rest(people):
    query = PreparedInstances(
        User,
        ("username", "date_joined"),
        lambda ids: User.objects.filter(pk__in=ids).order_by("-pk"),
    )
    ids = [people[0].pk, people[2].pk]
    got = query(ids=ids)
    expected = list(
        User.objects.filter(pk__in=ids).order_by("-pk").only("username", "date_joined")
    )
    assert [(u.pk, u.username, u.date_joined) for u in got] == [
        (u.pk, u.username, u.date_joined) for u in expected
    ]
    assert got[0].get_deferred_fields() == expected[0].get_deferred_fields()
    with CaptureQueriesContext(connection) as ctx:
        assert got[1].is_active is True  # a deferred field loads when asked for
    assert len(ctx) == 1


def test_a_first_value_out_of_a_columns_range_does_not_empty_the_shape(home):
    # depth is a positive field: the ORM drops `depth = -1` as matching nothing.
    query = PreparedQuery(
        lambda depth: Page.objects.filter(depth=depth).order_by("pk").values_list("pk")
    )
    assert query(depth=-1) == []
    assert query(depth=1) == list(
        Page.objects.filter(depth=1).order_by("pk").values_list("pk")
    )
    assert query(depth=1) != []


def test_a_value_a_stand_in_cannot_take_is_answered_by_the_orm(people):
    build, calls = _counted(
        lambda pk: User.objects.filter(pk=pk).values_list("username")
    )
    query = PreparedQuery(build)
    # A digit string for an id: the ORM converts it; a stand-in string cannot be.
    assert query(pk=str(people[1].pk)) == [("bea",)]
    assert query(pk=str(people[2].pk)) == [("cy",)]
    # The real build, the stand-ins' build that failed, then one per call.
    assert len(calls) == 4


def test_an_unhashable_literal_is_answered_by_the_orm(people):
    query = PreparedQuery(
        lambda ids: User.objects.filter(pk__in=ids).order_by("pk").values_list("pk")
    )
    assert query(ids=[people[0].pk, None]) == [(people[0].pk,)]


def test_the_active_time_zone_is_part_of_the_shape(people):
    late = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    User.objects.filter(pk=people[0].pk).update(date_joined=late)
    query = PreparedQuery(
        lambda pk: (
            User.objects.filter(pk=pk)
            .annotate(day=TruncDate("date_joined"))
            .values_list("day")
        )
    )
    with timezone.override("UTC"):
        assert query(pk=people[0].pk) == [(late.date(),)]
    with timezone.override("Pacific/Kiritimati"):  # UTC+14: the next day
        assert query(pk=people[0].pk) == [(late.date() + timedelta(days=1),)]


def test_instances_refuse_what_they_would_silently_drop(people):
    bad = PreparedInstances(
        User, ("username",), lambda pk: User.objects.filter(pk=pk).only("email")
    )
    with pytest.raises(ValueError, match="only"):
        bad(pk=people[0].pk)
    with pytest.raises(ValueError, match="no columns"):
        instance_loaded(User, {"id": 1, "usernmae": "typo"})


def test_rows_are_tuples_on_both_paths_and_a_model_queryset_is_refused(people):
    query = PreparedQuery(
        lambda pk: User.objects.filter(pk=pk).values_list("username", flat=True)
    )
    assert query(pk=people[1].pk) == [("bea",)]  # prepared
    assert query(pk=str(people[1].pk)) == [("bea",)]  # answered by the ORM
    models = PreparedQuery(lambda pk: User.objects.filter(pk=pk))
    with pytest.raises(ValueError, match="values_list"):
        models(pk=people[1].pk)
