"""An article's body as the site renders it, for the API's detail answer."""

from django.template.loader import render_to_string

from cliffhanger.newsroom.selectors import article_body_blocks


def article_body_html(*, article) -> str:
    return render_to_string(
        "api/article_body.html", {"body_blocks": article_body_blocks(article=article)}
    ).strip()
