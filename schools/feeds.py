"""«Новости школ»: the news of every school's section, as RSS and Atom (site_cms/feeds.py)."""

import datetime

from django.utils import timezone

from site_cms.feeds import PageFeed

from .models import SchoolIndexPage, SchoolNewsPage, SchoolPage


class SchoolNewsFeed(PageFeed):
    heading = "Новости школ"
    description = "Новости из разделов «Повышение качества образования» школ региона"

    def pages(self, request):
        return (
            SchoolNewsPage.objects.live()
            .public()
            .order_by("-date", "-first_published_at", "-pk")
            .defer_streamfields()
        )

    def items(self, request):
        news = super().items(request)
        # A news page is two levels below its school's page (school → section → news).
        school_paths = {page.path[: -2 * page.steplen] for page in news}
        schools = dict(
            SchoolPage.objects.filter(path__in=school_paths).values_list(
                "path", "school__short_name"
            )
        )
        for page in news:
            page.school_name = schools.get(page.path[: -2 * page.steplen])
        return news

    def listing(self, request):
        return SchoolIndexPage.objects.live().public().first()

    def item_description(self, news):
        return news.intro

    def item_author_name(self, news):
        return news.school_name

    def item_pubdate(self, news):
        # The date the school gave its news, not when the page went up.
        return datetime.datetime.combine(
            news.date, datetime.time(), timezone.get_current_timezone()
        )
