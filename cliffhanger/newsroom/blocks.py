"""StreamField blocks for articles: one StructBlock per editorial idea."""

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from cliffhanger.core.text import anchor_slug

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul", "hr"]


class HeadingBlock(blocks.StructBlock):
    """An H2 or H3 with a stable anchor, listed in the table of contents."""

    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section (H2)")), ("h3", _("Subsection (H3)"))],
        default="h2",
    )
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        help_text=_("Fragment id for links; left blank it is made from the heading."),
    )

    class Meta:
        icon = "title"
        template = "newsroom/blocks/heading.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        # The article page passes anchors made unique across the whole body.
        context["anchor"] = context.get("anchor") or anchor_slug(
            value.get("anchor") or value["text"]
        )
        return context


class AttributedQuoteBlock(blocks.StructBlock):
    """Words someone said, with who they are and where they said it."""

    quote = blocks.TextBlock(label=_("Quote"))
    person = blocks.CharBlock(label=_("Person"), max_length=120)
    role = blocks.CharBlock(label=_("Role"), required=False, max_length=160)
    organisation = blocks.CharBlock(
        label=_("Organisation"), required=False, max_length=120
    )
    source = blocks.CharBlock(
        label=_("Source outlet"),
        required=False,
        max_length=120,
        help_text=_("Where it was said or first reported, e.g. Deadline."),
    )
    source_url = blocks.URLBlock(label=_("Source URL"), required=False)
    date = blocks.DateBlock(label=_("Date"), required=False)

    class Meta:
        icon = "openquote"
        template = "newsroom/blocks/attributed_quote.html"


class FigureBlock(blocks.StructBlock):
    """An image from the library with the alt text and caption this use needs."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text=_("Describe the image for readers who cannot see it."),
    )
    caption = blocks.CharBlock(required=False, max_length=300)
    credit = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "image"
        template = "newsroom/blocks/figure.html"


def _extension_blocks() -> list[tuple[str, blocks.Block]]:
    """Blocks other apps offer for the body (NEWSROOM_BODY_EXTENSION_BLOCKS)."""
    return [
        (name, import_string(path)())
        for name, path in settings.NEWSROOM_BODY_EXTENSION_BLOCKS
    ]


class ArticleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES, template="newsroom/blocks/paragraph.html"
    )
    quote = AttributedQuoteBlock()
    image = FigureBlock()
    embed = EmbedBlock(
        help_text=_("A video or post URL (YouTube, Vimeo, …)."),
        template="newsroom/blocks/embed.html",
    )

    def __init__(self, local_blocks=None, **kwargs):
        super().__init__([*(local_blocks or []), *_extension_blocks()], **kwargs)
