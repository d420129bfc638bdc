from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .permissions import adds_only_section_pages, section_page_types
from .views.freshness import FreshnessReportView, can_view_freshness_report
from .views.registry import SchoolRegistryViewSetGroup


@hooks.register("register_admin_viewset")
def register_registry():
    return SchoolRegistryViewSetGroup()


@hooks.register("register_admin_urls")
def register_freshness_report_url():
    return [
        path("reports/school-sections/", FreshnessReportView.as_view(), name="school_freshness"),
        path(
            "reports/school-sections/results/",
            FreshnessReportView.as_view(results_only=True),
            name="school_freshness_results",
        ),
    ]


class FreshnessMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_freshness_report(request.user)


@hooks.register("register_reports_menu_item")
def register_freshness_report_menu_item():
    return FreshnessMenuItem(
        "Свежесть разделов школ", reverse("school_freshness"), icon_name="time", order=700
    )


@hooks.register("before_create_page")
def school_editors_add_section_pages(request, parent_page, page_class):
    if adds_only_section_pages(request.user, parent_page) and not issubclass(
        page_class, section_page_types()
    ):
        raise PermissionDenied
