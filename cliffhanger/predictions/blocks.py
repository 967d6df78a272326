"""The poll block: an editor places a poll inside an article's body."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.blocks import SnippetChooserBlock


class PollBlock(SnippetChooserBlock):
    def __init__(self, **kwargs):
        super().__init__(
            "predictions.Poll",
            template="predictions/blocks/poll.html",
            icon="list-ul",
            label=_("Poll"),
            **kwargs,
        )
