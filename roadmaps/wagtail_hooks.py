"""Admin URLs of the roadmap import and export, and their buttons on a roadmap page."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

from . import views
from .models import RoadmapPage


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "roadmaps/<int:page_id>/import/",
            views.RoadmapImportView.as_view(),
            name="roadmaps_import",
        ),
        path(
            "roadmaps/<int:page_id>/import/confirm/",
            views.RoadmapImportConfirmView.as_view(),
            name="roadmaps_import_confirm",
        ),
        path(
            "roadmaps/<int:page_id>/export/",
            views.RoadmapExportView.as_view(),
            name="roadmaps_export",
        ),
    ]


def _roadmap_buttons(page, user):
    if page.specific_class is not RoadmapPage:
        return
    if not page.permissions_for_user(user).can_edit():
        return
    yield Button(
        "Импорт из файла",
        reverse("roadmaps_import", args=[page.pk]),
        icon_name="upload",
        priority=25,
    )
    yield Button(
        "Скачать XLSX",
        reverse("roadmaps_export", args=[page.pk]),
        icon_name="download",
        priority=26,
    )


@hooks.register("register_page_header_buttons")
def roadmap_header_buttons(page, user, view_name=None, next_url=None):
    yield from _roadmap_buttons(page, user)


@hooks.register("register_page_listing_more_buttons")
def roadmap_listing_buttons(page, user, next_url=None):
    yield from _roadmap_buttons(page, user)
