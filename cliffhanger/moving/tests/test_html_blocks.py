import pytest

from cliffhanger.moving.html_blocks import html_to_blocks, plain_text
from cliffhanger.moving.shortcodes import shortcodes_expand


def keep_http(src: str) -> str | None:
    if src.startswith("/"):
        return "https://old.example" + src
    return src if src.startswith(("http://", "https://")) else None


def blocks(content: str) -> list[tuple[str, object]]:
    return [
        (b["type"], b["value"])
        for b in html_to_blocks(content, image_url=keep_http).blocks
    ]


class TestClassicEditorText:
    def test_blank_lines_make_paragraphs_and_single_newlines_breaks(self):
        assert blocks("One\ntwo\n\nThree") == [
            ("paragraph", "<p>One<br/>two</p><p>Three</p>")
        ]

    def test_formatting_is_kept_in_wagtails_storage_format(self):
        assert blocks(
            '<strong>a</strong> <em>b</em> <a href="https://x.example/?a=1&amp;b=2">c</a>'
        ) == [
            (
                "paragraph",
                '<p><b>a</b> <i>b</i> <a href="https://x.example/?a=1&amp;b=2">c</a></p>',
            )
        ]

    def test_lists_and_rules_join_the_paragraphs_around_them(self):
        assert blocks(
            "Before\n<ul><li>One</li><li>Two<ol><li>Nested</li></ol></li></ul>\n<hr>\nAfter"
        ) == [
            (
                "paragraph",
                "<p>Before</p><ul><li>One</li><li>Two<ol><li>Nested</li></ol></li></ul>"
                "<hr/><p>After</p>",
            )
        ]


class TestSanitizing:
    def test_scripts_handlers_and_javascript_links_go(self):
        result = blocks(
            '<p onclick="x()">Hi<script>alert(1)</script> <a href="javascript:alert(1)">there</a></p>'
            "<style>p{}</style><iframe src='https://evil.example'></iframe>"
        )
        assert result == [("paragraph", "<p>Hi there</p>")]

    def test_unknown_tags_are_unwrapped_not_lost(self):
        assert blocks("<p><span class='x'>kept</span> <u>words</u></p>") == [
            ("paragraph", "<p>kept words</p>")
        ]


def test_headings_become_h2_and_h3_with_their_anchor():
    assert blocks("<h1>Big</h1><h2 id='numbers'>Numbers</h2><h4>Small</h4>") == [
        ("heading", {"text": "Big", "level": "h2", "anchor": ""}),
        ("heading", {"text": "Numbers", "level": "h2", "anchor": "numbers"}),
        ("heading", {"text": "Small", "level": "h3", "anchor": ""}),
    ]


class TestQuotes:
    def test_blockquote_with_cite_is_an_attributed_quote(self):
        [(kind, value)] = blocks(
            "<blockquote><p>One.</p><p>Two<br>lines.</p><cite>— Jane Doe</cite></blockquote>"
        )
        assert kind == "quote"
        assert value["quote"] == "One.\n\nTwo\nlines."
        assert value["person"] == "Jane Doe"

    def test_blockquote_without_cite_is_counted_for_the_editor(self):
        result = html_to_blocks("<blockquote>Words.</blockquote>", image_url=keep_http)
        assert result.blocks[0]["value"]["person"] == ""
        assert result.quotes_without_person == 1

    def test_embedded_tweet_becomes_an_embed(self):
        assert blocks(
            '<blockquote class="twitter-tweet"><p>Hi</p>&mdash; A '
            '<a href="https://twitter.com/a/status/1">May 1</a></blockquote>'
        ) == [("embed", "https://twitter.com/a/status/1")]


class TestImages:
    def test_caption_shortcode_is_a_captioned_image(self):
        assert blocks(
            '[caption id="attachment_5" width="300"]<a href="/big.jpg"><img src="/a.jpg" alt="A cat"></a> '
            "The <em>cat</em>[/caption]"
        ) == [
            (
                "remote_image",
                {
                    "url": "https://old.example/a.jpg",
                    "alt_text": "A cat",
                    "caption": "The cat",
                    "credit": "",
                },
            )
        ]

    def test_image_inside_a_paragraph_splits_it(self):
        assert [
            kind
            for kind, _ in blocks(
                '<p>Before <img src="https://x.example/i.png" alt="i"> after</p>'
            )
        ] == [
            "paragraph",
            "remote_image",
            "paragraph",
        ]

    def test_image_without_a_usable_address_is_dropped_and_counted(self):
        result = html_to_blocks(
            '<img src="data:image/png;base64,AAAA"><img alt="none">',
            image_url=keep_http,
        )
        assert result.blocks == []
        assert result.images_dropped == 2

    def test_figure_credit_comes_from_a_cite_in_the_caption(self):
        [(_, value)] = blocks(
            '<figure><img src="https://x.example/a.jpg" alt="A"/>'
            "<figcaption>Caption <cite>Photo: Netflix</cite></figcaption></figure>"
        )
        assert (value["caption"], value["credit"]) == ("Caption", "Photo: Netflix")


class TestEmbeds:
    def test_embed_shortcode(self):
        assert blocks("[embed]https://www.youtube.com/watch?v=a&amp;t=1[/embed]") == [
            ("embed", "https://www.youtube.com/watch?v=a&t=1")
        ]

    def test_youtube_and_vimeo_iframes(self):
        assert blocks(
            '<iframe src="https://www.youtube-nocookie.com/embed/abc?rel=0"></iframe>'
            '<iframe src="https://player.vimeo.com/video/123"></iframe>'
        ) == [
            ("embed", "https://www.youtube.com/watch?v=abc"),
            ("embed", "https://vimeo.com/123"),
        ]

    def test_block_editor_embed(self):
        assert blocks(
            '<!-- wp:embed --><figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n'
            "https://vimeo.com/9\n</div></figure><!-- /wp:embed -->"
        ) == [("embed", "https://vimeo.com/9")]


class TestShortcodes:
    def test_unknown_shortcodes_stay_visible_and_are_named(self):
        result = html_to_blocks(
            '[gallery ids="1,2"]\n\n[contact-form-7 id="3"/] [sic]', image_url=keep_http
        )
        assert result.blocks == [
            {
                "type": "paragraph",
                "value": '<p>[gallery ids="1,2"]</p><p>[contact-form-7 id="3"/] [sic]</p>',
            }
        ]
        assert result.unknown_shortcodes == ["gallery", "contact-form-7", "sic"]

    def test_doubled_brackets_are_wordpress_for_literal_text(self):
        _, unknown = shortcodes_expand("Write [[gallery]] to show a gallery.")
        assert unknown == []


def test_block_editor_content_is_not_given_extra_breaks():
    assert blocks("<!-- wp:paragraph -->\n<p>One\ntwo</p>\n<!-- /wp:paragraph -->") == [
        ("paragraph", "<p>One two</p>")
    ]


def test_plain_text_of_an_excerpt():
    assert (
        plain_text("A <em>short</em>\n excerpt &amp; more", limit=300)
        == "A short excerpt & more"
    )
    assert plain_text("word " * 100, limit=20) == "word word word word…"


@pytest.mark.parametrize(
    "content",
    ["", "   ", "<p>&nbsp;</p>", "<!-- wp:paragraph --><!-- /wp:paragraph -->"],
)
def test_empty_content_has_no_blocks(content):
    assert blocks(content) == []
