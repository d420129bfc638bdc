"""/sitemap.xml: the live pages of the request's site that anyone may read.

Wagtail's sitemap chooses the pages (live, under no view restriction); the addresses take the
request's host like every absolute address (site_cms/absolute_urls.py), and a page's date is
its last publication. What the site keeps from search engines is no page of the tree:
registrations, participants' pages, print versions (robots.txt, templates/site_cms/).
The pages are read as plain rows, in one query whatever their types.
"""

from wagtail.contrib.sitemaps.sitemap_generator import Sitemap

from .absolute_urls import page_url


class PublicSitemap(Sitemap):
    def items(self):
        site = self.get_wagtail_site()
        return site.root_page.get_descendants(inclusive=True).live().public().order_by("path")

    def _urls(self, page, protocol, domain):
        pages = self.paginator.page(page).object_list
        urls = [
            {"location": page_url(item, self.request), "lastmod": item.last_published_at}
            for item in pages
        ]
        dates = [url["lastmod"] for url in urls]
        if dates and None not in dates:
            self.latest_lastmod = max(dates)
        return urls
