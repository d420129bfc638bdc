"""RSS and Atom feeds of the newest pages of a kind (django.contrib.syndication).

An app describes its feed as a ``PageFeed``; ``feed_urls`` (config/urls.py) serves each at
/feeds/<name>.rss and /feeds/<name>.atom, reversed as ``{% url "feed" name "rss" %}``.
A feed is kept like a page (``cached_while_published``): readers poll it, and a publication
makes the next request build it again.
"""

import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import re_path
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from .absolute_urls import absolute_url, page_url
from .models import InstituteSettings
from .page_cache import cached_while_published

FEED_ITEMS = 20
FORMATS = {"rss": Rss201rev2Feed, "atom": Atom1Feed}


class PageFeed(Feed):
    """The newest ``FEED_ITEMS`` of ``pages(request)`` (live, public, newest first), each
    linked by its absolute address; items' dates are their first publication.

    A subclass names the feed (``heading``, ``description``) and the page it belongs to
    (``listing(request)``) and tells an item (``item_description`` and the like).
    """

    heading = ""
    description = ""

    def __init__(self, feed_type=Rss201rev2Feed):
        self.feed_type = feed_type

    def pages(self, request):
        raise NotImplementedError

    def listing(self, request):
        """The live page that lists the feed's pages, or None."""
        return None

    # The request is the feed's object: an item's methods get only the item, so each page
    # carries its address (the instance is shared by every request: nothing is kept on it).
    def get_object(self, request):
        return request

    def items(self, request):
        pages = list(self.pages(request)[:FEED_ITEMS])
        for page in pages:
            page.feed_link = page_url(page, request)
        return pages

    def title(self, request):
        institute = InstituteSettings.for_request(request)
        return f"{self.heading} — {institute.short_name or settings.WAGTAIL_SITE_NAME}"

    def subtitle(self, request):
        return self.description  # Atom's name for it

    def author_name(self, request):
        # Atom asks for an author; the items' own authors are the schools.
        return InstituteSettings.for_request(request).name or settings.WAGTAIL_SITE_NAME

    def link(self, request):
        listing = self.listing(request)
        return page_url(listing, request) if listing else absolute_url("/", request)

    def feed_url(self, request):
        return absolute_url(request.path, request)

    def item_title(self, page):
        return page.title

    def item_link(self, page):
        return page.feed_link

    def item_pubdate(self, page):
        return page.first_published_at

    def item_updateddate(self, page):
        return page.last_published_at


def kept(feed):
    """The feed's view, answering from the kept copy until the next publication."""

    def view(request):
        key = f"feed:{request.build_absolute_uri(request.path)}"
        return cached_while_published(key, lambda: feed(request))

    return view


def feed_urls(**feeds):
    """One URL pattern «feed» for ``name=PageFeed subclass``: <name>.rss and <name>.atom."""
    views = {
        (name, kind): kept(feed_class(feed_type))
        for name, feed_class in feeds.items()
        for kind, feed_type in FORMATS.items()
    }

    def view(request, name, kind):
        return views[name, kind](request)

    names = "|".join(re.escape(name) for name in feeds)
    kinds = "|".join(FORMATS)
    return [re_path(rf"^feeds/(?P<name>{names})\.(?P<kind>{kinds})$", view, name="feed")]
