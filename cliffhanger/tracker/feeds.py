"""Status-change feeds, site-wide and per show, and each show's articles (RSS 2.0 and Atom)."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from cliffhanger.newsroom.feeds import LatestArticlesFeed
from cliffhanger.newsroom.selectors import article_list_latest

from .selectors import show_get_by_slug, status_change_list_latest


class StatusChangesFeed(Feed):
    title = "Cliffhanger: renewal status changes"
    description = "Every renewal, cancellation and premiere date the tracker records."

    def link(self):
        return reverse("tracker:show_board")

    def items(self):
        return status_change_list_latest()

    def item_title(self, change):
        return f"{change.season}: {change.get_status_display()}"

    def item_description(self, change):
        parts = [
            f"{change.get_status_display()} as of {change.effective_date:%d %B %Y}."
        ]
        if change.note:
            parts.append(change.note)
        if change.source_outlet:
            parts.append(f"Source: {change.source_outlet}.")
        return " ".join(parts)

    def item_link(self, change):
        return change.season.show.get_absolute_url() + f"#season-{change.season.number}"

    def item_guid(self, change):
        return f"status-change-{change.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, change):
        return change.recorded_at


class StatusChangesAtomFeed(StatusChangesFeed):
    feed_type = Atom1Feed
    subtitle = StatusChangesFeed.description


class ShowStatusChangesFeed(StatusChangesFeed):
    def get_object(self, request, slug):
        show = show_get_by_slug(slug=slug)
        if show is None:
            raise Http404("No such show")
        return show

    def title(self, show):
        return f"{show.title}: renewal status changes"

    def link(self, show):
        return show.get_absolute_url()

    def description(self, show):
        return f"Status changes for every season of {show.title}."

    def items(self, show):
        return status_change_list_latest(show=show)


class ShowStatusChangesAtomFeed(ShowStatusChangesFeed):
    feed_type = Atom1Feed

    def subtitle(self, show):
        return self.description(show)


class ShowArticlesFeed(LatestArticlesFeed):
    """The newsroom's article feed, narrowed to articles covering one show."""

    def get_object(self, request, slug):
        show = show_get_by_slug(slug=slug)
        if show is None:
            raise Http404("No such show")
        return show

    def title(self, show):
        return f"Cliffhanger: {show.title}"

    def link(self, show):
        return show.get_absolute_url()

    def description(self, show):
        return f"Articles about {show.title}."

    def articles(self, show):
        return article_list_latest().filter(coverage__show=show).distinct()


class ShowArticlesAtomFeed(ShowArticlesFeed):
    feed_type = Atom1Feed

    def subtitle(self, show):
        return self.description(show)
