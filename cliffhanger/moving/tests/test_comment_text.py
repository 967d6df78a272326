import pytest

from cliffhanger.discussion.rendering import render_comment_markdown
from cliffhanger.moving.comment_text import comment_markdown


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("Plain words", "Plain words"),
        ("One\ntwo\n\nThree", "One\ntwo\n\nThree"),
        ("<p>One<br>two</p><p>Three</p>", "One\ntwo\n\nThree"),
        ("<b>bold</b> and <em>it</em>", "**bold** and *it*"),
        ('<a href="https://x.example/a b">link</a>', "[link](https://x.example/a%20b)"),
        ("<blockquote>quoted</blockquote>after", "> quoted\n\nafter"),
        ("<ul><li>a</li><li>b</li></ul>", "- a\n- b"),
        ("5 * 3 = 15, snake_case, [x]", "5 \\* 3 = 15, snake\\_case, \\[x\\]"),
        (
            "- not a list\n1. nor this\n# nor a heading",
            "\\- not a list\n1\\. nor this\n\\# nor a heading",
        ),
        ("&amp;copy; stays text", "\\&copy; stays text"),
        ('<script>alert(1)</script><a href="javascript:x()">x</a>', "x"),
        ("<p>  </p>", ""),
    ],
)
def test_comment_markdown(html, markdown):
    assert comment_markdown(html) == markdown


@pytest.mark.parametrize(
    "html",
    [
        "Great <b>episode</b>!\nSecond line\n\nSee <a href='https://x.y/a(b)'>this</a> * _ |",
        "<p>Disqus <em>style</em><br>line two</p><blockquote><p>quoted</p></blockquote>",
        "<ol><li>one</li><li>two</li></ol><pre>code *not* markup</pre>",
    ],
)
def test_rendered_again_it_gives_the_same_markdown(html):
    """What an export writes (body_html) imports back to the same comment."""
    markdown = comment_markdown(html)
    again = comment_markdown(render_comment_markdown(markdown))
    assert again == markdown


def test_text_shows_as_it_was_written():
    html = render_comment_markdown(
        comment_markdown("5 * 3 and 2 * 4 are *not* <i>equal</i>")
    )
    assert "5 * 3 and 2 * 4 are *not* <em>equal</em>" in html
