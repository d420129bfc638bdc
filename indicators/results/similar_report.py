"""Admin → Показатели → «ШНОР и похожие школы»: the ШНОР of a list, those whose ВПР results are
furthest below their similar schools first, with each work against the group's median, and
the same table as XLSX.

For those who see the results in the admin (``indicators.view_resultaggregate``: coordinators,
institute editors). A school's mean gap is the mean over its compared works of its failing
share less its group's median (``similar.SchoolGap``). Coordinators see every school with at
least ``RESULTS_MIN_PARTICIPANTS`` pupils in a work; the groups are those of the public page.
Reads the database in a fixed number of queries: the years, the lists, the list's schools,
the bands, the contexts, the year's results and the subjects.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.defaults import permission_denied
from django.views.generic import View
from wagtail.admin.menu import MenuItem

from schools.models import School, SchoolStatus
from schools.similar import members
from schools.similar_queries import bands_from_settings, placements
from site_cms.admin_screens import AdminScreenMixin
from site_cms.exporting import XLSX_CONTENT_TYPE, download, xlsx_table

from ..models import ResultAggregate
from ..rules.sentences import PERCENT, format_difference
from .privacy import public_minimum
from .queries import aggregates_frame
from .records import Procedure
from .similar import SchoolGap, compare, furthest_below_first, works
from .similar_page import subject_order
from .similar_text import percent, spread

PERMISSION = "indicators.view_resultaggregate"
TITLE = "ШНОР и похожие школы"


def can_view(user):
    return user.is_active and user.has_perm(PERMISSION)


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view(request.user)


def menu_item():
    """The ``register_indicators_menu_item`` hook."""
    return ReportMenuItem(
        TITLE, reverse("indicators_similar_schools"), icon_name="group", order=880
    )


def admin_urls():
    """The ``register_admin_urls`` hook."""
    return [
        path("indicators/similar-schools/", ReportView.as_view(), name="indicators_similar_schools")
    ]


# --- The rows, from data ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRow:
    school: School
    group: str  # the group's name, or why the school is in none
    grouped: bool
    gap: SchoolGap

    @property
    def mean_gap(self):
        gap = self.gap.mean_gap
        if gap is None:
            return "—"
        points = round(gap * 100, 1)  # the sign of what is shown: 1e-17 is «0 п. п.»
        return ("+" if points > 0 else "−" if points < 0 else "") + format_difference(gap, PERCENT)

    @property
    def works(self):
        """Each work of the school in words, the compared ones against their group."""
        return [work_text(item) for item in self.gap.comparisons]

    @property
    def worst(self):
        worst = self.gap.worst
        return work_text(worst) if worst else "—"


def work_text(item):
    """«Математика, 4 класс: 24 % при медиане похожих школ 9 % (половина — 5 % – 12 %),
    регион 11 %»."""
    name = f"{item.subject}, {item.grade} класс"
    if not item.shown:
        return f"{name}: {item.participants} участн., слишком мало для выводов"
    school = percent(item.failing.school)
    region = f"регион {percent(item.failing.region)}"
    group = item.failing.group
    if group is None:
        return f"{name}: {school}, похожих школ мало для сравнения; {region}"
    return (
        f"{name}: {school} при медиане похожих школ {percent(group.median)} "
        f"(половина — {spread(group, percent)}), {region}"
    )


def report_rows(
    schools, placed, found, subject, order, *, own_minimum, peer_minimum, min_group_size
):
    """[ReportRow] of ``schools``, furthest below their similar schools first.

    ``placed``: {school id: Placement}; ``found``: {(subject, grade): Work} of one year;
    ``subject``: the only subject compared, or empty for all; ``order``: {subject: position}."""
    groups = members(placed)
    chosen = sorted(
        (work for work in found.values() if not subject or work.subject == subject),
        key=lambda work: (order.get(work.subject, 0), work.grade),
    )
    by_pk = {school.pk: school for school in schools}
    gaps = []
    for school in schools:
        placement = placed.get(school.pk)
        group = groups.get(placement.group, []) if placement and placement.group else []
        comparisons = tuple(
            item
            for work in chosen
            if (
                item := compare(
                    work,
                    school.pk,
                    group,
                    own_minimum=own_minimum,
                    peer_minimum=peer_minimum,
                    min_group_size=min_group_size,
                )
            )
        )
        gaps.append(SchoolGap(school.pk, comparisons))
    rows = []
    for gap in furthest_below_first(gaps):
        placement = placed.get(gap.school_id)
        grouped = bool(placement and placement.group)
        label = placement.group.label if grouped else (placement.reason if placement else "")
        rows.append(ReportRow(by_pk[gap.school_id], label, grouped, gap))
    return rows


# --- The view ------------------------------------------------------------------------------


class ReportForm(forms.Form):
    """The filters (GET); a value not among the choices is an error and the default is shown."""

    year = forms.TypedChoiceField(label="Год ВПР", coerce=int, required=False)
    subject = forms.ChoiceField(label="Предмет", required=False)
    school_year = forms.TypedChoiceField(label="Перечень ШНОР", coerce=int, required=False)

    def __init__(self, *args, years, subjects, school_years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in years]
        self.fields["subject"].choices = [("", "Все предметы")] + [(s, s) for s in subjects]
        self.fields["school_year"].choices = [
            (year, f"{year}/{year + 1} учебный год") for year in school_years
        ]


def chosen(data, field, choices):
    """The cleaned value, or the first choice when it is missing."""
    value = data.get(field)
    return value if value not in (None, "") else (choices[0] if choices else None)


XLSX_HEADER = [
    "Школа",
    "Муниципалитет",
    "Группа похожих школ",
    "Работ сравнено",
    "Средний отрыв доли «2» от медианы похожих школ, п. п.",
    "Работ хуже трёх четвертей похожих школ",
    "Самая отстающая работа",
    "Все работы",
]


def xlsx_rows(rows):
    yield XLSX_HEADER
    for row in rows:
        gap = row.gap.mean_gap
        yield [
            row.school.short_name,
            row.school.municipality.name,
            row.group,
            len(row.gap.compared),
            None if gap is None else round(gap * 100, 1),
            len(row.gap.above),
            row.worst,
            "\n".join(row.works),
        ]


class ReportView(AdminScreenMixin, View):
    page_title = TITLE
    header_icon = "group"
    template_name = "indicators/similar/report.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_view(request.user):
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        vpr = ResultAggregate.objects.filter(procedure=Procedure.VPR).order_by()
        years = sorted(set(vpr.values_list("year", flat=True)), reverse=True)
        subjects = subject_order(set(vpr.values_list("subject__name", flat=True)))
        shnor = SchoolStatus.objects.filter(status=SchoolStatus.Status.LOW_RESULTS)
        school_years = sorted(set(shnor.values_list("school_year", flat=True)), reverse=True)
        options = {"years": years, "subjects": subjects, "school_years": school_years}
        asked = ReportForm(request.GET, **options)
        asked.is_valid()
        data = asked.cleaned_data
        year = chosen(data, "year", years)
        school_year = chosen(data, "school_year", school_years)
        subject = data.get("subject", "")
        found = works(aggregates_frame(year=year, procedure=Procedure.VPR)) if year else {}
        schools = list(
            School.objects.filter(
                statuses__status=SchoolStatus.Status.LOW_RESULTS,
                statuses__school_year=school_year,
            )
            .distinct()
            .select_related("municipality")
        )
        bands = bands_from_settings()
        rows = report_rows(
            schools,
            placements([school.pk for school in schools], bands),
            found,
            subject,
            {name: position for position, name in enumerate(subjects)},
            own_minimum=settings.RESULTS_MIN_PARTICIPANTS,
            peer_minimum=public_minimum(),
            min_group_size=bands.min_group_size,
        )
        if request.GET.get("format") == "xlsx":
            return download(
                xlsx_table(xlsx_rows(rows), title="ШНОР и похожие школы"),
                XLSX_CONTENT_TYPE,
                f"shnor-i-pohozhie-shkoly-{year}.xlsx",
            )
        shown = {"year": year, "subject": subject, "school_year": school_year}
        query = {name: value for name, value in shown.items() if value not in (None, "")}
        context = self.get_context_data(
            form=ReportForm(initial=shown, **options),
            errors=[error for errors in asked.errors.values() for error in errors],
            year=year,
            subject=subject,
            school_year=f"{school_year}/{school_year + 1}" if school_year else "",
            rows=rows,
            min_participants=settings.RESULTS_MIN_PARTICIPANTS,
            public_minimum=public_minimum(),
            min_group_size=bands.min_group_size,
            action_url=reverse("indicators_similar_schools"),
            xlsx_url=f"{reverse('indicators_similar_schools')}?"
            + urlencode({**query, "format": "xlsx"}),
            # Institute editors set the bands; coordinators see each school's group here.
            settings_url=reverse("wagtailsettings:edit", args=["schools", "similarschoolssettings"])
            if request.user.has_perm("schools.change_similarschoolssettings")
            else "",
        )
        return TemplateResponse(request, self.template_name, context)
