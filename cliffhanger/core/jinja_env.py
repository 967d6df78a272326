"""
The Jinja2 environment for the reader-facing templates (the `jinja2/`
folders). Django's template engine stays for the admin, allauth's pages and
email; a reader's page renders in Jinja2 at a fraction of its cost (the
measurement is in bench/README.md).

Django's filters and tags that the templates use keep their meaning here:
`date` (core/templatetags/dates.py, on the local time as Django's gives it),
Wagtail's `pageurl()` (each page's address worked out once),
`pluralize`, `linebreaks`, `truncatechars`, `urlencode`, and `url()`,
`static()` and `embed()` for `{% url %}`, `{% static %}` and `{% embed %}`. Each app adds its own globals
and filters in a `jinja_tags` module with `GLOBALS` and `FILTERS` dicts, found
the way Django finds `templatetags`.
"""

from importlib import import_module

import jinja2
from django.apps import apps
from django.shortcuts import resolve_url
from django.template import defaultfilters, engines
from django.urls import reverse
from django.utils.module_loading import module_has_submodule
from django.utils.timezone import template_localtime
from jinja2 import ChainableUndefined
from markupsafe import Markup
from wagtail.blocks import StructValue
from wagtail.embeds.templatetags.wagtailembeds_tags import embed_tag
from wagtail.models import Page

from cliffhanger.core.addresses import page_url_once, reverse_once, static_once
from cliffhanger.core.templatetags.dates import date_filter


def url(name: str, *args, **kwargs) -> str:
    """`{% url name arg… %}`."""
    if kwargs:
        return reverse(name, kwargs=kwargs)
    return reverse_once(name, *args)


@jinja2.pass_context
def pageurl(context, page, fallback=None) -> str | None:
    """Wagtail's `pageurl()`, each page's address worked out once (addresses.py)."""
    if page is None and fallback:
        return resolve_url(fallback)
    if not isinstance(page, Page):  # Wagtail's own answer to a wrong argument
        raise ValueError(f"pageurl() expected a Page object, got {page!r}")
    return page_url_once(page, context.get("request"))


def date(value, arg=None) -> str:
    """Django's `date` filter: an aware datetime is written in local time."""
    if not value:  # None, "", or a value the template does not have
        return ""
    return date_filter(template_localtime(value), arg)


DJANGO_FILTERS = {
    "date": date,
    "pluralize": defaultfilters.pluralize,
    "linebreaks": defaultfilters.linebreaks_filter,
    "linebreaksbr": defaultfilters.linebreaksbr,
    "truncatechars": defaultfilters.truncatechars,
    "urlencode": defaultfilters.urlencode,
    "capfirst": defaultfilters.capfirst,
    "stringformat": defaultfilters.stringformat,
}


class Template(jinja2.Template):
    """A template whose HTML comes back marked safe, as Django's templates'
    does, so that a part rendered with render_to_string() and put into
    format_html() or a slot is not escaped a second time."""

    def render(self, *args, **kwargs) -> Markup:
        return Markup(super().render(*args, **kwargs))


class Environment(jinja2.Environment):
    """
    Jinja2's environment with each template's globals in one plain dict:
    Jinja2's own ChainMap is copied into every render's context key by key
    (the seed article renders 28 templates: blocks, includes, slot parts).
    Globals are all set before the first template loads (environment()
    below), so nothing is missed. A dict's keys are read as Django reads
    them (getattr below).
    """

    template_class = Template

    def make_globals(self, d):
        return {**self.globals, **(d or {})}

    def getattr(self, obj, attribute):
        """
        `x.y` on a plain dict (a row a selector gave) or a block's StructValue
        reads its key first, as Django's engine does, the engine these
        templates were written for. Jinja2 asks for the attribute first: the
        AttributeError it makes and drops was 91 per seed article. Other
        mappings keep Jinja2's order: a reader's query string (a QueryDict)
        must not put "1" where a template calls `.get()`.
        """
        if type(obj) is dict or isinstance(obj, StructValue):
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def environment(**options) -> Environment:
    """The environment Django's Jinja2 backend renders with (settings.TEMPLATES)."""
    # Every template stays compiled for the life of the process, looked up in a
    # plain dict rather than Jinja2's locked LRU (under a hundred templates).
    options["cache_size"] = -1
    # Missing values print nothing and may be looked into, as in Django's
    # engine (Django's backend asks for Jinja2's stricter default).
    options["undefined"] = ChainableUndefined
    options.setdefault(
        "extensions",
        [
            "wagtail.jinja2tags.core",
            "wagtail.images.jinja2tags.images",
            "cliffhanger.caching.jinja_tags.FragmentExtension",
        ],
    )
    env = Environment(**options)
    env.globals.update(url=url, static=static_once, embed=embed_tag, pageurl=pageurl)
    env.filters.update(DJANGO_FILTERS)
    for module in _apps_jinja_tags():
        env.globals.update(getattr(module, "GLOBALS", {}))
        env.filters.update(getattr(module, "FILTERS", {}))
    return env


def jinja_drawn(template_name: str, values: dict) -> Markup:
    """A Jinja2 template drawn with `values` (a Django context's, flattened):
    a partial, or the layout, drawn for a page still in Django's engine."""
    return engines["jinja2"].env.get_template(template_name).render(values)


def _apps_jinja_tags():
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, "jinja_tags"):
            yield import_module(f"{app_config.name}.jinja_tags")
