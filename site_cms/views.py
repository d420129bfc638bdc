"""Switching the version for the visually impaired on, adjusting it, and switching it off.

Plain links (GET) so that they work without JavaScript and from a cached page; each redirects
back to the page the visitor came from.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from .low_vision import LowVisionPreferences, preferences_from_request


def _back(request):
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return HttpResponseRedirect(target)


def low_vision_set(request):
    current = preferences_from_request(request) or LowVisionPreferences()
    response = _back(request)
    response.set_cookie(
        settings.LOW_VISION_COOKIE,
        current.updated(request.GET).cookie_value(),
        max_age=settings.LOW_VISION_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response


def low_vision_off(request):
    response = _back(request)
    response.delete_cookie(settings.LOW_VISION_COOKIE, samesite="Lax")
    return response
