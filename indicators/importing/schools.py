"""Finding the registry's schools and subjects that a table of aggregates names.

A result file names a school by its ФИС ОКО login or its registry code. The school is the one
with that code, or else the one with a login of the same key (``fisoko_number``): `edu223223`
in a 2022 protocol is the school registered as `sch223223`. Subjects are found by their name
or one of their «другие написания», ignoring case and «ё»; a name that is neither but names a
foreign language («Иностранный язык: французский») finds that language.
"""

from dataclasses import dataclass, field

from curriculum.models import Subject
from schools.importing.cells import clean_text, kind_from_name, name_key
from schools.importing.municipalities import MunicipalityIndex
from schools.importing.records import MunicipalityRef
from schools.models import Municipality, School, SchoolCode, fisoko_number

from .filenames import FOREIGN_LANGUAGES, subject_from_text


def subject_index():
    """Every spelling of every subject (as ``name_key``) → the subject's pk.

    A subject's own name wins over another subject's other spelling: «Английский язык» is the
    English subject even where «Иностранный язык» still lists it among its spellings.
    """
    subjects = list(Subject.objects.all())
    index = {name_key(subject.name): subject.pk for subject in subjects}
    for subject in subjects:
        for name in filter(None, map(clean_text, subject.other_names.splitlines())):
            index.setdefault(name_key(name), subject.pk)
    return index


def find_subject(index, name):
    """The pk of the subject ``name`` spells, else of the foreign language it names
    («Иностранный язык: французский»), else None."""
    found = index.get(name_key(name))
    if found is None and (language := subject_from_text(name)) in FOREIGN_LANGUAGES:
        found = index.get(name_key(language))
    return found


def find_schools(codes):
    """The registry school pk of each code the registry knows: {code as given: pk}."""
    normalized = {code: clean_text(code).lower() for code in codes}
    numbers = {code: fisoko_number(value) for code, value in normalized.items() if value}
    by_code, by_number = {}, {}
    rows = SchoolCode.objects.filter(code__in=set(normalized.values())) | SchoolCode.objects.filter(
        number__in={number for number in numbers.values() if number}
    )
    for code, number, school_pk in rows.values_list("code", "number", "school_id"):
        by_code[code] = school_pk
        by_number.setdefault(number, school_pk)
    found = {}
    for code, value in normalized.items():
        school_pk = by_code.get(value) or by_number.get(numbers.get(code))
        if school_pk is not None:
            found[code] = school_pk
    return found


@dataclass
class NewSchools:
    """Schools to add to the registry for codes it lacks, and why some cannot be added."""

    schools: dict = field(default_factory=dict)  # code → unsaved School
    problems: list = field(default_factory=list)  # messages, one per code

    def save(self):
        """Save the schools with their codes; return {code: pk}."""
        School.objects.bulk_create(self.schools.values())
        SchoolCode.objects.bulk_create(
            SchoolCode(school=school, code=code, number=fisoko_number(code) or code)
            for code, school in self.schools.items()
        )
        return {code: school.pk for code, school in self.schools.items()}


def plan_new_schools(described):
    """Schools for unknown codes, from ``described``: {code: (school name, municipality name)}.

    The municipality must be in the registry, found by its name or «другие названия».
    """
    municipalities = MunicipalityIndex(Municipality.objects.all())
    plan = NewSchools()
    for code, (name, municipality_name) in sorted(described.items()):
        name, municipality_name = clean_text(name), clean_text(municipality_name)
        login = clean_text(code).lower()
        if not name:
            plan.problems.append(
                f"Школу с кодом {login} нельзя добавить в реестр: в файле нет её названия."
            )
            continue
        municipality = municipalities.find(MunicipalityRef(name=municipality_name))
        if municipality is None:
            where = f"«{municipality_name}»" if municipality_name else "не указан в файле"
            plan.problems.append(
                f"Школу {login} «{name}» нельзя добавить в реестр: муниципалитет {where} "
                "не найден в реестре."
            )
            continue
        plan.schools[login] = School(
            short_name=name[: School._meta.get_field("short_name").max_length],
            kind=kind_from_name(name) or School.Kind.OTHER,
            municipality=municipality,
        )
    return plan
