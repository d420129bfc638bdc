from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from site_cms.kept import kept
from site_cms.low_vision import preferences_from_request

from .charts import prepared
from .charts.dynamics_widgets import school_verdicts_html
from .charts.widgets import school_page_html
from .objectivity import report_views as objectivity_report
from .objectivity.school_section import school_objectivity
from .programme.views import ComputeView, ValuesImportConfirmView, ValuesImportView
from .results import similar_report
from .results.scale_import import ScalesImportConfirmView, ScalesImportView
from .results.similar_page import school_similar
from .results.views import IndicatorsViewSetGroup, ResultsImportConfirmView, ResultsImportView
from .rules.candidates import CandidatesView, can_confirm


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
        path(
            "indicators/scales/import/", ScalesImportView.as_view(), name="indicators_scales_import"
        ),
        path(
            "indicators/scales/import/confirm/",
            ScalesImportConfirmView.as_view(),
            name="indicators_scales_import_confirm",
        ),
    ]


@hooks.register("register_admin_urls")
def register_programme_urls():
    return [
        path(
            "indicators/values/import/", ValuesImportView.as_view(), name="indicators_values_import"
        ),
        path(
            "indicators/values/import/confirm/",
            ValuesImportConfirmView.as_view(),
            name="indicators_values_import_confirm",
        ),
        path("indicators/compute/", ComputeView.as_view(), name="indicators_compute"),
    ]


@hooks.register("register_admin_urls")
def register_candidates_urls():
    return [path("indicators/candidates/", CandidatesView.as_view(), name="indicators_candidates")]


class CandidatesMenuItem(MenuItem):
    def is_shown(self, request):
        return can_confirm(request.user)


@hooks.register("register_indicators_menu_item")
def register_candidates_menu_item():
    return CandidatesMenuItem(
        "Кандидаты в ШНОР", reverse("indicators_candidates"), icon_name="warning", order=900
    )


def drawn_from_prepared(name, draw):
    """A ``school_page_widgets`` hook drawing ``draw(data, low_vision)`` from the school's
    prepared results (read once for the page's widgets): the drawing is kept by the data it
    is drawn from, so a visit after a publication only reads that."""

    def widget(request, school):
        low_vision = bool(preferences_from_request(request))
        data = prepared.for_request(request, school.pk)
        return kept(name, (data, low_vision), lambda: draw(data, low_vision))

    return widget


school_results = drawn_from_prepared(
    "school-results",
    lambda data, low_vision: school_page_html(prepared.school_charts(data), low_vision),
)
school_verdicts = drawn_from_prepared("school-verdicts", school_verdicts_html)
# The verdicts before the result charts: a sentence per subject, then the years in detail.
hooks.register("school_page_widgets", school_verdicts, order=-1)
hooks.register("school_page_widgets", school_results)
hooks.register("school_page_widgets", school_objectivity)
hooks.register("register_admin_urls", objectivity_report.admin_urls)
hooks.register("register_indicators_menu_item", objectivity_report.menu_item)
hooks.register("school_page_widgets", school_similar)
hooks.register("register_admin_urls", similar_report.admin_urls)
hooks.register("register_indicators_menu_item", similar_report.menu_item)
