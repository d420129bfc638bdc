"""Rows of indicator values → IndicatorValue rows: a django-import-export Resource.

The dataset (``indicator_values.read_values``) has a column per HEADERS key, holding the cells'
text, and ``row``: the row's number as the user sees it. Each row is checked by the programme's
rules before the library looks it up (``_parse``): a broken row becomes an invalid row with one
Russian reason, a good one has its cells replaced by what the fields save (ids, numbers). A
value of the same indicator, year and scope replaces the stored one; a second row with the same
key in the file is refused, naming the first.
"""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from import_export import fields, resources
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import RowResult

from schools.importing.municipalities import MunicipalityIndex
from schools.importing.records import MunicipalityRef
from schools.models import Municipality

from ..models import IndicatorValue, ProgrammeIndicator
from ..models.programme import scope_errors
from .schools import find_schools

ROW = "row"
MIN_YEAR, MAX_YEAR = 2000, 2100
NOTE_LENGTH = IndicatorValue._meta.get_field("note").max_length
_value_field = IndicatorValue._meta.get_field("value")
CENT = Decimal("0.01")
# The column holds 12 digits, 2 after the point: what rounds to more cannot be saved.
VALUE_LIMIT = Decimal(10) ** (_value_field.max_digits - _value_field.decimal_places) - CENT / 2


# What makes a value: a second one for the same key replaces it.
KEY = ("indicator", "year", "municipality", "school")


class StoredValuesLoader(BaseInstanceLoader):
    """The programme's stored values, read in one query rather than one per row."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        values = IndicatorValue.objects.filter(indicator__programme=resource.programme)
        self.stored = {(v.indicator_id, v.year, v.municipality_id, v.school_id): v for v in values}

    def get_instance(self, row):
        return self.stored.get(_key(row))


class CountedRowResult(RowResult):
    """The rows are only counted: naming each saved value (its ``__str__``) would fetch its
    indicator, municipality and school, three queries a row."""

    def add_instance_info(self, instance):
        self.object_id = instance.pk


class IndicatorValueResource(resources.ModelResource):
    indicator = fields.Field(attribute="indicator_id", column_name="indicator")
    year = fields.Field(attribute="year", column_name="year")
    municipality = fields.Field(attribute="municipality_id", column_name="municipality")
    school = fields.Field(attribute="school_id", column_name="school")
    value = fields.Field(attribute="value", column_name="value")
    note = fields.Field(attribute="note", column_name="note")

    class Meta:
        model = IndicatorValue
        fields = ("indicator", "year", "municipality", "school", "value", "note")
        import_id_fields = KEY
        instance_loader_class = StoredValuesLoader
        # Only the counts are shown: no per-row HTML diff to build.
        skip_diff = True

    def __init__(self, programme, *, editor=None):
        super().__init__()
        self.programme = programme
        self.editor = editor

    @classmethod
    def get_row_result_class(cls):
        return CountedRowResult

    def before_import(self, dataset, **kwargs):
        self.indicators = {item.code: item for item in self.programme.indicators.all()}
        self.municipalities = MunicipalityIndex(Municipality.objects.all())
        self.schools = find_schools({code for code in dataset["school"] if code})
        self.seen = {}

    def before_import_row(self, row, **kwargs):
        row.update(self._parse(row))
        key = _key(row)
        if key in self.seen:
            raise ValidationError(f"повторяет строку {self.seen[key]}: оставьте одно значение.")
        self.seen[key] = row[ROW]

    def before_save_instance(self, instance, row, **kwargs):
        instance.source = IndicatorValue.Source.IMPORTED
        instance.updated_by = self.editor

    def _parse(self, cells):
        """What the fields save, or ValidationError with the reason in Russian."""
        indicator = self.indicators.get(cells["indicator"].removesuffix("."))
        if indicator is None:
            raise ValidationError(f"показателя «{cells['indicator']}» нет в программе.")
        if indicator.computation:
            raise ValidationError(
                f"показатель {indicator.code} вычисляется по результатам, его не импортируют."
            )
        year = _number(cells["year"])
        if year is None or year % 1 or not MIN_YEAR <= year <= MAX_YEAR:
            raise ValidationError(f"год «{cells['year']}» — не год от {MIN_YEAR} до {MAX_YEAR}.")
        number = _number(cells["value"])
        if number is None:
            raise ValidationError(f"значение «{cells['value']}» — не число.")
        if abs(number) >= VALUE_LIMIT:
            raise ValidationError(f"значение {cells['value']} — число слишком велико.")
        if indicator.unit == ProgrammeIndicator.Unit.PERCENT and not 0 <= number <= 100:
            raise ValidationError(f"значение {cells['value']} — процент должен быть от 0 до 100.")
        municipality_pk = school_pk = None
        if cells["municipality"]:
            municipality = self.municipalities.find(MunicipalityRef(name=cells["municipality"]))
            if municipality is None:
                raise ValidationError(f"муниципалитета «{cells['municipality']}» нет в реестре.")
            municipality_pk = municipality.pk
        if cells["school"]:
            school_pk = self.schools.get(cells["school"])
            if school_pk is None:
                raise ValidationError(f"школы с кодом «{cells['school']}» нет в реестре.")
            municipality_pk = None  # a school's value belongs to the school, not its municipality
        errors = scope_errors(indicator.level, municipality_pk, school_pk)
        if errors:
            raise ValidationError(str(next(iter(errors.values()))).rstrip(".").lower() + ".")
        if len(cells["note"]) > NOTE_LENGTH:
            raise ValidationError(f"примечание длиннее {NOTE_LENGTH} знаков.")
        return {
            "indicator": indicator.pk,
            "year": int(year),
            "municipality": municipality_pk,
            "school": school_pk,
            "value": number.quantize(CENT),
            "note": cells["note"],
        }


def _key(row):
    return tuple(row[name] for name in KEY)


def _number(text):
    text = re.sub(r"[\s\u00a0%]", "", text).replace(",", ".").replace("−", "-")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
