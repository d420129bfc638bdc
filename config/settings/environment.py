"""Reading deployment configuration from environment variables, with django-environ."""

import os
from collections.abc import Mapping
from urllib.parse import urlparse

import environ
from django.core.exceptions import ImproperlyConfigured


class _SetVariables(Mapping):
    """os.environ without its blank variables: `ALLOWED_HOSTS=` in an env file counts as unset,
    so a default applies, or a required variable stops the start with «Set the … variable»."""

    def __getitem__(self, name):
        value = os.environ[name].strip()
        if not value:
            raise KeyError(name)
        return value

    def __iter__(self):
        return (name for name, value in os.environ.items() if value.strip())

    def __len__(self):
        return sum(1 for _ in self)


class _Env(environ.Env):
    # The cache URL schemes this portal documented before django-environ (locmem://, memcached://,
    # file://, dummy://) keep working, as django-environ's own names; "pymemcache" names Django's
    # pymemcache backend (django-environ maps it to pylibmc's).
    OLD_CACHE_SCHEMES = {
        "locmem": "locmemcache",
        "file": "filecache",
        "dummy": "dummycache",
        "memcached": "pymemcache",
    }
    CACHE_SCHEMES = {
        **environ.Env.CACHE_SCHEMES,
        "pymemcache": "django.core.cache.backends.memcached.PyMemcacheCache",
    }

    @classmethod
    def cache_url_config(cls, url, backend=None):
        url = url if isinstance(url, cls.URL_CLASS) else urlparse(url)
        if url.scheme in cls.OLD_CACHE_SCHEMES:
            url = url._replace(scheme=cls.OLD_CACHE_SCHEMES[url.scheme])
        return super().cache_url_config(url, backend)


env = _Env()
env.ENVIRON = _SetVariables()
# django-environ reads a value starting with "$" as the name of another variable; "\$" escapes it
# (a generated SECRET_KEY may start with "$").
env.escape_proxy = True

SENDFILE_BACKENDS = {
    "python": None,
    "nginx": "django_sendfile.backends.nginx",
    "xsendfile": "django_sendfile.backends.xsendfile",
}


def sendfile_backend(default):
    """SENDFILE_BACKEND for the variable of that name: None for "python", where Wagtail's
    document view streams the file itself; "nginx" or "xsendfile" let the proxy send it."""
    name = env.str("SENDFILE_BACKEND", default=default)
    if name not in SENDFILE_BACKENDS:
        raise ImproperlyConfigured(
            f"SENDFILE_BACKEND {name!r} is not one of {', '.join(SENDFILE_BACKENDS)}."
        )
    return SENDFILE_BACKENDS[name]
