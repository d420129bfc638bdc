"""How many registration forms one address (IP) or one e-mail may send: counters in the cache.

A fixed window per key: the first form starts it, and ``REGISTRATION_RATE_LIMIT`` forms fit
in ``REGISTRATION_RATE_WINDOW`` seconds. The cache is shared by the workers (Redis or
Memcached in production), so the limit holds across them.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

PREFIX = "events:registration-rate"


def _key(kind, value):
    # Hashed: the cache holds no addresses or e-mails in the clear.
    digest = hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()
    return f"{PREFIX}:{digest}"


def allow(ip, email):
    """Count one form from ``ip`` for ``email``; False once either is over the limit."""
    allowed = True
    for key in (_key("ip", ip), _key("email", email.strip().lower())):
        cache.add(key, 0, settings.REGISTRATION_RATE_WINDOW)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, settings.REGISTRATION_RATE_WINDOW)
            count = 1
        if count > settings.REGISTRATION_RATE_LIMIT:
            allowed = False
    return allowed
