"""schema.org data for article pages: NewsArticle and BreadcrumbList."""

from django.templatetags.static import static

from cliffhanger.core.addresses import page_url_once
from cliffhanger.core.renditions import largest_fallback_url

SOCIAL_CARD = "cliffhanger/img/social-card.png"


def article_json_ld(
    *, article, authors, breadcrumbs, last_updated_at, request
) -> list[dict]:
    absolute = request.build_absolute_uri
    # With the request, the site root paths are read once for the page (kept
    # on the request) and the request's own site is named, as the canonical
    # link does; each page's address is worked out once (core/addresses.py).
    news = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "mainEntityOfPage": absolute(page_url_once(article, request)),
        "datePublished": article.first_published_at.isoformat()
        if article.first_published_at
        else None,
        "dateModified": (
            last_updated_at or article.last_published_at or article.first_published_at
        ).isoformat()
        if (last_updated_at or article.last_published_at or article.first_published_at)
        else None,
        "description": article.dek or None,
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                "url": absolute(author.get_absolute_url()),
            }
            for author in authors
        ],
        "publisher": {
            "@type": "Organization",
            "name": "Cliffhanger",
            "logo": {
                "@type": "ImageObject",
                "url": absolute(static("cliffhanger/img/logo.png")),
            },
        },
    }
    # Search engines want an image on every NewsArticle: the site's card stands in.
    lead_url = article.featured_image and largest_fallback_url(
        article.featured_image, "lead"
    )
    news["image"] = [absolute(lead_url or static(SOCIAL_CARD))]
    crumbs = [*breadcrumbs]
    trail = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": "Home" if crumb.depth == 2 else crumb.title,
                "item": absolute(page_url_once(crumb, request)),
            }
            for position, crumb in enumerate(crumbs, start=1)
        ]
        + [{"@type": "ListItem", "position": len(crumbs) + 1, "name": article.title}],
    }
    return [{k: v for k, v in news.items() if v is not None}, trail]
