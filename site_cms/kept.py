"""What a public page draws from data it read, kept in the cache by the data's digest.

The same data draws the same thing whatever else was published, so a page that read its rows
(or a state that changes with them) reuses what was drawn from them instead of drawing it again:
only changed data (an import, an edit, a publication that changed it) is drawn anew.
"""

import hashlib

from django.core.cache import cache

# Right as long as it is kept, since the data is its key: a day, not to keep the unused.
KEPT_SECONDS = 24 * 60 * 60


def kept(name, data, compute):
    """``compute()``, kept by the digest of ``data``, which must be all it depends on (and
    have a stable ``repr``)."""
    key = f"{name}:{hashlib.sha256(repr(data).encode()).hexdigest()}"
    found = cache.get(key)
    if found is None:
        found = (compute(),)  # in a tuple: None is a result too
        cache.set(key, found, KEPT_SECONDS)
    return found[0]
