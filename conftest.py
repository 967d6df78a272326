"""Project-wide fixtures: the page tree's root, a logged-in client per role, the slots."""

import pytest
from django.contrib.auth.models import Group
from wagtail.signal_handlers import disable_reference_index_auto_update

from cliffhanger.core.slots import slots_replaced
from cliffhanger.testing import migrated_copy


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """The test database starts from the demo build's migrated copy when the
    session has a build (cliffhanger/testing/migrated_copy.py), so it is not
    migrated a second time."""
    from django.db import connection

    copy = migrated_copy.awaited()
    if copy is None:
        yield
    elif connection.vendor == "postgresql":
        connection.settings_dict["TEST"]["TEMPLATE"] = copy
        yield
    else:
        memory_uri = connection.creation._get_test_db_name()
        keeper = migrated_copy.sqlite_memory_filled(memory_uri, copy)
        yield
        keeper.close()


@pytest.fixture
def home(db):
    from cliffhanger.newsroom.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def make_user(db, django_user_model):
    def make(username: str, *, group: str | None = None, superuser: bool = False):
        user = django_user_model.objects.create_user(
            username=username, password="pw", is_superuser=superuser, is_staff=superuser
        )
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def editor(make_user):
    return make_user("edna", group="Editors")


@pytest.fixture
def writer(make_user):
    return make_user("walt", group="Writers")


@pytest.fixture
def moderator(make_user):
    return make_user("mona", group="Moderators")


@pytest.fixture
def template_slots():
    """The apps' template slots (core/slots.py) as a dict this test may change."""
    with slots_replaced() as slots:
        yield slots


@pytest.fixture
def fragments(settings):
    """The fragment cache on (the test settings keep it off): kept pieces."""
    settings.FRAGMENT_CACHE_SECONDS = 300


@pytest.fixture(autouse=True)
def reference_index(request):
    """
    Wagtail's reference index (which object uses which) is updated on every
    save, a third of what making an article costs. Only the tests marked
    `reference_index` read it (the API's filter of polls placed in hidden
    pages), so only they keep it up to date. Live servers in other threads or
    processes index as they always do.
    """
    if request.node.get_closest_marker("reference_index"):
        yield
        return
    with disable_reference_index_auto_update():
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (Most Popular, rate limits…)."""
    from django.core.cache import caches

    for alias in ("default", "versions"):
        caches[alias].clear()
    yield
    for alias in ("default", "versions"):
        caches[alias].clear()
