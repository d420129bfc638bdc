"""The WSGI application as a worker serves it, its long-lived objects out of the collector's way."""

import gc

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver


def frozen_application():
    """Django's WSGI application, with the URL patterns (and the views, models and forms they
    import) loaded and then frozen: they live as long as the worker, and a full garbage
    collection, which comes every few dozen requests, no longer walks them (≈0.1 s each)."""
    application = get_wsgi_application()
    get_resolver().url_patterns  # noqa: B018 - imports every view module now, not on a request
    gc.freeze()
    return application
