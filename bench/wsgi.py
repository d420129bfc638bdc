"""The portal's WSGI application as the bench serves it: the same settings and middleware, and
one more URL, ``/bench/trivial/`` (``bench/urls.py``), a view that only returns a short text.
Served by the same workers, it is the floor a cached page's CPU time is compared with."""

import os

from django.conf import settings

from config.serving import frozen_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
settings.ROOT_URLCONF = "bench.urls"

application = frozen_application()
