from django.urls import path
from wagtail import hooks

from .views import DescriptionImportConfirmView, DescriptionImportView, TaskDescriptionViewSet


@hooks.register("register_admin_viewset")
def register_descriptions():
    return TaskDescriptionViewSet()


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("skills/import/", DescriptionImportView.as_view(), name="skills_import"),
        path(
            "skills/import/confirm/",
            DescriptionImportConfirmView.as_view(),
            name="skills_import_confirm",
        ),
    ]
