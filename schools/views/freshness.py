"""The coordinators' report: every school section, the stalest first."""

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.reports import ReportView

from site_cms.exporting import SafeSpreadsheetExportMixin

from ..freshness import days_ru, freshness_rows, sections_by_staleness
from ..models import Municipality, QualitySectionPage


def can_view_freshness_report(user):
    return user.has_perm("schools.view_freshness_report")


class FreshnessFilterSet(WagtailFilterSet):
    municipality = django_filters.ModelChoiceFilter(
        label="Муниципалитет",
        queryset=Municipality.objects.filter(schools__page__isnull=False).distinct(),
        method="filter_municipality",
    )
    state = django_filters.ChoiceFilter(
        label="Состояние",
        choices=[("stale", "Только устаревшие")],
        empty_label="Все разделы",
        widget=forms.RadioSelect,
        method="filter_stale",
    )

    class Meta:
        model = QualitySectionPage
        fields = []

    def filter_municipality(self, queryset, name, municipality):
        return queryset.filter(municipality_id=municipality.pk)

    def filter_stale(self, queryset, name, value):
        return queryset.filter(is_stale=True)


class SectionPaginator(WagtailPaginator):
    @cached_property
    def items_count_label(self):
        return f"разделов: {self.count}"


class FreshnessReportView(SafeSpreadsheetExportMixin, ReportView):
    page_title = "Свежесть разделов школ"
    header_icon = "time"
    template_name = "schools/admin/freshness_report.html"
    results_template_name = "schools/admin/freshness_report_results.html"
    index_url_name = "school_freshness"
    index_results_url_name = "school_freshness_results"
    filterset_class = FreshnessFilterSet
    paginator_class = SectionPaginator
    export_filename = "svezhest-razdelov-shkol"
    list_export = [
        "school_name",
        "municipality_name",
        "last_update_date",
        "days_since_update",
        "state",
    ]
    export_headings = {
        "school_name": "Школа",
        "municipality_name": "Муниципалитет",
        "last_update_date": "Последнее обновление",
        "days_since_update": "Дней без обновления",
        "state": "Состояние",
    }

    def dispatch(self, request, *args, **kwargs):
        # ReportView checks permissions through a model's policy; this report has no model.
        if not can_view_freshness_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def now(self):
        return timezone.now()

    @cached_property
    def stale_after_days(self):
        return settings.SCHOOL_SECTION_STALE_DAYS

    def get_queryset(self):
        return sections_by_staleness(self.now, self.stale_after_days)

    def decorate_paginated_queryset(self, object_list):
        return freshness_rows(object_list, self.now)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stale_after"] = days_ru(self.stale_after_days)
        return context
