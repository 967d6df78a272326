"""schema.org data for article pages: NewsArticle and BreadcrumbList."""

from django.templatetags.static import static

from cliffhanger.core.renditions import largest_fallback_url

SOCIAL_CARD = "cliffhanger/img/social-card.png"


def article_json_ld(
    *, article, authors, breadcrumbs, last_updated_at, request
) -> list[dict]:
    absolute = request.build_absolute_uri
    # With the request, Wagtail reads the site root paths once for the page
    # (kept on the request) and names the request's own site, as the
    # canonical link does; without, it reads them from the cache per URL.
    news = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "mainEntityOfPage": absolute(article.get_url(request)),
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
                "item": absolute(crumb.get_url(request)),
            }
            for position, crumb in enumerate(crumbs, start=1)
        ]
        + [{"@type": "ListItem", "position": len(crumbs) + 1, "name": article.title}],
    }
    return [{k: v for k, v in news.items() if v is not None}, trail]
