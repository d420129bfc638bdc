"""Admin → Показатели → «Сигналы объективности»: the schools' ВПР works of a year whose marks
depart from the journal beyond the thresholds (``report``), filtered by year and municipality
in the URL, and the same table as XLSX.

For those who see the results in the admin (``indicators.view_resultaggregate``: coordinators,
institute editors); they see every share, small schools' too. Five queries however many schools:
the years, the municipalities, the region's counts, the chosen schools' results, the ШНОР.
"""

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.defaults import permission_denied
from django.views.generic import View
from wagtail.admin.menu import MenuItem

from schools.models import Municipality
from site_cms.admin_screens import AdminScreenMixin
from site_cms.exporting import XLSX_CONTENT_TYPE, download, xlsx_table

from ..results.queries import aggregates_frame, school_codes_with_status
from ..results.records import Procedure
from ..rules.objectivity import region_objectivity, thresholds_from_settings
from .queries import compared_years, region_counts, subject_orders
from .report import report
from .wording import percent

PERMISSION = "indicators.view_resultaggregate"
TITLE = "Сигналы объективности"


def can_view(user):
    return user.is_active and user.has_perm(PERMISSION)


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view(request.user)


def menu_item():
    """The ``register_indicators_menu_item`` hook."""
    return ReportMenuItem(TITLE, reverse("indicators_objectivity"), icon_name="warning", order=870)


def admin_urls():
    """The ``register_admin_urls`` hook."""
    return [path("indicators/objectivity/", ReportView.as_view(), name="indicators_objectivity")]


class ReportForm(forms.Form):
    """The filters (GET). A year without compared marks or an unknown municipality is an error,
    and the report shows the default instead: the latest year, every municipality."""

    year = forms.TypedChoiceField(label="Год", coerce=int, required=False)
    municipality = forms.ModelChoiceField(
        label="Муниципалитет",
        queryset=Municipality.objects.order_by("name"),
        empty_label="Все",
        required=False,
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in years]


def share_cells(shares):
    return [round(share * 100, 1) for share in shares]


XLSX_HEADER = [
    "Школа",
    "Муниципалитет",
    "ШНОР",
    "Предмет",
    "Класс",
    "Участников",
    "Сравнено отметок",
    "Ниже журнальной, %",
    "Совпала с журнальной, %",
    "Выше журнальной, %",
    "Ниже журнальной по региону, %",
    "Совпала с журнальной по региону, %",
    "Выше журнальной по региону, %",
    "Сигнал",
]


def xlsx_rows(rows):
    yield XLSX_HEADER
    for row in rows:
        yield [
            row.school,
            row.municipality,
            "да" if row.shnor else "нет",
            row.subject,
            row.grade,
            row.participants,
            row.compared,
            *share_cells(row.shares),
            *share_cells(row.region),
            "; ".join(row.signals),
        ]


class ReportView(AdminScreenMixin, View):
    page_title = TITLE
    header_icon = "warning"
    template_name = "indicators/objectivity/report.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_view(request.user):
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        years = compared_years()
        asked = ReportForm(request.GET, years=years)
        asked.is_valid()
        year = asked.cleaned_data.get("year") or (years[0] if years else None)
        municipality = asked.cleaned_data.get("municipality")
        thresholds = thresholds_from_settings()
        rows, works = [], []
        if year:
            region = region_counts(year=year)
            chosen = {"school__municipality": municipality} if municipality else {}
            schools = aggregates_frame(year=year, procedure=Procedure.VPR, **chosen)
            # The status the school had when its pupils wrote the work: (Y−1)/Y.
            shnor = school_codes_with_status(year - 1)
            rows, works = report(
                schools, region_objectivity(region), shnor, thresholds, subject_orders(region)
            )
        shown = {"year": year, "municipality": municipality.pk if municipality else None}
        query = {name: value for name, value in shown.items() if value is not None}
        if request.GET.get("format") == "xlsx" and year:
            name = f"signaly-obektivnosti-{year}.xlsx"
            return download(xlsx_table(xlsx_rows(rows), title=TITLE), XLSX_CONTENT_TYPE, name)
        url = reverse("indicators_objectivity")
        context = self.get_context_data(
            form=ReportForm(initial=shown, years=years),
            errors=[error for errors in asked.errors.values() for error in errors],
            year=year,
            municipality=municipality,
            school_year=f"{year - 1}/{year}" if year else "",
            rows=rows,
            works=works,
            schools=len({row.school_code for row in rows}),
            raised=percent(thresholds.raised),
            lowered=percent(thresholds.lowered),
            min_compared=thresholds.min_compared,
            action_url=url,
            xlsx_url=f"{url}?{urlencode({**query, 'format': 'xlsx'})}",
        )
        return TemplateResponse(request, self.template_name, context)
