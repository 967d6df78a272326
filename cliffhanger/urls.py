from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve as serve_file
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps.views import sitemap as sitemap_view
from wagtail.documents import urls as wagtaildocs_urls

from cliffhanger.api import embed_views
from cliffhanger.caching.dependencies import declares
from cliffhanger.caching.whole_answers import kept_whole
from cliffhanger.core import views as core_views
from cliffhanger.newsroom.news_sitemap import news_sitemap
from cliffhanger.tracker import views as tracker_views
from cliffhanger.tracker.sitemaps import ShowSitemap

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("csrf-token/", core_views.csrf_token, name="csrf_token"),
    path(
        "sitemap.xml",
        kept_whole("articles", "shows", "sites")(sitemap_view),
        {"sitemaps": {"pages": WagtailSitemap, "shows": ShowSitemap}},
        name="sitemap",
    ),
    path("sitemap-news.xml", declares("articles")(news_sitemap), name="sitemap_news"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("comments/", include("cliffhanger.discussion.urls")),
    path("oembed", embed_views.oembed, name="oembed"),
    path("shows/<slug:slug>/badge.svg", embed_views.show_badge, name="show_badge"),
    path(
        "shows/<slug:slug>/season/<id:number>/badge.svg",
        embed_views.show_badge,
        name="season_badge",
    ),
    re_path(
        r"^social-cards/show/(?P<ident>[-\w]+)-(?P<key>[0-9a-f]{12})\.png$",
        tracker_views.social_card_show_view,
        name="social_card_show",
    ),
    re_path(
        r"^social-cards/article/(?P<ident>[0-9]{1,18})-(?P<key>[0-9a-f]{12})\.png$",
        tracker_views.social_card_article_view,
        name="social_card_article",
    ),
    path("shows/", include("cliffhanger.tracker.urls")),
    path("polls/", include("cliffhanger.predictions.urls")),
    path("search/", include("cliffhanger.search.urls")),
    path("newsletters/", include("cliffhanger.newsletters.urls")),
    path("api/v1/", include("cliffhanger.api.urls")),
    path("account/comments/", include("cliffhanger.discussion.account_urls")),
    path("account/shows/", include("cliffhanger.tracker.account_urls")),
    path("account/newsletters/", include("cliffhanger.newsletters.account_urls")),
    path("account/", include("cliffhanger.accounts.urls")),
    path("readers/", include("cliffhanger.accounts.public_urls")),
    path("account/", include("cliffhanger.accounts.allauth_urls")),
    path("", include("cliffhanger.newsroom.urls")),
]

if settings.SERVE_MEDIA:
    # Images for the embedded default (make run); a CDN or the front web
    # server takes this over in larger deployments. Documents are left out:
    # they go through Wagtail's /documents/ view, which checks privacy.
    urlpatterns += [
        re_path(
            r"^media/(?P<path>(?:original_images|images)/.+)$",
            serve_file,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "cliffhanger.core.views.page_not_found"
handler500 = "cliffhanger.core.views.server_error"
