"""The site behind its proxy, which serves MEDIA_ROOT at /media/ to anyone (docs/deployment.md):
what a visitor can reach by guessing a file's address there."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from config.urls import urlpatterns as site_urlpatterns


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", media), *site_urlpatterns]
