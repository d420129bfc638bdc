"""The portal's URLs with the bench's trivial view before them (``bench/wsgi.py``)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as portal_urlpatterns

TRIVIAL_PATH = "/bench/trivial/"


def trivial(request):
    # Plain text: the page cache keeps HTML only, so every request reaches this view.
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path(TRIVIAL_PATH.strip("/") + "/", trivial), *portal_urlpatterns]
