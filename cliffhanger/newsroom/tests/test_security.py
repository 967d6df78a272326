"""Hostile text in every editor-supplied field renders inert."""

from html.parser import HTMLParser

import wagtail_factories
from django.utils import timezone

from cliffhanger.newsroom.models import AuthorLink

from .factories import ArticlePageFactory, AuthorFactory, SectionPageFactory

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(document.cookie)"


class ActiveContentFinder(HTMLParser):
    """Collects what a browser would run: inline scripts, handlers, script URLs."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        # JSON-LD and JSON data blocks are data, not code: browsers do not run them.
        data_types = {"application/ld+json", "application/json"}
        self._in_script = tag == "script" and dict(attrs).get("type") not in data_types
        if tag in {"iframe", "object", "embed", "style"}:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            if name in {"href", "src", "action"} and (
                value or ""
            ).strip().lower().startswith(("javascript:", "data:text", "vbscript:")):
                self.found.append(f"{tag}[{name}={value}]")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append(f"inline script: {data.strip()[:40]}")


def assert_inert(html: str) -> None:
    finder = ActiveContentFinder()
    finder.feed(html)
    assert finder.found == []
    assert "&lt;script&gt;alert" in html  # the text survives, escaped


def test_hostile_text_in_every_article_field_is_escaped_or_dropped(home, client):
    section = SectionPageFactory(parent=home, title="News " + XSS, slug="news")
    author = AuthorFactory(name="Eve " + XSS, slug="eve", bio="Bio " + XSS)
    AuthorLink.objects.create(author=author, label="Site " + XSS, url=JS_URL)
    image = wagtail_factories.ImageFactory(title="Poster")
    body = [
        {
            "type": "heading",
            "value": {"text": "Heading " + XSS, "level": "h2", "anchor": '"><script>'},
        },
        {
            "type": "paragraph",
            "value": (
                f'<p>Para {XSS}<a href="{JS_URL}">click</a>'
                '<a href="https://ok.example/" onclick="steal()">ok</a></p>'
                '<iframe src="https://evil.example/"></iframe><style>body{display:none}</style>'
            ),
        },
        {
            "type": "quote",
            "value": {
                "quote": "Quote " + XSS,
                "person": "P " + XSS,
                "role": "R " + XSS,
                "organisation": "O " + XSS,
                "source": "S " + XSS,
                "source_url": JS_URL,
                "date": None,
            },
        },
        {
            "type": "image",
            "value": {
                "image": image.pk,
                "alt_text": 'Alt "><script>alert(1)</script>',
                "caption": "Cap " + XSS,
                "credit": "Cr " + XSS,
            },
        },
    ]
    article = ArticlePageFactory(
        parent=section,
        slug="hostile",
        title="Title " + XSS,
        dek="Dek " + XSS,
        seo_title="Seo " + XSS,
        search_description="Desc " + XSS,
        featured_image=image,
        featured_image_alt='"><script>alert(1)</script>',
        featured_image_caption="Featured " + XSS,
        body=body,
        show_table_of_contents=True,
        authors=[author],
    )
    article.tags.add("Tag " + XSS)
    article.updates.create(updated_at=timezone.now(), note="Update " + XSS)
    article.save()

    html = client.get("/news/hostile/").text

    assert_inert(html)
    assert 'href="https://ok.example/"' in html  # safe links survive the sanitizer
    for path in ("/news/", "/author/eve/", "/"):
        assert_inert(client.get(path).text)
