"""Saving a task description read from its tables (``importing``): all of it or nothing.

A description applies to the years an editor names. Importing one again for the same procedure,
subject, grade and years replaces it, tasks and dictionaries; one whose years only overlap is a
conflict, refused: its years are changed (or it is deleted) in the admin first, so that a year
never has two descriptions of one work.
"""

from dataclasses import dataclass, field

from django.db import transaction

from site_cms import page_cache

from .importing import Description, combine
from .models import CodeText, DescribedTask, TaskDescription


@dataclass
class ImportReport:
    description: Description
    work: TaskDescription
    replaces: TaskDescription | None = None
    conflicts: list = field(default_factory=list)
    saved: bool = False

    @property
    def refused(self):
        return self.description.refused or bool(self.conflicts)


def import_description(files, work, *, dry_run=False):
    """Check the read tables ``files`` as the description ``work`` (an unsaved
    TaskDescription: procedure, subject, grade, years) and, unless ``dry_run``, save it."""
    report = ImportReport(combine(files), work)
    with transaction.atomic(), page_cache.invalidated_once():
        for other in work.overlapping().select_related("subject"):
            if (other.first_year, other.last_year) == (work.first_year, work.last_year):
                report.replaces = other
            else:
                report.conflicts.append(
                    f"Уже загружено описание «{other}»: его годы пересекаются с {work.years}. "
                    "Укажите те же годы, чтобы заменить его, или сначала измените его годы либо "
                    "удалите его (Показатели → Описания проверочных работ)."
                )
        if report.refused or dry_run:
            return report
        if report.replaces:
            report.replaces.delete()
        work.save()
        DescribedTask.objects.bulk_create(
            DescribedTask(description=work, **task.fields()) for task in report.description.tasks
        )
        CodeText.objects.bulk_create(
            CodeText(description=work, kind=kind, code=code, text=text)
            for kind, codes in report.description.codes.items()
            for code, text in codes.items()
        )
        report.saved = True
    return report
