"""Validating a whole file against the registry and planning its changes, without saving any."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from site_cms.templatetags.russian_tags import ru_plural

from ..models import (
    Municipality,
    School,
    SchoolCode,
    SchoolContext,
    SchoolIndexPage,
    fisoko_number,
)
from .formats import detect, parse_rows
from .municipalities import MunicipalityIndex
from .reading import FileError, read_sheets
from .records import Problem

# Text fields whose length the database limits; checked here so that a long cell is a row error.
SCHOOL_LIMITS = ("short_name", "full_name", "address", "phone", "email", "website")
MUNICIPALITY_LIMITS = ("name", "code", "region")


@dataclass
class SchoolChange:
    school: School
    fields: dict[str, tuple]  # field → (registry's value, file's value)
    new_codes: list[str]
    line: int

    @property
    def described(self):
        """(field label, registry's value, file's value) of each change, for the preview."""
        return [
            (field.verbose_name, _shown(field, old), _shown(field, new))
            for field, (old, new) in (
                (School._meta.get_field(name), values) for name, values in self.fields.items()
            )
        ]


def _shown(field, value):
    return dict(field.flatchoices).get(value, value) if field.choices else value


@dataclass
class NewSchool:
    school: School
    codes: list[str]
    line: int


CONTEXT_FIELDS = (
    "settlement_kind",
    "population_from",
    "population_to",
    "pupils",
    "ovz_counted",
    "ovz_pupils",
)
# What the summary counts: the field that tells a value is there → its name in the summary.
CONTEXT_VALUES = {
    "settlement_kind": "тип населённого пункта",
    "population_from": "размер населённого пункта",
    "pupils": "число обучающихся",
    "ovz_counted": "доля обучающихся с ОВЗ",
}


@dataclass
class ContextChange:
    """A school's context of one school year to write: every field, the stored ones kept where
    the file's cell is empty."""

    school: School  # a new school is saved just before
    school_year: int
    values: dict[str, object]
    line: int


@dataclass
class ImportPlan:
    filename: str
    format_label: str = ""
    rows: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    new_schools: list[NewSchool] = field(default_factory=list)
    changed_schools: list[SchoolChange] = field(default_factory=list)
    unchanged: int = 0
    new_municipalities: list[Municipality] = field(default_factory=list)
    changed_municipalities: dict[Municipality, list[str]] = field(default_factory=dict)
    contexts: list[ContextChange] = field(default_factory=list)
    context_years: set[int] = field(default_factory=set)
    context_counts: Counter = field(default_factory=Counter)  # CONTEXT_VALUES key → schools

    @property
    def is_valid(self):
        return not self.errors

    @property
    def context_summary(self):
        """The context data in a sentence: how many schools have each value, how many change."""
        if not self.context_years:
            return ""
        years = ", ".join(f"{year}/{year + 1}" for year in sorted(self.context_years))
        counts = ", ".join(
            f"{name} — у {self.context_counts[key]}" for key, name in CONTEXT_VALUES.items()
        )
        last = self.context_counts[list(CONTEXT_VALUES)[-1]]
        changed = len(self.contexts)
        return (
            f"Контекстные данные {years} учебного года: {counts} "
            f"{ru_plural(last, 'школы,школ,школ')}; новые или изменённые — у {changed} "
            f"{ru_plural(changed, 'школы,школ,школ')}."
        )


def plan_import(data, filename, *, create_municipalities=False, provision=False):
    """Read the file and return the ImportPlan: its errors or the changes it would make."""
    plan = ImportPlan(filename=filename)
    try:
        sheets = read_sheets(data, filename)
    except FileError as error:
        plan.errors.append(Problem(str(error)))
        return plan
    format_, sheet, columns, plan.errors = detect(sheets)
    if plan.errors:
        return plan
    plan.format_label = format_.label
    plan.rows = len(sheet.rows)
    if not sheet.rows:
        plan.errors.append(Problem("в файле нет ни одной строки со школой"))
        return plan
    if provision and not SchoolIndexPage.objects.exists():
        plan.errors.append(
            Problem("на сайте нет страницы «Школы»: создайте её или снимите «создать страницы»")
        )
    records, errors, plan.warnings = parse_rows(format_, sheet, columns)
    plan.errors += errors + _duplicates(records) + _too_long(records)
    _Planner(plan, format_, create_municipalities).match(records)
    plan.errors.sort(key=lambda problem: problem.line or 0)
    plan.warnings.sort(key=lambda problem: problem.line or 0)
    return plan


def _duplicates(records):
    """One school on two rows, even under two logins of one number (sch223223 and edu223223)."""
    first_line, errors = {}, []
    for record in records:
        for code in record.codes:
            line = first_line.setdefault(fisoko_number(code), record.line)
            if line != record.line:
                errors.append(
                    Problem(f"логин {code} повторяет школу из строки {line}", record.line)
                )
    return errors


def _too_long(records):
    errors = []
    for record in records:
        values = [(School, name, record.values.get(name, "")) for name in SCHOOL_LIMITS]
        values += [
            (Municipality, name, getattr(record.municipality, name)) for name in MUNICIPALITY_LIMITS
        ]
        for model, name, value in values:
            field = model._meta.get_field(name)
            if len(value) > field.max_length:
                errors.append(
                    Problem(
                        f"значение «{field.verbose_name}» ({model._meta.verbose_name}) длиннее "
                        f"{field.max_length} знаков",
                        record.line,
                    )
                )
    return errors


class _Planner:
    """Match each record to a registry school and work out the changes."""

    def __init__(self, plan, format_, create_municipalities):
        self.plan = plan
        self.format = format_
        self.create_municipalities = create_municipalities
        self.municipalities = MunicipalityIndex(Municipality.objects.all())
        self.unmatched_refs = defaultdict(list)  # reference → lines of known schools

    def match(self, records):
        schools_by_key, codes = _registry_codes()
        matched = {}
        for record in records:
            pks = {
                pk for code in record.codes for pk in schools_by_key.get(fisoko_number(code), ())
            }
            if len(pks) > 1:
                self.plan.errors.append(
                    Problem("логины строки принадлежат разным школам реестра", record.line)
                )
            elif pks:
                matched[record.line] = pks.pop()
        schools = School.objects.select_related("municipality").in_bulk(set(matched.values()))
        self.stored_contexts = _stored_contexts(records, matched)
        if not self.format.moves_schools:
            self.municipalities.learn(
                (record.municipality, schools[matched[record.line]].municipality_id)
                for record in records
                if record.line in matched
            )
        for record in records:
            if record.line in matched:
                self._update(record, schools[matched[record.line]], codes)
            else:
                self._create(record)
        self._warn_unmatched()
        self.plan.new_municipalities = self.municipalities.created
        self.plan.changed_municipalities = self.municipalities.changes

    def _municipality(self, record):
        """The municipality the record means, created if allowed; None with an error if not."""
        ref = record.municipality
        municipality = self.municipalities.resolve(ref)
        if municipality is None and self.create_municipalities:
            municipality = self.municipalities.create(ref)
            if municipality is None:
                self.plan.errors.append(
                    Problem(
                        f"муниципалитет «{ref.name}» уже есть в реестре с другим кодом", record.line
                    )
                )
                return None
        if municipality is None:
            self.plan.errors.append(
                Problem(
                    f"муниципалитет «{ref}» не найден в реестре: включите «создавать отсутствующие "
                    "муниципалитеты» или добавьте это название в «другие названия» муниципалитета",
                    record.line,
                )
            )
        return municipality

    def _create(self, record):
        municipality = self._municipality(record)
        if municipality is None:
            return
        school = School(municipality=municipality, **{"kind": School.Kind.OTHER, **record.values})
        self.plan.new_schools.append(NewSchool(school, record.codes, record.line))
        self._context(record, school)

    def _update(self, record, school, codes):
        changes = {
            name: (getattr(school, name), value)
            for name, value in record.values.items()
            if name in self.format.updates and getattr(school, name) != value
        }
        if self.format.moves_schools:
            municipality = self._municipality(record)
            if municipality is not None and municipality != school.municipality:
                changes["municipality"] = (school.municipality, municipality)
        else:
            municipality = self.municipalities.resolve(record.municipality)
            if municipality is None:
                self.unmatched_refs[record.municipality].append(record.line)
            elif municipality.pk != school.municipality_id:
                self.plan.warnings.append(
                    Problem(
                        f"в файле муниципалитет «{record.municipality}», в реестре школа "
                        f"{school} относится к «{school.municipality}»: муниципалитет школы "
                        "не меняется",
                        record.line,
                    )
                )
        self._context(record, school)
        new_codes = [code for code in record.codes if code not in codes]
        if changes or new_codes:
            self.plan.changed_schools.append(SchoolChange(school, changes, new_codes, record.line))
        else:
            self.plan.unchanged += 1

    def _context(self, record, school):
        if not record.context:
            return
        year = record.context_year
        self.plan.context_years.add(year)
        self.plan.context_counts.update(key for key in CONTEXT_VALUES if key in record.context)
        stored = self.stored_contexts.get((school.pk, year), dict.fromkeys(CONTEXT_FIELDS))
        values = {**stored, **record.context}
        if school.pk is None or values != stored:
            self.plan.contexts.append(ContextChange(school, year, values, record.line))

    def _warn_unmatched(self):
        for ref, lines in self.unmatched_refs.items():
            also = ""
            if others := lines[1:]:
                more = f" и ещё {len(others) - 5}" if len(others) > 5 else ""
                also = f" (и в строках {', '.join(map(str, others[:5]))}{more})"
            self.plan.warnings.append(
                Problem(
                    f"муниципалитет «{ref}»{also} не найден в реестре; школы, которые уже есть "
                    "в реестре, остаются в своих муниципалитетах",
                    lines[0],
                )
            )


def _stored_contexts(records, matched):
    """{(school pk, school year): its context fields} of the registry schools the records
    match, for the years they describe. One query."""
    years = {record.context_year for record in records if record.context}
    if not years:
        return {}
    rows = SchoolContext.objects.filter(
        school_id__in=set(matched.values()), school_year__in=years
    ).values("school_id", "school_year", *CONTEXT_FIELDS)
    return {(row.pop("school_id"), row.pop("school_year")): row for row in rows}


def _registry_codes():
    """(school pks by login key, the set of logins) of the whole registry, in one query."""
    schools_by_key, codes = defaultdict(set), set()
    for number, code, school_pk in SchoolCode.objects.values_list("number", "code", "school_id"):
        schools_by_key[number].add(school_pk)
        codes.add(code)
    return schools_by_key, codes
