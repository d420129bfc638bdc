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

from ..importing.summary import HEADERS
from ..models import ResultAggregate
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


def count(attribute):
    """A whole-number column under its documented header."""
    return fields.Field(
        attribute=attribute, column_name=HEADERS[attribute], widget=widgets.IntegerWidget()
    )


class ResultAggregateResource(resources.ModelResource):
    school = fields.Field(
        attribute="school",
        column_name=HEADERS["school_code"],
        widget=widgets.ForeignKeyWidget(School, field="codes__code"),
    )
    year = count("year")
    procedure = fields.Field(
        attribute="procedure", column_name=HEADERS["procedure"], widget=ProcedureWidget()
    )
    subject = fields.Field(
        attribute="subject",
        column_name=HEADERS["subject"],
        widget=SubjectWidget(),
    )
    grade = count("grade")
    participants = count("participants")
    mark2 = count("mark2")
    mark3 = count("mark3")
    mark4 = count("mark4")
    mark5 = count("mark5")
    mean_score = fields.Field(
        attribute="mean_score", column_name=HEADERS["mean_score"], widget=widgets.FloatWidget()
    )
    below_minimum = count("below_minimum")
    high_results = count("high_results")

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
