"""
WordPress shortcodes in post content: the ones with an equivalent become the
HTML our block converter understands, the rest stay as they are (visible to
the editor) and are named so the import report can list them.

    html, unknown = shortcodes_expand('[caption]<img src="a.jpg"> A cat[/caption] [gallery]')
    # html: '<figure><img src="a.jpg"><figcaption>A cat</figcaption></figure> [gallery]'
    # unknown: ["gallery"]

- [caption …]<img …> text[/caption] (and [wp_caption]) → <figure> with <figcaption>
- [embed]URL[/embed] → <figure class="embed"> holding the link (an embed block)
- <iframe> players from YouTube and Vimeo → the same, with the page URL
"""

import html
import re

CAPTION = re.compile(
    r"\[(caption|wp_caption)\b([^\]]*)\](.*?)\[/\1\]", re.DOTALL | re.IGNORECASE
)
CAPTION_ATTRIBUTE = re.compile(r"""\bcaption=(["'])(.*?)\1""", re.DOTALL)
# The image (maybe inside a link) at the start of a caption's content.
CAPTIONED_IMAGE = re.compile(
    r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL | re.IGNORECASE
)
EMBED = re.compile(r"\[embed\b[^\]]*\](.*?)\[/embed\]", re.DOTALL | re.IGNORECASE)
IFRAME = re.compile(
    r"<iframe\b[^>]*?\bsrc=([\"'])(.*?)\1[^>]*>.*?</iframe>", re.DOTALL | re.IGNORECASE
)
PLAYERS = (
    (
        re.compile(
            r"^(?:https?:)?//(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]+)"
        ),
        "https://www.youtube.com/watch?v={}",
    ),
    (
        re.compile(r"^(?:https?:)?//player\.vimeo\.com/video/(\d+)"),
        "https://vimeo.com/{}",
    ),
)
# An opening shortcode: "[name", then a space, "]" or "/". "[[name]]" is
# WordPress's way of writing the text "[name]", so a doubled bracket is left out.
SHORTCODE = re.compile(r"(?<!\[)\[([a-zA-Z][\w-]*)(?=[\s\]/])[^\]\[]*\](?!\])")


def _figure_for_embed(url: str) -> str:
    url = html.escape(url.strip(), quote=True)
    return f'<figure class="embed"><a href="{url}">{url}</a></figure>'


def _caption(match: re.Match) -> str:
    content = match.group(3)
    image = CAPTIONED_IMAGE.match(content)
    if image is None:
        return content  # no image: keep the text, drop the wrapper
    text = image.group(2).strip()
    if not text:
        attribute = CAPTION_ATTRIBUTE.search(match.group(2))
        text = html.escape(html.unescape(attribute.group(2))) if attribute else ""
    caption = f"<figcaption>{text}</figcaption>" if text else ""
    return f"<figure>{image.group(1)}{caption}</figure>"


def _iframe(match: re.Match) -> str:
    source = html.unescape(match.group(2))
    for pattern, page_url in PLAYERS:
        player = pattern.match(source)
        if player:
            return _figure_for_embed(page_url.format(player.group(1)))
    return ""  # other frames are dropped; the sanitizer would drop them anyway


def shortcodes_expand(content: str) -> tuple[str, list[str]]:
    """Content with the known shortcodes turned into HTML, and the unknown ones' names in order."""
    content = CAPTION.sub(_caption, content)
    content = EMBED.sub(
        lambda match: _figure_for_embed(html.unescape(match.group(1))), content
    )
    content = IFRAME.sub(_iframe, content)
    unknown = [match.group(1).lower() for match in SHORTCODE.finditer(content)]
    return content, unknown
