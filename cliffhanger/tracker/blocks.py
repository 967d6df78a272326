"""The statement block: an editor embeds a tracker Statement in an article's body."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.blocks import SnippetChooserBlock


class StatementBlock(SnippetChooserBlock):
    """Renders the statement as an attributed quote; a deleted one renders as nothing."""

    def __init__(self, **kwargs):
        super().__init__(
            "tracker.Statement",
            template="tracker/blocks/statement.html",
            icon="openquote",
            label=_("Statement"),
            **kwargs,
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        context["is_preview"] = bool(getattr(request, "is_preview", False))
        return context
