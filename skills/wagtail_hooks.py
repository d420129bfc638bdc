from django.urls import path, reverse
from wagtail import hooks

from indicators.importing.service import TASK_MAXIMA_HOOK
from indicators.results.exporting import TASK_DESCRIPTIONS_HOOK
from site_cms.low_vision import preferences_from_request

from .maxima import described_maxima
from .queries import describe_works
from .report_views import ReportMenuItem, SkillReportView
from .school_section import school_skills_html
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
        path("skills/report/", SkillReportView.as_view(), name="skills_report"),
    ]


@hooks.register("register_indicators_menu_item")
def register_report_menu_item():
    return ReportMenuItem(
        "Дефицитные умения", reverse("skills_report"), icon_name="table", order=860
    )


@hooks.register("school_page_widgets")
def school_skills(request, school):
    # Kept by the state of what it shows, not until the next publication.
    low_vision = bool(preferences_from_request(request))
    return school_skills_html(school, low_vision=low_vision, request=request)


# The results' import asks for the maxima a description gives (indicators never imports skills).
hooks.register(TASK_MAXIMA_HOOK, described_maxima)
# The open data's task results take their skill and level from the descriptions.
hooks.register(TASK_DESCRIPTIONS_HOOK, describe_works)
