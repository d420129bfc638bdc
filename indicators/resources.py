"""A django-import-export resource for summary tables: the yardstick of the import service.

``ResultAggregateResource`` reads the documented headers of docs/results-formats.md the way the
library is ordinarily used: one row at a time, each looked up by its natural key and saved as a
model instance. ``make bench`` imports the same rows through it and through
``importing.service`` and prints how many times faster the service is. It does none of the
service's checks (unknown schools are errors, percentages are not converted): it is a
comparison, not a second way in.
"""

from django.db.models import Q
from import_export import fields, resources, widgets

from curriculum.models import Subject
from schools.models import School

from .models import ResultAggregate
from .records import Procedure


class ProcedureWidget(widgets.Widget):
    """«ОГЭ» or «OGE» → OGE."""

    def clean(self, value, row=None, **kwargs):
        names = {str(p.label): p.value for p in Procedure} | {p.value: p.value for p in Procedure}
        return names[str(value).strip()]


class SubjectWidget(widgets.ForeignKeyWidget):
    """A subject by its name or one of its other spellings («Английский язык»)."""

    def __init__(self):
        super().__init__(Subject)

    def clean(self, value, row=None, **kwargs):
        value = str(value).strip()
        return Subject.objects.get(Q(name=value) | Q(other_names__contains=value))


def count(header, attribute):
    return fields.Field(attribute=attribute, column_name=header, widget=widgets.IntegerWidget())


class ResultAggregateResource(resources.ModelResource):
    school = fields.Field(
        attribute="school",
        column_name="Код школы",
        widget=widgets.ForeignKeyWidget(School, field="codes__code"),
    )
    year = count("Год", "year")
    procedure = fields.Field(
        attribute="procedure", column_name="Процедура", widget=ProcedureWidget()
    )
    subject = fields.Field(
        attribute="subject",
        column_name="Предмет",
        widget=SubjectWidget(),
    )
    grade = count("Класс", "grade")
    participants = count("Участников", "participants")
    mark2 = count("Отметка 2", "mark2")
    mark3 = count("Отметка 3", "mark3")
    mark4 = count("Отметка 4", "mark4")
    mark5 = count("Отметка 5", "mark5")
    mean_score = fields.Field(
        attribute="mean_score", column_name="Средний балл", widget=widgets.FloatWidget()
    )
    below_minimum = count("Ниже минимума", "below_minimum")
    high_results = count("Высокие результаты", "high_results")

    class Meta:
        model = ResultAggregate
        import_id_fields = ["school", "year", "procedure", "subject", "grade"]
        fields = [
            "school",
            "year",
            "procedure",
            "subject",
            "grade",
            "participants",
            "mark2",
            "mark3",
            "mark4",
            "mark5",
            "mean_score",
            "below_minimum",
            "high_results",
        ]
