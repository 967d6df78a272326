"""
Every private name of a library the product relies on (core/private_apis.py),
checked against the versions installed. A failure here means an upgrade
changed one: its message names the library, both versions and what we rely on.
"""

import inspect
import logging
from contextlib import contextmanager
from importlib import import_module
from importlib.metadata import version
from pathlib import Path

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RegexPattern
from django.utils.log import log_response

from cliffhanger.core import private_apis
from cliffhanger.core.embedded_cache import EmbeddedCache
from cliffhanger.core.private_apis import OVERRIDDEN, WRITTEN_AGAINST

DISTRIBUTIONS = {
    "Django": "django",
    "Wagtail": "wagtail",
    "django-csp": "django-csp",
    "django-allauth": "django-allauth",
    "diskcache": "diskcache",
}


@contextmanager
def relied_on(library: str, what: str, why: str):
    """Turn any way `what` broke into one message that names the upgrade."""
    try:
        yield
    except (AssertionError, AttributeError, TypeError, ImportError, KeyError) as error:
        pytest.fail(
            f"{what} changed with the upgrade to {library} "
            f"{version(DISTRIBUTIONS[library])} (core/private_apis.py was written "
            f"against {library} {WRITTEN_AGAINST[library]}). We rely on it for: "
            f"{why}. It failed with {type(error).__name__}: {error}. Adapt its "
            "function in core/private_apis.py, or use the public API that replaced it.",
            pytrace=False,
        )


def parameters(function) -> str:
    """A signature without annotations: "(self, key=None, *, write=False)"."""
    signature = inspect.signature(function)
    return str(
        signature.replace(
            parameters=[
                p.replace(annotation=p.empty) for p in signature.parameters.values()
            ],
            return_annotation=signature.empty,
        )
    )


def test_request_raw_host_skips_the_allowed_hosts_check(rf, settings):
    settings.ALLOWED_HOSTS = ["news.example"]
    request = rf.get("/", HTTP_HOST="elsewhere.example:8000")
    with relied_on(
        "Django",
        "HttpRequest._get_raw_host()",
        "the Host as sent, without ALLOWED_HOSTS, as Wagtail's site lookup reads it",
    ):
        assert parameters(HttpRequest._get_raw_host) == "(self)"
        assert private_apis.request_raw_host(request) == "elsewhere.example:8000"


def test_queryset_read_as_empty_runs_no_query(db, django_assert_num_queries):
    from wagtail.models import PageViewRestriction

    with relied_on(
        "Django",
        "QuerySet._result_cache",
        "an article without view restrictions answers Wagtail's check with no query",
    ):
        restrictions = private_apis.queryset_read_as_empty(
            PageViewRestriction.objects.all()
        )
        with django_assert_num_queries(0):
            assert list(restrictions) == []
            assert not restrictions
            assert len(restrictions) == 0


def test_url_resolver_fill_builds_the_tables():
    resolver = URLResolver(RegexPattern(r"^/"), "cliffhanger.urls")
    with relied_on(
        "Django",
        "URLResolver._populate()",
        "the gunicorn master fills the URL resolver once, for every worker to share",
    ):
        assert isinstance(get_resolver(), URLResolver)
        assert parameters(URLResolver._populate) == "(self)"
        private_apis.url_resolver_fill(resolver)
        assert resolver._populated
        assert resolver._reverse_dict


def test_response_mark_logged_silences_djangos_log_line(rf, caplog):
    marked, unmarked = HttpResponse(status=503), HttpResponse(status=503)
    private_apis.response_mark_logged(marked)
    with relied_on(
        "Django",
        "HttpResponse._has_been_logged",
        "the 503 of a database outage is logged once a minute, not per request",
    ):
        with caplog.at_level(logging.ERROR, logger="django.request"):
            for response in (marked, unmarked):
                log_response("Down: %s", "/", response=response, request=rf.get("/"))
        assert len(caplog.records) == 1, "the unmarked response alone is logged"


def test_wagtail_site_find_and_remember(db, rf, django_assert_num_queries):
    from wagtail.models import Site

    request = rf.get("/", HTTP_HOST="localhost")
    with relied_on(
        "Wagtail",
        "Site._find_for_request() and request._wagtail_site",
        "the request's site comes from the shared cache, not two queries per page",
    ):
        assert parameters(Site._find_for_request) == "(request)"
        site = private_apis.wagtail_site_find(request)
        assert site == Site.objects.get(is_default_site=True)
        private_apis.wagtail_site_remember(request, site)
        with django_assert_num_queries(0):
            assert Site.find_for_request(request) is site


def test_wagtail_site_root_paths_are_kept_on_the_request(
    db, rf, django_assert_num_queries
):
    from wagtail.models import Page, Site

    request = rf.get("/", HTTP_HOST="localhost")
    page = Page.objects.get(depth=2)
    with relied_on(
        "Wagtail",
        "Page._get_site_root_paths(cache_object)",
        "each page's address is remembered per sites' layout (core/addresses.py)",
    ):
        assert (
            parameters(Page._get_site_root_paths)
            == "(self, cache_object=None, **kwargs)"
        )
        paths = private_apis.wagtail_site_root_paths(page, request)
        assert paths == tuple(Site.get_site_root_paths())
        with django_assert_num_queries(0):
            assert private_apis.wagtail_site_root_paths(page, request) == paths


def test_wagtail_rendition_mark_cached():
    import inspect

    from wagtail.images.models import AbstractImage

    with relied_on(
        "Wagtail",
        "Rendition._from_cache",
        "renditions read from the cache are not written back (core/renditions_cache.py)",
    ):
        source = inspect.getsource(AbstractImage.get_renditions)
        assert '"_from_cache"' in source or "'_from_cache'" in source


def test_csp_marks_and_nonce(rf):
    from csp.decorators import csp, csp_exempt, csp_replace, csp_update
    from csp.exceptions import CSPNonceError
    from csp.middleware import CSPMiddleware

    def view(request):
        return HttpResponse()

    policy = {"img-src": ["'self'"]}
    with relied_on(
        "django-csp",
        "the _csp_* marks on responses, request._csp_nonce and "
        "CSPMiddleware._csp_nonce_post_response",
        "reader pages get the site's policy header built once, not per response",
    ):
        for decorator in (
            csp(policy),
            csp_update(policy),
            csp_replace(policy),
            csp_exempt(),
        ):
            assert private_apis.csp_decorated(decorator(view)(rf.get("/")))
        assert not private_apis.csp_decorated(view(rf.get("/")))

        middleware = CSPMiddleware(view)
        request = rf.get("/")
        middleware.process_request(request)
        assert not private_apis.csp_nonce_made(request)
        assert str(request.csp_nonce)
        assert private_apis.csp_nonce_made(request)
        with pytest.raises(CSPNonceError):
            private_apis.csp_nonce_after_response(middleware)()


def test_login_code_form_user(db, rf):
    from allauth.account.forms import RequestLoginCodeForm
    from allauth.account.views import RequestLoginCodeView
    from allauth.core import context

    with relied_on(
        "django-allauth",
        "RequestLoginCodeForm._user",
        "a new reader's address gets a code for the account made for it (SignInView)",
    ):
        form = RequestLoginCodeForm(data={"email": "new.reader@example.com"})
        with context.request_context(rf.post("/account/login/")):
            assert form.is_valid(), form.errors
        assert private_apis.login_code_form_user(form) is None
        marker = object()
        private_apis.login_code_form_user_set(form, marker)
        assert private_apis.login_code_form_user(form) is marker
        assert "form._user" in inspect.getsource(RequestLoginCodeView.form_valid)


def test_diskcache_read_many_answers_as_get(tmp_path):
    cache = EmbeddedCache(str(tmp_path), {"SHARDS": 3})
    keys = [cache.make_key(f"key:{n}") for n in range(9)]
    for n, key in enumerate(keys[:6]):
        cache._cache.set(key, "x" * 70_000 if n == 0 else n)  # n=0 is kept as a file
    with relied_on(
        "diskcache",
        "FanoutCache._shards/_hash/_count, Cache._sql and Cache._disk.fetch()",
        "a page-cache hit reads its tag versions in one statement (core/embedded_cache.py)",
    ):
        found = {}
        for shard, shard_keys in private_apis.diskcache_keys_by_shard(
            cache, keys
        ).items():
            found.update(private_apis.diskcache_read_many(shard, shard_keys))
        assert found == {key: cache._cache.get(key) for key in keys[:6]}


@pytest.mark.parametrize(
    "override", OVERRIDDEN, ids=lambda o: f"{o.owner.rsplit('.', 1)[1]}.{o.name}"
)
def test_overridden_private_methods(override):
    class_name = override.owner.rsplit(".", 1)[1]
    ours_name = override.ours.rsplit(".", 1)[1]
    with relied_on(
        override.library,
        f"{class_name}.{override.name}()",
        f"{ours_name} overrides it and expects {override.called_by}() to call it",
    ):
        owner = dotted(override.owner)
        assert parameters(getattr(owner, override.name)) == override.signature
        caller = inspect.getsource(dotted(override.called_by))
        assert f"self.{override.name}(" in caller
        ours = dotted(override.ours)
        assert issubclass(ours, owner)
        assert override.name in vars(ours)


def dotted(path: str):
    """A class or method by its dotted path: module, then attributes."""
    parts = path.split(".")
    for split in range(len(parts) - 1, 0, -1):
        try:
            found = import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for name in parts[split:]:
            found = getattr(found, name)
        return found
    raise ImportError(path)


FENCED_NAMES = (
    "._get_raw_host(",
    "_result_cache",
    "._populate(",
    "_has_been_logged",
    "_get_connection_pool",
    "._find_for_request(",
    "_wagtail_site",
    "._from_cache",
    "_csp_nonce",
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_missing_key",
    "form._user",
    "._client(",
    "._class =",
    "._cache.",
    "._shards",
    "._disk.",
)


def test_private_names_are_used_only_behind_the_fence():
    package = Path(private_apis.__file__).resolve().parent.parent
    used = [
        f"{path.relative_to(package)}: {name}"
        for path in package.rglob("*.py")
        if not {"tests", "migrations", "testing"} & set(path.parts)
        and path.name != "private_apis.py"
        for name in FENCED_NAMES
        if name in path.read_text()
    ]
    assert not used, "use core/private_apis.py's functions instead: " + str(used)
