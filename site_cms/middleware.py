from django.conf import settings

from . import page_cache


class PublicPageCacheMiddleware:
    """Serves anonymous visitors a rendered copy of the page while the content is unchanged."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.PUBLIC_PAGE_CACHE_SECONDS <= 0 or not page_cache.is_cacheable_request(request):
            return self.get_response(request)

        cached = page_cache.get_cached_response(request)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached

        response = self.get_response(request)
        if page_cache.is_cacheable_response(response):
            page_cache.store_response(request, response)
            response["X-Page-Cache"] = "miss"
        return response
