"""Reading deployment configuration from environment variables."""

import os
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ImproperlyConfigured


def env_str(name, default=None, *, required=False):
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if required:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return default


def env_list(name, default=(), *, required=False):
    value = env_str(name, required=required)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_bool(name, default=False):
    value = env_str(name)
    if value is None:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


SENDFILE_BACKENDS = {
    "nginx": "django_sendfile.backends.nginx",
    "xsendfile": "django_sendfile.backends.xsendfile",
}


def env_sendfile_backend(default):
    """SENDFILE_BACKEND for the variable of that name: None for "python", where Wagtail's
    document view streams the file itself; "nginx" or "xsendfile" let the proxy send it."""
    name = env_str("SENDFILE_BACKEND", default)
    if name == "python":
        return None
    if name not in SENDFILE_BACKENDS:
        raise ImproperlyConfigured(
            f"SENDFILE_BACKEND {name!r} is not one of python, {', '.join(SENDFILE_BACKENDS)}."
        )
    return SENDFILE_BACKENDS[name]


CACHE_BACKENDS = {
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "redis": "django.core.cache.backends.redis.RedisCache",
    "rediss": "django.core.cache.backends.redis.RedisCache",
    "memcached": "django.core.cache.backends.memcached.PyMemcacheCache",
    "file": "django.core.cache.backends.filebased.FileBasedCache",
    "dummy": "django.core.cache.backends.dummy.DummyCache",
}


def cache_from_url(url):
    """Turn CACHE_URL (locmem://, redis://host:6379/0, memcached://host:11211,
    file:///path, dummy://) into a Django CACHES entry."""
    parsed = urlparse(url)
    if parsed.scheme not in CACHE_BACKENDS:
        raise ImproperlyConfigured(
            f"CACHE_URL scheme {parsed.scheme!r} is not one of {', '.join(CACHE_BACKENDS)}."
        )
    config = {"BACKEND": CACHE_BACKENDS[parsed.scheme]}
    if parsed.scheme in {"redis", "rediss"}:
        config["LOCATION"] = url
    elif parsed.scheme == "memcached":
        config["LOCATION"] = parsed.netloc
    elif parsed.scheme == "file":
        config["LOCATION"] = parsed.path
    elif parsed.scheme == "locmem":
        config["LOCATION"] = parsed.netloc or "default"
    timeout = parse_qs(parsed.query).get("timeout")
    if timeout:
        config["TIMEOUT"] = int(timeout[0])
    return config
