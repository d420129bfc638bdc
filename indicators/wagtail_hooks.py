from django.urls import path
from wagtail import hooks

from .views import IndicatorsViewSetGroup, ResultsImportConfirmView, ResultsImportView


@hooks.register("register_admin_viewset")
def register_indicators():
    return IndicatorsViewSetGroup()


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("indicators/import/", ResultsImportView.as_view(), name="indicators_import"),
        path(
            "indicators/import/confirm/",
            ResultsImportConfirmView.as_view(),
            name="indicators_import_confirm",
        ),
    ]
