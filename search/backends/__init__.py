"""The search backends behind one interface (``base.SearchBackend``); ``get_backend`` picks one.

The database backend (SQLite FTS5 or PostgreSQL's ``russian`` configuration) is the default;
Elasticsearch is used when ``ELASTICSEARCH_URL`` is set.
"""

from django.conf import settings
from django.utils.module_loading import import_string


def get_backend():
    return import_string(settings.PORTAL_SEARCH_BACKEND)()
