"""Absolute addresses for what leaves the site: ICS feeds, JSON-LD, e-mails, the printed PDF.

With a request, an address takes the request's scheme and host: the one the reader used. Without
one (the task worker, a management command, the collection PDF) it takes the default Site's
root URL, its hostname and port as the administrator set them (``make demo`` sets the host and
port it serves on, ``demo/site.py``). Links into the admin, sent to editors by e-mail, take
``WAGTAILADMIN_BASE_URL``, the admin's own address, which Wagtail's notifications use too.
"""

from urllib.parse import urljoin

from django.conf import settings
from wagtail.models import Site


def default_site():
    return Site.objects.filter(is_default_site=True).first()


def site_root_url(site=None):
    """«http://host[:port]» of ``site`` or of the default Site, without a trailing slash."""
    site = site or default_site()
    return site.root_url if site else admin_base_url()


def site_host(request=None):
    """The host name of the request's Site, else of the default one: it must not change with
    the address a client used, since identifiers (ICS UIDs) are built from it."""
    site = Site.find_for_request(request) if request is not None else default_site()
    if site:
        return site.hostname
    return request.get_host().split(":")[0] if request is not None else "localhost"


def absolute_url(path, request=None):
    """``path`` (or an address already absolute) as an absolute address."""
    if request is not None:
        return request.build_absolute_uri(path)
    return urljoin(site_root_url() + "/", path)


def page_url(page, request=None):
    """A page's absolute address: on the request's host, else on its own site's root URL."""
    if request is None:
        return page.get_full_url()
    # Relative on the request's own site, already absolute on another one.
    return absolute_url(page.get_url(request), request)


def admin_base_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
