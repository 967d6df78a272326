"""StreamField blocks for articles: one StructBlock per editorial idea."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from cliffhanger.core.text import anchor_slug

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul", "hr"]


class ReadersTextStructBlock(blocks.StructBlock):
    """
    A StructBlock whose searchable content is what readers read: its blank
    fields give nothing (Wagtail writes a missing value as the word "None"),
    and fields marked search_index=False (a heading's level, an anchor, an
    address) give nothing either. Search indexes and cuts snippets from it.
    """

    def get_searchable_content(self, value):
        if not self.search_index:
            return []
        content = []
        for name, block in self.child_blocks.items():
            child = value.get(name)
            if child is not None and child != "":
                content.extend(block.get_searchable_content(child))
        return content


class HeadingBlock(ReadersTextStructBlock):
    """An H2 or H3 with a stable anchor, listed in the table of contents."""

    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section (H2)")), ("h3", _("Subsection (H3)"))],
        default="h2",
        search_index=False,
    )
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        search_index=False,
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


class AttributedQuoteBlock(ReadersTextStructBlock):
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


class FigureBlock(ReadersTextStructBlock):
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


def remote_image_address_ok(url: str) -> bool:
    """An http(s) address, or a path on this site (not "//host", another site)."""
    text = (url or "").strip()
    if text.lower().startswith(("https://", "http://")):
        return True
    return text.startswith("/") and text[1:2] not in ("/", "\\")


def validate_remote_image_address(url: str) -> None:
    if not remote_image_address_ok(url):
        raise ValidationError(_("Use an https:// address or a /path on this site."))


class RemoteImageBlock(ReadersTextStructBlock):
    """
    An image kept at its address instead of in the image library: what an
    import makes of another site's images (it downloads nothing). An editor
    can replace it with a library figure at any time.
    """

    url = blocks.CharBlock(
        label=_("Image address"),
        max_length=500,
        search_index=False,
        validators=[validate_remote_image_address],
    )
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text=_("Describe the image for readers who cannot see it."),
    )
    caption = blocks.CharBlock(required=False, max_length=300)
    credit = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "image"
        label = _("Image at an address")

    def render_basic(self, value, context=None):
        # The markup of figure.html, so the figure styles apply.
        if not remote_image_address_ok(value.get("url")):
            return ""
        credit = value.get("credit") or ""
        figcaption = ""
        if value.get("caption") or credit:
            figcaption = format_html(
                "<figcaption>{}{}</figcaption>",
                value.get("caption") or "",
                format_html(' <span class="figure__credit">{}</span>', credit)
                if credit
                else "",
            )
        return format_html(
            '<figure class="figure"><img src="{}" alt="{}" loading="lazy">{}</figure>',
            value["url"].strip(),
            value.get("alt_text") or "",
            figcaption,
        )


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
    remote_image = RemoteImageBlock()
    embed = EmbedBlock(
        help_text=_("A video or post URL (YouTube, Vimeo, …)."),
        template="newsroom/blocks/embed.html",
    )

    def __init__(self, local_blocks=None, **kwargs):
        super().__init__([*(local_blocks or []), *_extension_blocks()], **kwargs)
