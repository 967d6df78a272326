"""Article feeds (RSS 2.0 and Atom): the site, each section, tag and author."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed, Enclosure

from cliffhanger.core.renditions import place_rendition, renditions_prefetch

from .models import SectionPage
from .rendering import sanitize_editor_html
from .selectors import (
    article_list_by_author,
    article_list_by_tag,
    article_list_in_section,
    article_list_latest,
    author_get_by_slug,
    tag_get_by_slug,
)

FEED_LENGTH = 30


def for_feed(articles):
    """The first FEED_LENGTH articles with their tags and their enclosure's
    rendition in one query each, not one per entry (every feed's items)."""
    return articles[:FEED_LENGTH].prefetch_related(
        "tagged_items__tag", renditions_prefetch("featured_image", "lead")
    )


class LatestArticlesFeed(Feed):
    title = "Cliffhanger"
    link = "/"
    description = "TV and entertainment news that stays true after the network decides."

    def items(self, obj):
        return for_feed(self.articles(obj))

    def articles(self, obj):
        """The feed's articles, newest first (a feed of a section, a tag… says which)."""
        return article_list_latest()

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        # Summaries by default; NEWSROOM_FEED_FULL_CONTENT puts the whole body in.
        if settings.NEWSROOM_FEED_FULL_CONTENT:
            return sanitize_editor_html(str(article.body.render_as_block()))
        return article.dek or article.search_description

    def item_link(self, article):
        return article.url

    def item_guid(self, article):
        return f"cliffhanger-article-{article.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, article):
        return article.first_published_at

    def item_updateddate(self, article):
        return article.last_published_at or article.first_published_at

    def item_author_name(self, article):
        names = [link.author.name for link in article.article_authors.all()]
        return ", ".join(names) or None

    def item_categories(self, article):
        return sorted(item.tag.name for item in article.tagged_items.all())

    def item_enclosures(self, article):
        if not article.featured_image:
            return []
        rendition = place_rendition(article.featured_image, "lead", 960)
        if rendition is None:
            return []
        return [
            Enclosure(
                self.request.build_absolute_uri(rendition.url),
                str(rendition.file.size),
                f"image/{rendition.file.name.rsplit('.', 1)[-1].replace('jpg', 'jpeg')}",
            )
        ]

    def get_feed(self, obj, request):
        self.request = request
        return super().get_feed(obj, request)


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, section_id):
        section = SectionPage.objects.live().public().filter(pk=section_id).first()
        if section is None:
            raise Http404("No such section")
        return section

    def title(self, section):
        return f"Cliffhanger: {section.title}"

    def link(self, section):
        return section.url

    def description(self, section):
        return section.intro or f"The latest from {section.title}."

    def articles(self, section):
        return article_list_in_section(section=section)


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        tag = tag_get_by_slug(slug=slug)
        if tag is None:
            raise Http404("No such tag")
        return tag

    def title(self, tag):
        return f"Cliffhanger: {tag.name}"

    def link(self, tag):
        return f"/tag/{tag.slug}/"

    def description(self, tag):
        return f"Articles tagged {tag.name}."

    def articles(self, tag):
        return article_list_by_tag(tag=tag)


class AuthorFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        author = author_get_by_slug(slug=slug)
        if author is None:
            raise Http404("No such author")
        return author

    def title(self, author):
        return f"Cliffhanger: {author.name}"

    def link(self, author):
        return author.get_absolute_url()

    def description(self, author):
        return f"Articles by {author.name}."

    def articles(self, author):
        return article_list_by_author(author=author)


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed

    def subtitle(self, section):
        return self.description(section)


class TagAtomFeed(TagFeed):
    feed_type = Atom1Feed

    def subtitle(self, tag):
        return self.description(tag)


class AuthorAtomFeed(AuthorFeed):
    feed_type = Atom1Feed

    def subtitle(self, author):
        return self.description(author)
