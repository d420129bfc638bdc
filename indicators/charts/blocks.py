"""StreamField blocks that show stored results on any page: charts and a table.

``IndicatorStreamBlock`` is the body of the «Показатели» page (``site_cms.blocks`` must not
import this app, so the shell's body does not offer them). Every block reads the database in a
bounded number of queries, whatever the data.

The page model imports this module to declare its body, so the models and the queries over them
are imported where a block reads them, when it renders: imported here they would make an import
cycle with ``indicators.models``.
"""

from contextvars import ContextVar

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from curriculum.models import Subject
from schools.models import Municipality, SchoolStatus
from site_cms.blocks import BodyStreamBlock

from ..programme.page_data import ProgrammeData
from ..results.records import Procedure
from . import widgets

# The table shows at most this many schools; a municipality narrows it down.
TABLE_ROWS = 200


def municipality_choices():
    return list(Municipality.objects.order_by("name").values_list("pk", "name"))


class StoredChoiceBlock(blocks.ChoiceBlock):
    """A choice among database rows (callable choices) whose stored key is used as it is:
    ChoiceBlock would list the choices — a query — for every block on every page view."""

    def to_python(self, value):
        return value


# The subjects ``convert_blocks`` read for the body it converts: pk → Subject.
_body_subjects = ContextVar("body_subjects", default=None)


class SubjectChooserBlock(SnippetChooserBlock):
    """A subject chooser that, while ``convert_blocks`` converts a body, takes its subjects
    from the one read of them there: Wagtail reads a chooser's objects once per block type."""

    def bulk_to_python(self, values):
        subjects = _body_subjects.get()
        if subjects is None:
            return super().bulk_to_python(values)
        return [subjects.get(pk) for pk in values]


# Migrations name it as the snippet chooser it is: its stored value and form are the same.
DECONSTRUCT_ALIASES = {SubjectChooserBlock: "wagtail.snippets.blocks.SnippetChooserBlock"}


def convert_blocks(body):
    """Converts every block of ``body`` now, the subjects its choosers name read in one query
    (of a small table, whole) instead of one per block type."""
    token = _body_subjects.set(Subject.objects.in_bulk())
    try:
        list(body)
    finally:
        _body_subjects.reset(token)


def heading_block():
    return blocks.CharBlock(label=_("Заголовок"), required=False, max_length=200)


def procedure_block():
    return blocks.ChoiceBlock(label=_("Процедура"), choices=Procedure.choices, default="VPR")


def grade_block(required=False):
    return blocks.IntegerBlock(label=_("Класс"), required=required, min_value=1, max_value=11)


def low_vision(parent_context):
    return bool((parent_context or {}).get("low_vision"))


class ShnorDynamicsBlock(blocks.StructBlock):
    """The region's indicator: the share of ШНОР with positive dynamics, by subject and year,
    by the method of ``DYNAMICS_METHOD``, and the ШНОР it counts with their verdicts."""

    heading = heading_block()
    procedure = procedure_block()
    subjects = blocks.ListBlock(
        SubjectChooserBlock("curriculum.Subject"), label=_("Предметы"), min_num=1
    )
    year_from = blocks.IntegerBlock(label=_("С года"), required=False, min_value=2000)
    year_to = blocks.IntegerBlock(label=_("По год"), required=False, min_value=2000)

    class Meta:
        icon = "chart"
        label = _("Динамика ШНОР")
        template = "indicators/blocks/charts_block.html"

    def get_context(self, value, parent_context=None):
        from .dynamics_widgets import page_urls, school_page_paths, shnor_by_year
        from .prepared import kept, results_state

        context = super().get_context(value, parent_context)
        request = (parent_context or {}).get("request")
        subjects = [subject.name for subject in value["subjects"] if subject]
        datives = {subject.name: subject.dative for subject in value["subjects"] if subject}
        shnor = shnor_by_year(request)
        paths = school_page_paths(
            request, {int(code) for codes in shnor.values() for code in codes}
        )
        vision = low_vision(parent_context)
        # Drawn once for the same results (their state), ШНОР, pages' addresses and version,
        # whatever was published since: a visitor after a publication only reads it.
        key = (
            results_state(request),
            shnor,
            paths,
            value["procedure"],
            subjects,
            datives,
            value["year_from"],
            value["year_to"],
            vision,
        )
        charts = kept(
            "shnor-dynamics-html",
            key,
            lambda: self.draw(value, subjects, datives, shnor, page_urls(paths, request), vision),
        )
        context.update(charts=charts, empty="Данных для сравнения по годам пока нет.")
        return context

    @staticmethod
    def draw(value, subjects, datives, shnor, urls, vision):
        """The chart and the ШНОР's table (``urls``: their pages' addresses by school pk) as
        HTML; none without a comparison. One query."""
        from ..models import ResultAggregate
        from ..results.queries import AGGREGATE_FIELDS
        from .dynamics_widgets import shnor_schools_html
        from .prepared import region_dynamics

        years = {}
        if value["year_from"]:
            years["year__gte"] = value["year_from"] - 1  # the year before is compared with
        if value["year_to"]:
            years["year__lte"] = value["year_to"]
        results = ResultAggregate.objects.filter(
            procedure=value["procedure"],
            subject__name__in=subjects,
            school_id__in=SchoolStatus.objects.filter(
                status=SchoolStatus.Status.LOW_RESULTS
            ).values("school_id"),
            **years,
        )
        rows = list(results.order_by("pk").values_list(*AGGREGATE_FIELDS))
        # Computed from the rows once, kept by their digest: other blocks' data may change.
        dynamics = region_dynamics(
            rows, shnor, value["procedure"], subjects, value["year_from"], datives
        )
        if dynamics is None:
            return []
        data, notes, verdicts = dynamics
        return [
            widgets.draw(data, notes=notes, low_vision=vision).html(),
            # Which ШНОР make the share, each with its page and verdict, the chart's years.
            shnor_schools_html(verdicts, data.element_id, urls),
        ]


class SchoolResultsBlock(blocks.StructBlock):
    """One school's failing share and mean score over the years."""

    heading = heading_block()
    school_page = blocks.PageChooserBlock(label=_("Школа"), page_type="schools.SchoolPage")
    procedure = procedure_block()
    subject = SubjectChooserBlock("curriculum.Subject", label=_("Предмет"))
    grade = grade_block()

    class Meta:
        icon = "chart"
        label = _("Результаты школы")
        template = "indicators/blocks/charts_block.html"

    def get_context(self, value, parent_context=None):
        from .prepared import kept, results_state

        context = super().get_context(value, parent_context)
        page, subject = value["school_page"], value["subject"]
        charts = []
        if page and subject:
            request = (parent_context or {}).get("request")
            vision = low_vision(parent_context)
            school_id = page.specific.school_id
            # Drawn once for the same results (their state) and version, whatever was
            # published since.
            key = (
                results_state(request),
                school_id,
                value["procedure"],
                subject.name,
                subject.dative,
                value["grade"],
                vision,
            )
            charts = kept(
                "school-results-html",
                key,
                lambda: self.draw(school_id, value["procedure"], subject, value["grade"], vision),
            )
        context.update(charts=charts, empty="Результатов школы пока нет.")
        return context

    @staticmethod
    def draw(school_id, procedure, subject, grade, vision):
        """The school's two charts of the work as HTML; none without results. One query."""
        from ..models import ResultAggregate
        from ..results.queries import AGGREGATE_FIELDS
        from .prepared import work_charts

        filters = {"grade": grade} if grade else {}
        results = ResultAggregate.objects.filter(
            school_id=school_id, procedure=procedure, subject=subject, **filters
        )
        rows = list(results.order_by("pk").values_list(*AGGREGATE_FIELDS))
        if not rows:
            return []
        datives = {subject.name: subject.dative}
        return [
            widgets.draw(data, low_vision=vision).html()
            for data in work_charts(rows, procedure, subject.name, datives)
        ]


class ResultsTableBlock(blocks.StructBlock):
    """The schools' results of one work: participants, shares of marks 2–5, mean score."""

    heading = heading_block()
    year = blocks.IntegerBlock(label=_("Год"), min_value=2000)
    procedure = procedure_block()
    subject = SubjectChooserBlock("curriculum.Subject", label=_("Предмет"))
    grade = grade_block(required=True)
    municipality = StoredChoiceBlock(
        label=_("Муниципалитет"), choices=municipality_choices, required=False
    )

    class Meta:
        icon = "table"
        label = _("Таблица результатов школ")
        template = "indicators/blocks/results_table_block.html"

    def get_context(self, value, parent_context=None):
        from ..models import ResultAggregate

        context = super().get_context(value, parent_context)
        results = ResultAggregate.objects.none()
        if value["subject"]:
            results = ResultAggregate.objects.filter(
                year=value["year"],
                procedure=value["procedure"],
                subject=value["subject"],
                grade=value["grade"],
            )
            if value["municipality"]:
                results = results.filter(school__municipality_id=value["municipality"])
        results = results.order_by("school__municipality__name", "school__short_name")
        rows = list(results.values_list(*widgets.RESULT_ROW_FIELDS)[:TABLE_ROWS])
        # Counted only when the table is full: a shorter one is all there is.
        total = results.count() if len(rows) == TABLE_ROWS else len(rows)
        subject = value["subject"].name if value["subject"] else ""
        title = (
            f"{Procedure(value['procedure']).label} {value['year']}, {subject}, "
            f"{value['grade']} класс"
        )
        context["table"] = results_table_html(title, rows, total) if rows else ""
        return context


def results_table_html(title, rows, total):
    """The table of the rows (``RESULT_ROW_FIELDS``), kept by them and the public minimum:
    rendered once for the same results and schools' names."""
    from .prepared import kept

    return kept(
        "results-table-html",
        (title, rows, total),
        lambda: render_to_string(
            "indicators/includes/results_table.html",
            {"title": title, "rows": widgets.result_rows(rows), "total": total},
        ),
    )


def indicator_choices():
    from ..models import ProgrammeIndicator

    indicators = ProgrammeIndicator.objects.exclude(level=ProgrammeIndicator.Level.SCHOOL)
    return [
        (str(pk), f"{programme}: {code} {short_name or name}")
        for pk, programme, code, short_name, name in indicators.order_by(
            "programme__title", "sort_order", "code"
        ).values_list("pk", "programme__title", "code", "short_name", "name")
    ]


class IndicatorTargetBlock(blocks.StructBlock):
    """A programme indicator's values by year against its target, with its progress to the
    target as a labelled badge."""

    heading = heading_block()
    indicator = StoredChoiceBlock(label=_("Показатель"), choices=indicator_choices)
    municipality = StoredChoiceBlock(
        label=_("Муниципалитет"),
        choices=municipality_choices,
        required=False,
        help_text=_("Для муниципальных показателей"),
    )

    class Meta:
        icon = "chart"
        label = _("Показатель и цель")
        template = "indicators/blocks/indicator_target_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        data = (parent_context or {}).get(ProgrammeData.CONTEXT_KEY)
        if data is None:
            data = ProgrammeData.load([value["indicator"]])
        charts, progress = data.target(
            value["indicator"], value["municipality"], low_vision(parent_context)
        )
        context.update(charts=charts, progress=progress, empty="Значений показателя пока нет.")
        return context


class IndicatorStreamBlock(BodyStreamBlock):
    """The body of a «Показатели» page: the shell's blocks and the result charts."""

    shnor_dynamics = ShnorDynamicsBlock()
    school_results = SchoolResultsBlock()
    results_table = ResultsTableBlock()
    indicator_target = IndicatorTargetBlock()
