from django.conf import settings
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from . import page_cache
from .models import InstituteSettings


class PublicPageCacheMiddleware:
    """Serves anonymous visitors a rendered copy of the page while the content is unchanged."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        keeps_pages = settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        keeps_anything = keeps_pages or page_cache.shared_parts_seconds() > 0
        if not keeps_anything or not page_cache.is_cacheable_request(request):
            return self._respond(request)
        with page_cache.visitor_request():
            if not keeps_pages:
                return self._respond(request)
            page_cache.drop_unread_query_params(request)
            return self._serve(request)

    def _respond(self, request):
        response = self.get_response(request)
        # A page drawn for the low-vision cookie (or its absence) is one of two versions: a
        # proxy or CDN must key it by the cookie too.
        if getattr(request, "varies_by_low_vision", False):
            patch_vary_headers(response, ("Cookie",))
        return response

    def _serve(self, request):
        cached = page_cache.get_cached_response(request)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached

        response = self._respond(request)
        if page_cache.is_cacheable_response(response):
            page_cache.store_response(request, response)
            response["X-Page-Cache"] = "miss"
        return response


class KeptSiteMiddleware:
    """Gives Wagtail the site of a visitor's request from the kept data
    (``request._wagtail_site``, where ``Site.find_for_request`` looks first), and the institute's
    settings that every page's header and footer read (where ``for_request`` looks first): each
    lookup is a query of about a millisecond on every request, and its answer changes only when
    a site or the settings are saved, which makes it stale."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Visitors' pages all need the site; an editor's admin views mostly do not.
        if not page_cache.is_cacheable_request(request):
            return self.get_response(request)
        # The same host and port Wagtail reads (without the ALLOWED_HOSTS check, as it does).
        where = f"site:{request._get_raw_host()}:{request.get_port()}"
        site = request._wagtail_site = page_cache.shared_while_published(
            where, lambda: Site._find_for_request(request)
        )
        if site is not None:
            # Read when the page draws its header, not by views that draw none (open data).
            institute = SimpleLazyObject(
                lambda: page_cache.shared_while_published(
                    f"institute:{site.pk}", lambda: InstituteSettings.for_site(site)
                )
            )
            setattr(request, InstituteSettings.get_cache_attr_name(), institute)
        return self.get_response(request)
