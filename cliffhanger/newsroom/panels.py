"""
Other apps add editing panels to the article page here (the tracker's "shows
covered", later polls…), so the newsroom need not know them. Call from an
AppConfig.ready(), before the admin builds its forms.
"""

from .models import ArticlePage


def article_panels_extend(*panels) -> None:
    existing = {
        getattr(panel, "relation_name", None) for panel in ArticlePage.content_panels
    }
    new = [p for p in panels if getattr(p, "relation_name", None) not in existing]
    ArticlePage.content_panels = [*ArticlePage.content_panels, *new]
