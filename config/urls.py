from django.conf import settings
from django.urls import include, path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from events.feeds import EventsFeed
from practices.feeds import PracticesFeed
from schools.feeds import SchoolNewsFeed
from search import views as search_views
from site_cms import views
from site_cms.feeds import feed_urls
from site_cms.sitemap import PublicSitemap

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("vision/", views.low_vision_set, name="low_vision_set"),
    path("vision/off/", views.low_vision_off, name="low_vision_off"),
    path("", include("attendance.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PublicSitemap}}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="site_cms/robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
    *feed_urls(news=SchoolNewsFeed, practices=PracticesFeed, events=EventsFeed),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

if settings.SERVE_MEDIA:
    # Not django.conf.urls.static.static(): it serves nothing with DEBUG off, as the demo runs.
    from django.urls import re_path
    from django.views.static import serve

    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    ]

urlpatterns += [path("", include(wagtail_urls))]
