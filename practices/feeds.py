"""The bank's RSS and Atom feeds: its newest practices (site_cms/feeds.py)."""

from site_cms.feeds import PageFeed

from .facets import sort_practices
from .listing import cards
from .models import PracticeIndexPage, PracticePage


class PracticesFeed(PageFeed):
    heading = "Банк лучших практик"
    description = "Практики школ региона, опубликованные в банке лучших практик"

    def pages(self, request):
        return sort_practices(cards(PracticePage.objects.live().public()), "new")

    def listing(self, request):
        return PracticeIndexPage.objects.live().public().first()

    def item_description(self, practice):
        return practice.annotation

    def item_author_name(self, practice):
        return practice.school.short_name

    def item_categories(self, practice):
        return [practice.get_kind_display()]
