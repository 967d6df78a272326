"""The body block imported images become (newsroom.blocks.RemoteImageBlock)."""

import pytest
from django.core.exceptions import ValidationError

from cliffhanger.newsroom.blocks import RemoteImageBlock

VALUE = {
    "url": "https://cdn.example/a.jpg",
    "alt_text": 'A "quoted" <b>alt</b>',
    "caption": "Caption & more",
    "credit": "Netflix",
}


def test_renders_a_figure_with_everything_escaped():
    block = RemoteImageBlock()

    html = block.render(block.to_python(VALUE))

    assert html == (
        '<figure class="figure"><img src="https://cdn.example/a.jpg" '
        'alt="A &quot;quoted&quot; &lt;b&gt;alt&lt;/b&gt;" loading="lazy">'
        '<figcaption>Caption &amp; more <span class="figure__credit">Netflix</span>'
        "</figcaption></figure>"
    )


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "//evil.example/a.jpg", "data:image/png;base64,AA"]
)
def test_an_unsafe_address_is_refused_and_never_rendered(url):
    block = RemoteImageBlock()
    value = block.to_python({**VALUE, "url": url})

    with pytest.raises(ValidationError):
        block.clean(value)
    assert block.render(value) == ""


def test_a_path_on_this_site_is_fine():
    block = RemoteImageBlock()

    value = block.clean(block.to_python({**VALUE, "url": "/wp-content/uploads/a.jpg"}))

    assert value["url"] == "/wp-content/uploads/a.jpg"
    assert '<img src="/wp-content/uploads/a.jpg"' in block.render(value)


def test_imported_article_shows_its_images(client, import_wordpress_file):
    import_wordpress_file()

    html = client.get("/entertainment/tv/partner-track-season-2/").content.decode()

    assert (
        '<img src="https://www.tvdaily.example/wp-content/uploads/2022/09/'
        'partner-track.jpg" alt="Arden Cho in a law office" loading="lazy">'
    ) in html
    assert "Arden Cho as Ingrid Yun" in html
