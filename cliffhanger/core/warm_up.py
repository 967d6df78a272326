"""
Work a gunicorn master does once before forking, so that every worker shares
the result instead of building its own copy: compiled templates (the cached
loader keeps them per process) and the URL resolver.
"""

import logging
from pathlib import Path

from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import get_resolver

from .private_apis import url_resolver_fill

PACKAGE_DIR = Path(__file__).resolve().parent.parent
logger = logging.getLogger(__name__)


def our_template_names() -> list[str]:
    names = []
    folders = [*PACKAGE_DIR.glob("**/templates"), *PACKAGE_DIR.glob("**/jinja2")]
    for folder in folders:
        names += [
            path.relative_to(folder).as_posix() for path in folder.glob("**/*.html")
        ]
    return sorted(set(names))


def compile_shared_state() -> int:
    """Compile our templates and fill the URL resolver; the number of templates compiled."""
    url_resolver_fill(get_resolver())
    compiled = 0
    for name in our_template_names():
        try:
            get_template(name)
        except TemplateDoesNotExist:
            continue  # a name another loader shadows: nothing to share
        except Exception:  # a warm-up must never keep the server from starting
            logger.exception("Could not compile template %s before forking", name)
            continue
        compiled += 1
    return compiled
