"""Comment feeds: the latest comments site-wide and per article, RSS 2.0 and Atom."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed

from cliffhanger.newsroom.selectors import article_get_live

from .selectors import comment_list_latest


class LatestCommentsFeed(Feed):
    title = "Cliffhanger: latest comments"
    link = "/"
    description = "The newest reader comments on Cliffhanger."

    def items(self):
        return comment_list_latest()

    def item_title(self, comment):
        return f"{comment.author_name} on {comment.article.title}"

    def item_description(self, comment):
        return comment.body_html  # sanitized when the comment was written

    def item_link(self, comment):
        return f"{comment.article.url}#comment-{comment.pk}"

    def item_guid(self, comment):
        return f"comment-{comment.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, comment):
        return comment.author_name

    def item_pubdate(self, comment):
        return comment.created_at

    def item_updateddate(self, comment):
        return comment.edited_at or comment.created_at


class LatestCommentsAtomFeed(LatestCommentsFeed):
    feed_type = Atom1Feed
    subtitle = LatestCommentsFeed.description


class ArticleCommentsFeed(LatestCommentsFeed):
    def get_object(self, request, article_id):
        article = article_get_live(article_id=article_id)
        if article is None:
            raise Http404("No such article")
        return article

    def title(self, article):
        return f"Comments on {article.title}"

    def link(self, article):
        return article.url

    def description(self, article):
        return f"Reader comments on “{article.title}”."

    def items(self, article):
        return comment_list_latest(article=article, limit=50)


class ArticleCommentsAtomFeed(ArticleCommentsFeed):
    feed_type = Atom1Feed

    def subtitle(self, article):
        return self.description(article)
