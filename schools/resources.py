"""Export of the school registry through django-import-export.

The columns are the registry format of ``schools.importing``: an exported file, corrected in
Excel, imports back through the same validated importer as the ФИС ОКО files.
"""

from django.utils import timezone
from import_export import fields, resources

from site_cms.exporting import XLSX_CONTENT_TYPE, csv_text, xlsx_table

from .importing import REGISTRY_COLUMNS
from .models import School

CONTENT_TYPES = {"xlsx": XLSX_CONTENT_TYPE, "csv": "text/csv"}


def _column(attribute=None, *, key):
    return fields.Field(attribute=attribute, column_name=REGISTRY_COLUMNS[key], readonly=True)


class SchoolResource(resources.ModelResource):
    codes = _column(key="codes")
    short_name = _column("short_name", key="short_name")
    full_name = _column("full_name", key="full_name")
    kind = _column("kind", key="kind")
    municipality = _column("municipality__name", key="municipality")
    municipality_code = _column("municipality__code", key="municipality_code")
    address = _column("address", key="address")
    settlement = _column(key="settlement")
    website = _column("website", key="website")
    email = _column("email", key="email")
    phone = _column("phone", key="phone")

    class Meta:
        model = School
        fields = tuple(REGISTRY_COLUMNS)
        export_order = tuple(REGISTRY_COLUMNS)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("municipality").prefetch_related("codes")

    def dehydrate_codes(self, school):
        return ", ".join(sorted(code.code for code in school.codes.all()))

    def dehydrate_settlement(self, school):
        return school.get_settlement_display() if school.settlement else ""


def export_registry(queryset, format_name):
    """Return (file content, content type, file name) of the schools in the given format.

    The resource gives the rows; the site's spreadsheet writer writes them, so a cell of an
    imported file («=…», «+7 …») is text in Excel, as in every export of the site. The library's
    own escape (IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT) is not used: it drops a leading «=»
    and leaves «+ - @» alone."""
    dataset = SchoolResource().export(queryset=queryset)
    rows = [dataset.headers, *dataset]
    if format_name == "xlsx":
        content = xlsx_table(rows, title="Реестр школ")
    else:
        content = csv_text(rows).encode()
    filename = f"reestr-shkol-{timezone.localdate():%Y-%m-%d}.{format_name}"
    return content, CONTENT_TYPES[format_name], filename
