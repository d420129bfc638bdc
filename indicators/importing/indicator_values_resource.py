"""Rows of indicator values → IndicatorValue rows: a django-import-export Resource.

Each row is checked by the programme's rules (``parse``): a broken row is refused with one
Russian reason, a good one has its cells replaced by what the fields save (ids, numbers). A
value of the same indicator, year and scope replaces the stored one.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from import_export import fields
from import_export.instance_loaders import BaseInstanceLoader

from schools.importing.municipalities import MunicipalityIndex
from schools.importing.records import MunicipalityRef
from schools.models import Municipality

from ..models import IndicatorValue, ProgrammeIndicator
from ..models.programme import scope_errors
from .schools import find_schools
from .table_resources import TableResource, parse_number, parse_year

NOTE_LENGTH = IndicatorValue._meta.get_field("note").max_length
_value_field = IndicatorValue._meta.get_field("value")
CENT = Decimal("0.01")
# The column holds 12 digits, 2 after the point: what rounds to more cannot be saved.
VALUE_LIMIT = Decimal(10) ** (_value_field.max_digits - _value_field.decimal_places) - CENT / 2


class StoredValuesLoader(BaseInstanceLoader):
    """The programme's stored values, read in one query rather than one per row."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        values = IndicatorValue.objects.filter(indicator__programme=resource.programme)
        self.stored = {(v.indicator_id, v.year, v.municipality_id, v.school_id): v for v in values}

    def get_instance(self, row):
        return self.stored.get(tuple(row[name] for name in self.resource.get_import_id_fields()))


class IndicatorValueResource(TableResource):
    indicator = fields.Field(attribute="indicator_id", column_name="indicator")
    year = fields.Field(attribute="year", column_name="year")
    municipality = fields.Field(attribute="municipality_id", column_name="municipality")
    school = fields.Field(attribute="school_id", column_name="school")
    value = fields.Field(attribute="value", column_name="value")
    note = fields.Field(attribute="note", column_name="note")

    class Meta:
        model = IndicatorValue
        fields = ("indicator", "year", "municipality", "school", "value", "note")
        # The order of StoredValuesLoader's keys.
        import_id_fields = ("indicator", "year", "municipality", "school")
        instance_loader_class = StoredValuesLoader

    def __init__(self, programme, *, editor=None):
        super().__init__()
        self.programme = programme
        self.editor = editor

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.indicators = {item.code: item for item in self.programme.indicators.all()}
        self.municipalities = MunicipalityIndex(Municipality.objects.all())
        self.schools = find_schools({code for code in dataset["school"] if code})

    def before_save_instance(self, instance, row, **kwargs):
        instance.source = IndicatorValue.Source.IMPORTED
        instance.updated_by = self.editor

    def parse(self, cells):
        indicator = self.indicators.get(cells["indicator"].removesuffix("."))
        if indicator is None:
            raise ValidationError(f"показателя «{cells['indicator']}» нет в программе.")
        if indicator.computation:
            raise ValidationError(
                f"показатель {indicator.code} вычисляется по результатам, его не импортируют."
            )
        year = parse_year(cells["year"])
        number = parse_number(cells["value"])
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
            "year": year,
            "municipality": municipality_pk,
            "school": school_pk,
            "value": number.quantize(CENT),
            "note": cells["note"],
        }
