"""The coordinators' report: school sections by staleness."""

from django.utils import timezone
from wagtail.admin.views.reports import ReportView

from ..freshness import section_freshness


def can_view_freshness_report(user):
    return user.has_perm("schools.view_freshness_report")


class FreshnessReportView(ReportView):
    page_title = "Свежесть разделов школ"
    header_icon = "time"
    index_url_name = "school_freshness"
    index_results_url_name = "school_freshness_results"
    results_template_name = "schools/admin/freshness_report_results.html"
    any_permission_required = ["schools.view_freshness_report"]

    def get_queryset(self):
        return section_freshness(timezone.now())
