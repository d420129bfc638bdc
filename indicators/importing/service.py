"""Importing result files into ResultAggregate: the service behind ``manage.py import_results``.

``import_results`` reads every file with its reader (a ФИС ОКО ВПР protocol or a summary
table), finds the registry's schools and the subjects, and saves the aggregates:

* All or nothing: the files of one run are saved in one transaction, and a problem in any of
  them saves nothing. A dry run reads and checks everything and saves nothing.
* A ВПР protocol needs the grading scale of its year, subject and grade: given with the run, or
  else the GradingScale the coordinators keep; without one the file is refused, naming it.
* A school is found by its code or by a login of the same key (sch/edu of one school). Unknown
  codes refuse the file, unless the run may add the schools to the registry with the name and
  municipality the file gives.
* A result of the same school, year, procedure, subject and grade replaces the stored one, so
  importing a file again never doubles it. Rows without participants are skipped.
* A ВПР protocol's task results (TaskResult) are stored with its results and replace the task
  results of the same school results, so importing a protocol again replaces them too. A summary
  table has no tasks and leaves them alone. The tasks' maxima that a task description gives come
  through the Wagtail hook ``task_maxima`` (``TASK_MAXIMA_HOOK``).
* English, German and French are subjects of their own; «Иностранный язык» without the
  language is refused, since a result stored under it would replace another language's.
* Every file of every run, refused ones too, leaves an ImportLog row.
* The programme indicators computed from results are recomputed in the same transaction.
"""

import hashlib
import io
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from django.db import connection, transaction
from django.utils import timezone
from wagtail import hooks

from schools.importing.cells import name_key
from site_cms import page_cache

from ..charts.tasks import prepare_on_commit
from ..models import PROCEDURE_GRADES, GradingScale, ImportLog, ResultAggregate, TaskResult
from ..programme.computing import refresh_computed_values
from ..results.records import AGGREGATE_COLUMNS, COUNT_COLUMNS, Procedure
from ..rules.grading import Scale
from .filenames import FOREIGN_LANGUAGE
from .fisoko import is_protocol, read_vpr
from .problems import ImportRefused, Problem
from .schools import find_schools, find_subject, plan_new_schools, subject_index
from .summary import read_summary

FORMATS = {
    "fisoko-vpr": "протокол ВПР ФИС ОКО",
    "summary": "сводная таблица результатов школ",
}
SCALE_PLACE = "«Показатели → Шкалы перевода баллов ВПР»"
NO_LANGUAGE = (
    "Предмет «{name}» не говорит, какой это язык: работы по английскому, немецкому и "
    "французскому языкам — разные. Укажите язык в файле или при загрузке: «Английский язык», "
    "«Немецкий язык» или «Французский язык»."
)
TEXT_EXTENSIONS = (".csv", ".txt", ".tsv")
HEAD_BYTES = 64 * 1024
BATCH_ROWS = 10_000
KEYS = ["school_id", "year", "procedure", "subject_id", "grade"]
FLOAT_COLUMNS = ["mean_score", "score_sum_squares"]
STORED_COLUMNS = [*KEYS, *COUNT_COLUMNS, *FLOAT_COLUMNS, "import_log_id"]
TASK_STORED_COLUMNS = [
    "result_id",
    "task",
    "position",
    "max_points",
    "participants",
    "points",
    "success_rate",
]
# A function registered under this name, ``(year, subject, grade, labels) -> {label: maximum}
# or None``, tells the tasks' maxima of a ВПР from its description (the app that keeps the
# descriptions registers it; indicators does not import that app). The first answer counts.
TASK_MAXIMA_HOOK = "task_maxima"


@dataclass
class FileReport:
    """What one file gave, or would give in a dry run."""

    path: Path
    file_format: str = ""
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    schools_created: int = 0
    unknown_codes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    log: ImportLog | None = None
    school_ids: set[int] = field(default_factory=set)  # the schools whose results it stored

    @property
    def format_label(self):
        return FORMATS.get(self.file_format, "")


@dataclass
class ImportReport:
    files: list[FileReport]
    dry_run: bool
    seconds: float = 0.0

    @property
    def problems(self):
        return [problem for report in self.files for problem in report.problems]

    @property
    def refused(self):
        return bool(self.problems)

    def total(self, name):
        return sum(getattr(report, name) for report in self.files)


class _Rollback(Exception):
    """Leaves the run's transaction without saving (a dry run or a refused file)."""


def import_results(
    paths,
    *,
    format="auto",
    year=None,
    procedure=None,
    subject=None,
    grade=None,
    scale=None,
    create_missing_schools=False,
    dry_run=False,
    user=None,
):
    """Import the result files at ``paths``; return an ImportReport.

    ``scale`` is (min3, min4, min5): the minimum total scores of ВПР marks 3, 4 and 5.
    Options override what a file and its name say.
    """
    if format not in ("auto", *FORMATS):
        raise ValueError(f"Unknown result file format: {format}")
    started = time.perf_counter()
    options = {
        "format": format,
        "year": year,
        "procedure": procedure,
        "subject": subject,
        "grade": grade,
        "scale": list(scale) if scale else None,
        "create_missing_schools": create_missing_schools,
        "dry_run": dry_run,
    }
    options = {name: value for name, value in options.items() if value not in (None, False)}
    reports = [FileReport(Path(path)) for path in paths]
    for report in reports:
        report.log = ImportLog.objects.create(
            user=user if user is not None and user.is_authenticated else None,
            started_at=timezone.now(),
            file_name=report.path.name,
            checksum=_checksum(report.path),
            options=options,
            status=ImportLog.Status.REFUSED,
        )
    run = ImportReport(reports, dry_run=dry_run)
    try:
        with transaction.atomic(), page_cache.invalidated_once():
            for report in reports:
                _import_file(
                    report,
                    format=format,
                    year=year,
                    procedure=procedure,
                    subject=subject,
                    grade=grade,
                    scale=scale,
                    create_missing_schools=create_missing_schools,
                    write=not run.refused,
                )
            if run.refused or dry_run:
                raise _Rollback
            refresh_computed_values()
            prepare_on_commit({pk for report in reports for pk in report.school_ids})
            # School pages and charts show results: visitors must not get cached old ones.
            page_cache.invalidate()
    except _Rollback:
        pass
    if run.refused:
        for report in reports:
            if not report.problems:
                report.problems.append(
                    Problem(None, "Файл не сохранён: в других файлах этого импорта есть ошибки.")
                )
    for report in reports:
        _finish_log(report, run)
    run.seconds = time.perf_counter() - started
    return run


def _checksum(path):
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as file:
            while chunk := file.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return ""
    return digest.hexdigest()


def _finish_log(report, run):
    log = report.log
    if run.refused:
        log.status = ImportLog.Status.REFUSED
    elif run.dry_run:
        log.status = ImportLog.Status.CHECKED
    else:
        log.status = ImportLog.Status.OK
    log.finished_at = timezone.now()
    log.file_format = report.file_format
    log.rows_read = report.rows_read
    log.created, log.updated, log.skipped = report.created, report.updated, report.skipped
    log.unknown_codes = "\n".join(report.unknown_codes)
    log.problems = "\n".join(map(str, report.problems))
    log.save()


def _import_file(report, *, format, procedure, scale, create_missing_schools, write, **keys):
    """Read, check and (with ``write``) store one file; problems go into ``report``.

    A dry run writes too, inside the transaction it rolls back, so that it counts what it
    would add and replace exactly as an import does.
    """
    path = report.path
    if not path.is_file():
        report.problems.append(Problem(None, f"Файл {path} не найден."))
        return
    try:
        table, tasks, problems = _read(
            report, format=format, procedure=procedure, scale=scale, **keys
        )
    except ImportRefused as refused:
        table, tasks, problems = None, None, refused.problems
    report.problems.extend(problems)
    if report.problems or table is None:
        return
    report.rows_read = len(table)
    table = _resolve(report, table, create_missing_schools=create_missing_schools)
    if report.problems:
        return
    empty = table["participants"] == 0
    report.skipped = int(empty.sum())
    table = table[~empty]
    if write:
        stored = _stored(table).count()
        _save(table, report.log)
        report.school_ids = {int(pk) for pk in table["school_id"].unique()}
        report.created = _stored(table).count() - stored
        report.updated = len(table) - report.created
        if tasks is not None:
            _save_tasks(table, tasks)


def _read(report, *, format, procedure, scale, year, subject, grade):
    """The file's aggregates, its task results (None when the format has none) and problems,
    by the reader of its format."""
    path = report.path
    if format == "auto":
        format = "fisoko-vpr" if _looks_like_protocol(path) else "summary"
    report.file_format = format
    if format == "summary":
        table, problems = read_summary(
            path, year=year, procedure=procedure, subject=subject, grade=grade
        )
        return table, None, problems
    if procedure not in (None, Procedure.VPR):
        return (
            None,
            None,
            [Problem(None, "Протокол ФИС ОКО содержит результаты ВПР, а не другой процедуры.")],
        )
    try:
        grading = Scale(*scale) if scale else _stored_scale
    except ValueError as error:
        return None, None, [Problem(None, str(error))]
    table, problems, meta = read_vpr(
        path, year=year, subject=subject, grade=grade, scale=grading, task_maxima=_described_maxima
    )
    return table, meta.get("tasks"), problems


def _described_maxima(year, subject, grade, labels):
    """The tasks' maxima a loaded task description gives ({label: maximum}), or None."""
    for lookup in hooks.get_hooks(TASK_MAXIMA_HOOK):
        if maxima := lookup(year, subject, grade, labels):
            return maxima
    return None


def _looks_like_protocol(path):
    """Ask the protocol reader about the file, giving it only the first lines of a text file.

    A summary CSV can hold a million rows; its header is all the question needs.
    """
    if path.suffix.lower() not in TEXT_EXTENSIONS:
        return is_protocol(path)
    with open(path, "rb") as file:
        head = file.read(HEAD_BYTES)
    # Cut at a line end, so no line (or UTF-8 character) is left half read.
    head = head[: head.rfind(b"\n") + 1] or head
    source = io.BytesIO(head)
    source.name = path.name
    return is_protocol(source)


def _stored_scale(year, subject, grade):
    """The coordinators' scale of this ВПР; refuses the file, naming the scale, without one."""
    found, problems = _find_subjects([subject])
    if problems:
        raise ImportRefused(problems)
    subject_pk = found[subject]
    stored = GradingScale.objects.filter(year=year, subject_id=subject_pk, grade=grade).first()
    if stored is None:
        raise ImportRefused(
            [
                Problem(
                    None,
                    f"Нет шкалы перевода баллов для ВПР {year}, {subject}, {grade} класс: "
                    f"добавьте её в разделе {SCALE_PLACE} или задайте шкалу при импорте.",
                )
            ]
        )
    return Scale(stored.min3, stored.min4, stored.min5, stored.max_score)


def _resolve(report, table, *, create_missing_schools):
    """The table with school_id, subject_id and whole-number keys; problems into ``report``."""
    table = table[AGGREGATE_COLUMNS].copy()
    table["procedure"] = table["procedure"].astype(str)
    default_grades = table["procedure"].map(PROCEDURE_GRADES)
    table["grade"] = pd.to_numeric(table["grade"], errors="coerce").fillna(default_grades)
    table["year"] = pd.to_numeric(table["year"], errors="coerce")
    table[COUNT_COLUMNS] = table[COUNT_COLUMNS].fillna(0).astype(int)
    for column, label in (("year", "год"), ("grade", "класс")):
        if table[column].isna().any():
            report.problems.append(Problem(None, f"Не для всех результатов известен {label}."))
    names = table["subject"].astype(str)
    subject_pks, problems = _find_subjects(names.unique())
    report.problems.extend(problems)
    subject_ids = names.map(subject_pks)
    codes = table["school_code"].astype(str)
    found = find_schools(codes.unique())
    unknown = sorted(set(codes.unique()) - set(found))
    report.unknown_codes = unknown
    if unknown:
        found.update(_add_schools(report, table, unknown, create_missing_schools))
    if report.problems:
        return table
    table["school_id"] = codes.map(found)
    table["subject_id"] = subject_ids.astype(int)
    table[["year", "grade"]] = table[["year", "grade"]].astype(int)
    _check_duplicates(report, table)
    return table


def _find_subjects(names):
    """The subject pk of each name, and a problem for each name that gives none.

    «Иностранный язык» gives none: the results of English, German and French must not replace
    each other. The subject itself keeps the results stored before the languages had their own.
    """
    index = subject_index()
    unspecified = index.get(name_key(FOREIGN_LANGUAGE))
    found, problems = {}, []
    for name in sorted(names):
        subject_pk = find_subject(index, name)
        if subject_pk is None:
            message = f"Предмет «{name}» не найден в справочнике учебных предметов."
            problems.append(Problem(None, message))
        elif subject_pk == unspecified:
            problems.append(Problem(None, NO_LANGUAGE.format(name=name)))
        else:
            found[name] = subject_pk
    return found, problems


def _add_schools(report, table, unknown, create_missing_schools):
    """Codes of the schools added to the registry (or to be, in a dry run): {code: pk}."""
    described = (
        table[table["school_code"].isin(unknown)]
        .drop_duplicates("school_code")
        .set_index("school_code")[["school_name", "municipality"]]
        .fillna("")
    )
    if not create_missing_schools:
        for code, (name, municipality) in described.iterrows():
            about = ", ".join(filter(None, [f"«{name}»" if name else "", municipality]))
            report.problems.append(
                Problem(
                    None,
                    f"Школы с кодом {code}{f' ({about})' if about else ''} нет в реестре: "
                    "добавьте её в реестр или разрешите импорту добавлять новые школы.",
                )
            )
        return {}
    plan = plan_new_schools(
        dict(zip(described.index, described.itertuples(index=False), strict=True))
    )
    report.problems.extend(Problem(None, message) for message in plan.problems)
    if report.problems:
        return {}
    report.schools_created = len(plan.schools)
    return plan.save()


def _check_duplicates(report, table):
    """One school under two logins (sch and edu) in one file would give it two results."""
    duplicated = table[table.duplicated(KEYS, keep=False)]
    for _, rows in duplicated.groupby(KEYS):
        codes = ", ".join(sorted(rows["school_code"].unique()))
        first = rows.iloc[0]
        report.problems.append(
            Problem(
                None,
                f"Коды {codes} означают одну школу реестра, и у неё два результата "
                f"({first['subject']}, {first['grade']} класс, {first['year']}).",
            )
        )


def _stored(table):
    """Stored results of the table's years, procedures, subjects and grades: its rows among them."""
    return ResultAggregate.objects.filter(
        year__in=table["year"].unique().tolist(),
        procedure__in=table["procedure"].unique().tolist(),
        subject_id__in=table["subject_id"].unique().tolist(),
        grade__in=table["grade"].unique().tolist(),
    )


def _save(table, log):
    """Insert the results, replacing stored ones of the same keys, in batches of one statement.

    ``INSERT … ON CONFLICT DO UPDATE`` (SQLite and PostgreSQL) through ``executemany`` writes a
    million rows in seconds, where model instances would take minutes.
    """
    table = table.assign(import_log_id=log.pk)
    quote = connection.ops.quote_name
    columns = ", ".join(map(quote, STORED_COLUMNS))
    updates = ", ".join(
        f"{quote(column)} = excluded.{quote(column)}"
        for column in STORED_COLUMNS
        if column not in KEYS
    )
    sql = (
        f"INSERT INTO {quote(ResultAggregate._meta.db_table)} ({columns}) "
        f"VALUES ({', '.join(['%s'] * len(STORED_COLUMNS))}) "
        f"ON CONFLICT ({', '.join(map(quote, KEYS))}) DO UPDATE SET {updates}"
    )
    table = table[STORED_COLUMNS].astype(dict.fromkeys(FLOAT_COLUMNS, object))
    table[FLOAT_COLUMNS] = table[FLOAT_COLUMNS].where(table[FLOAT_COLUMNS].notna(), None)
    _execute_in_batches(sql, table, STORED_COLUMNS)


def _save_tasks(table, tasks):
    """Replace the task results of the table's (just saved) school results with ``tasks``.

    ``tasks`` has ``task_scores.TASK_COLUMNS`` with the file's school codes; a school result
    whose tasks the file does not give loses the ones stored before, as its totals are replaced.
    """
    units = table[["school_code", *KEYS]]
    stored = pd.DataFrame.from_records(
        _stored(table).values_list("pk", *KEYS), columns=["result_id", *KEYS]
    )
    units = units.merge(stored, on=KEYS)
    quote = connection.ops.quote_name
    table_name = quote(TaskResult._meta.db_table)
    # In SQL, as the insert: the page cache's receiver of every model's post_delete would make
    # QuerySet.delete() fetch each row first (seconds for a region), and the import refreshes
    # the cache itself.
    delete = f"DELETE FROM {table_name} WHERE {quote('result_id')} = %s"
    _execute_in_batches(delete, units, ["result_id"])
    rows = tasks.merge(units[["school_code", "result_id"]], on="school_code")
    sql = (
        f"INSERT INTO {table_name} ({', '.join(map(quote, TASK_STORED_COLUMNS))}) "
        f"VALUES ({', '.join(['%s'] * len(TASK_STORED_COLUMNS))})"
    )
    _execute_in_batches(sql, rows, TASK_STORED_COLUMNS)


def _execute_in_batches(sql, table, columns):
    with connection.cursor() as cursor:
        # Python tuples of a slice at a time: the whole table as tuples would double the memory.
        for start in range(0, len(table), BATCH_ROWS):
            part = table.iloc[start : start + BATCH_ROWS]
            values = [part[column].tolist() for column in columns]
            cursor.executemany(sql, list(zip(*values, strict=True)))
