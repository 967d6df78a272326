from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockNode
from django.utils.safestring import mark_safe

from cliffhanger.core.jinja_env import jinja_drawn
from cliffhanger.core.slots import slot_in_page

register = template.Library()

SAFE_URL_SCHEMES = ("http://", "https://", "mailto:")


@register.filter
def safe_url(value):
    """An editor-supplied URL, or '' when its scheme could run script."""
    text = str(value or "").strip()
    if text.lower().startswith(SAFE_URL_SCHEMES):
        return text
    # A path on this site, but not "//host" or "/\\host": browsers read those
    # as another site.
    is_local_path = text.startswith("/") and text[1:2] not in ("/", "\\")
    return text if is_local_path else ""


@register.simple_tag(takes_context=True)
def page_query(context, page_number):
    """The current query string with only the page number changed."""
    query = context["request"].GET.copy()
    query["page"] = page_number
    return "?" + query.urlencode()


JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """A JSON-LD script element; <, > and & are escaped so text cannot end the script."""
    import json

    payload = json.dumps(data, ensure_ascii=False, default=str).translate(
        JSON_SCRIPT_ESCAPES
    )
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')


@register.simple_tag(takes_context=True)
def slot(context, name):
    """
    Render what other apps put in a named place of a page (core/slots.py):
    a page's own app knows only the name; the app that owns the feature owns
    the part (comments under articles, polls on show pages…).
    """
    return slot_in_page(context, name)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's address without tracking or view parameters (a listing keeps its page)."""
    request = context["request"]
    page_number = request.GET.get("page", "")
    query = (
        f"?page={page_number}" if page_number.isdigit() and page_number != "1" else ""
    )
    return request.build_absolute_uri(request.path) + query


class SiteLayoutNode(template.Node):
    """Draws the page's blocks, then the Jinja2 layout with them in place."""

    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.blocks = nodelist.get_nodes_by_type(BlockNode)

    def render(self, context):
        block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
        # A block the page did not override keeps the layout's own.
        overridden = [
            node
            for node in self.blocks
            if block_context is not None
            and block_context.get_block(node.name) not in (None, node)
        ]
        drawn = {node.name: node.render(context) for node in overridden}
        return jinja_drawn(
            "django_page.html", {**context.flatten(), "django_blocks": drawn}
        )


@register.tag
def site_layout(parser, token):
    """
    `{% site_layout %}{% block … %}{% endblock %}…{% endsite_layout %}`: the
    site's layout is one Jinja2 template (jinja2/layout.html); a page that
    Django's engine draws (allauth's, say) extends templates/base.html, whose
    blocks this tag draws into that layout.
    """
    nodelist = parser.parse(("endsite_layout",))
    parser.delete_first_token()
    return SiteLayoutNode(nodelist)


@register.simple_tag(takes_context=True)
def jinja_include(context, template_name, **values):
    """
    `{% jinja_include "includes/breadcrumbs.html" current_title=… %}`: a
    Jinja2 partial drawn in a page still in Django's engine, with the page's
    context and `values`, as `{% include … with … %}` would draw it. Lets a
    partial move to Jinja2 before every page that includes it has.
    """
    return jinja_drawn(template_name, {**context.flatten(), **values})
