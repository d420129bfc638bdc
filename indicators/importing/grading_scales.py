"""Grading scales of ВПР from a table (CSV or XLSX), all or nothing.

One row per year, subject and grade, as ФИС ОКО publishes the scales every year: the minimum
total scores of the marks 3, 4 and 5 and the work's maximum. Headers (case, «ё», quotes and
extra spaces ignored): «Год», «Предмет» (its name or one of its other spellings), «Класс», «От
балла на «3»», «От балла на «4»», «От балла на «5»», «Максимальный балл». A scale typed again
for the same year, subject and grade replaces the stored one.
"""

from django.core.exceptions import ValidationError
from import_export import fields

from ..models import GradingScale
from .schools import find_subject, subject_index
from .table_resources import TableResource, import_dataset, parse_number, parse_year, read_dataset

HEADERS = {
    "year": ("Год",),
    "subject": ("Предмет",),
    "grade": ("Класс",),
    "min3": ("От балла на «3»", "Балл на «3»", "На «3»", "«3»"),
    "min4": ("От балла на «4»", "Балл на «4»", "На «4»", "«4»"),
    "min5": ("От балла на «5»", "Балл на «5»", "На «5»", "«5»"),
    "max_score": ("Максимальный балл", "Максимум", "Макс. балл"),
}
REQUIRED = tuple(HEADERS)
GRADES = (1, 11)
SCORES = (0, 1000)
SCORE_LABELS = {
    "min3": "балл на «3»",
    "min4": "балл на «4»",
    "min5": "балл на «5»",
    "max_score": "максимальный балл",
}


class GradingScaleResource(TableResource):
    year = fields.Field(attribute="year", column_name="year")
    subject = fields.Field(attribute="subject_id", column_name="subject")
    grade = fields.Field(attribute="grade", column_name="grade")
    min3 = fields.Field(attribute="min3", column_name="min3")
    min4 = fields.Field(attribute="min4", column_name="min4")
    min5 = fields.Field(attribute="min5", column_name="min5")
    max_score = fields.Field(attribute="max_score", column_name="max_score")

    class Meta:
        model = GradingScale
        fields = tuple(HEADERS)
        import_id_fields = ("year", "subject", "grade")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.subjects = subject_index()

    def parse(self, cells):
        year = parse_year(cells["year"])
        subject = find_subject(self.subjects, cells["subject"])
        if subject is None:
            raise ValidationError(f"предмета «{cells['subject']}» нет среди предметов сайта.")
        grade = _whole(cells["grade"], "класс", *GRADES)
        scores = {key: _whole(cells[key], label, *SCORES) for key, label in SCORE_LABELS.items()}
        try:
            GradingScale(**scores).clean()
        except ValidationError as error:
            message = error.messages[0]
            raise ValidationError(message[0].lower() + message[1:]) from None
        return {"year": year, "subject": subject, "grade": grade, **scores}


def import_grading_scales(path, *, dry_run=False):
    """Store the file's scales (a TableReport); raise ImportRefused with every reason. A dry
    run saves nothing and counts what the import would do."""
    dataset = read_dataset(path, HEADERS, REQUIRED)
    return import_dataset(GradingScaleResource(), dataset, dry_run=dry_run)


def _whole(text, label, low, high):
    number = parse_number(text)
    if number is None or number % 1 or not low <= number <= high:
        raise ValidationError(f"{label} «{text}» — не целое число от {low} до {high}.")
    return int(number)
