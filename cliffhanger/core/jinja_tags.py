"""core's template tags for Jinja2 templates (core/jinja_env.py), the same
functions as core_tags and picture_tags."""

from jinja2 import pass_context

from cliffhanger.core.slots import slot_in_page
from cliffhanger.core.templatetags.core_tags import (
    canonical_url,
    json_ld,
    page_query,
    safe_url,
)
from cliffhanger.core.templatetags.picture_tags import picture_for, picture_preload

GLOBALS = {
    "slot": pass_context(slot_in_page),
    "canonical_url": pass_context(canonical_url),
    "page_query": pass_context(page_query),
    "picture_for": picture_for,
    "picture_preload": picture_preload,
}
FILTERS = {"json_ld": json_ld, "safe_url": safe_url}
