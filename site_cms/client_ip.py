"""The address a request came from, as far as the site can trust it."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_COUNT`` proxies the address the outermost
    of them saw.

    Each proxy appends the address it received the connection from to X-Forwarded-For, so the
    client's address is the N-th entry from the right; whatever the client wrote itself stands
    further left and is never read. A header shorter than the chain, or not an address, means
    the request did not come through the proxies: then REMOTE_ADDR counts.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
