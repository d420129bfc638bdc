from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from site_cms import page_cache
from site_cms.low_vision import preferences_from_request

from .charts import prepared
from .charts.dynamics_widgets import school_verdicts_widget
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


@hooks.register("school_page_widgets")
def school_results(request, school):
    low_vision = bool(preferences_from_request(request))
    # Drawn from the data prepared from the school's results; kept until the next publication.
    return page_cache.cached_while_published(
        f"school-results:{school.pk}:{low_vision}",
        lambda: school_page_html(
            prepared.school_charts(prepared.for_request(request, school.pk)), low_vision
        ),
    )


hooks.register("school_page_widgets", school_objectivity)
hooks.register("register_admin_urls", objectivity_report.admin_urls)
hooks.register("register_indicators_menu_item", objectivity_report.menu_item)
hooks.register("school_page_widgets", school_similar)
hooks.register("register_admin_urls", similar_report.admin_urls)
hooks.register("register_indicators_menu_item", similar_report.menu_item)
# The verdicts before the result charts: a sentence per subject, then the years in detail.
hooks.register("school_page_widgets", school_verdicts_widget, order=-1)
