"""Wrong passwords lock the address and the account (or the restriction) for a while.

The doors are Wagtail's admin login, Wagtail's password form of a page view restriction and that of
a collection (documents). A POST to one of them answered with the form again (200) is a wrong
password; a redirect is a right one, and clears the account's count. ``PASSWORD_ATTEMPTS_LIMIT``
wrong passwords for one account or restriction, or ``PASSWORD_ATTEMPTS_PER_IP`` from one address,
lock it: every POST to the doors from that address or for that account is answered 429 until
``PASSWORD_LOCKOUT_SECONDS`` have passed, the right password included. The counts live in the
default cache, which production shares between processes.
"""

import hashlib
import math

from django.conf import settings
from django.core.cache import cache
from django.template.response import TemplateResponse

from .client_ip import client_ip

KEY_PREFIX = "password-throttle"


def _login_account(request, kwargs):
    return "login:" + request.POST.get("username", "").strip().lower()


# The doors by URL name, each with what its account is.
DOORS = {
    "wagtailadmin_login": _login_account,
    "wagtailcore_authenticate_with_password": (
        lambda request, kwargs: f"page-restriction:{kwargs['page_view_restriction_id']}"
    ),
    "wagtaildocs_authenticate_with_password": (
        lambda request, kwargs: f"collection-restriction:{kwargs['restriction_id']}"
    ),
}


def _key(kind, value):
    # Hashed: a username may hold spaces or be longer than Memcached allows in a key.
    return f"{KEY_PREFIX}:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


class Attempt:
    """One POST to a door: its address's and its account's counters."""

    def __init__(self, ip, account):
        self.counters = {
            _key("ip", ip): settings.PASSWORD_ATTEMPTS_PER_IP,
            _key("account", account): settings.PASSWORD_ATTEMPTS_LIMIT,
        }
        self.account_key = _key("account", account)

    def is_locked(self):
        counts = cache.get_many(list(self.counters))
        return any(counts.get(key, 0) >= limit for key, limit in self.counters.items())

    def failed(self):
        seconds = settings.PASSWORD_LOCKOUT_SECONDS
        for key, limit in self.counters.items():
            # add + incr keep the count right when several processes count at once.
            cache.add(key, 0, seconds)
            try:
                count = cache.incr(key)
            except ValueError:  # expired between the two calls
                count = 1
                cache.set(key, count, seconds)
            if count >= limit:
                # The lockout lasts its full time from the guess that reached the limit.
                cache.touch(key, seconds)

    def succeeded(self):
        cache.delete(self.account_key)


def locked_response(request):
    minutes = math.ceil(settings.PASSWORD_LOCKOUT_SECONDS / 60)
    response = TemplateResponse(
        request, "site_cms/password_locked.html", {"minutes": minutes}, status=429
    )
    response["Retry-After"] = str(settings.PASSWORD_LOCKOUT_SECONDS)
    return response


class PasswordThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        attempt = getattr(request, "_password_attempt", None)
        if attempt is not None:
            if response.status_code == 200:
                attempt.failed()
            elif 300 <= response.status_code < 400:
                attempt.succeeded()
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        account_of = DOORS.get(request.resolver_match.view_name)
        if request.method != "POST" or account_of is None:
            return None
        attempt = Attempt(client_ip(request), account_of(request, view_kwargs))
        if attempt.is_locked():
            return locked_response(request)
        request._password_attempt = attempt
        return None
