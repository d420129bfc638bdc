"""Values of single cells: logins, packed "code | name" cells, e-mail, settlement, school type."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from ..models import School, SchoolContext, fisoko_number

WHITESPACE = re.compile(r"\s+")
# Latin letters that look Cyrillic, typed by mistake inside abbreviations: «CОШ», «COШ».
LOOKALIKES = str.maketrans("ACEHKMOPTXaceopx", "АСЕНКМОРТХасеорх")


def clean_text(value):
    """A cell as text: no-break spaces, tabs and line breaks become single spaces."""
    if value is None:
        return ""
    return WHITESPACE.sub(" ", str(value)).strip()


def name_key(name):
    """What two spellings of one name have in common: case, «ё» and spacing do not count."""
    return clean_text(name).casefold().replace("ё", "е")


def login(value):
    """The ФИС ОКО login in lower case, or None when ``value`` is not a login."""
    value = value.strip().lower()
    return value if fisoko_number(value) else None


def split_packed(value):
    """Split a "code | name" cell of a ФИС ОКО export; a cell without "|" is a name alone."""
    code, separator, name = value.partition("|")
    if not separator:
        return "", value.strip()
    return code.strip(), name.strip()


def email(value):
    """The e-mail address a cell holds, or None when it holds none that is valid.

    Real cells carry a prefix («E-mail: …», «https://…»), a name with the address in angle
    brackets, spaces inside the address or the same address twice.
    """
    if match := re.search(r"<([^<>]+@[^<>]+)>", value):
        value = match[1]
    if value.count("@") == 1:
        candidates = [re.sub(r"\s", "", value)]
    else:
        candidates = re.split(r"[\s,;]+", value)
    for candidate in candidates:
        candidate = re.sub(r"^(e-?mail:|mailto:|https?://)", "", candidate, flags=re.IGNORECASE)
        try:
            validate_email(candidate)
        except ValidationError:
            continue
        return candidate.lower()
    return None


# Answers to «Где расположена образовательная организация?» of the context questionnaire.
def settlement_from_answer(answer):
    answer = answer.casefold()
    if "сельск" in answer:
        return School.Settlement.RURAL
    if "город" in answer or "административный центр" in answer:
        return School.Settlement.URBAN
    return None


# The same answers, with the four kinds the questionnaire tells apart; «городского типа» before
# «город», which it contains.
SETTLEMENT_KIND_RULES = [
    (SchoolContext.SettlementKind.REGIONAL_CENTRE, "административный центр"),
    (SchoolContext.SettlementKind.TOWN, "городского типа"),
    (SchoolContext.SettlementKind.VILLAGE, "сельск"),
    (SchoolContext.SettlementKind.CITY, "город"),
]


def settlement_kind_from_answer(answer):
    answer = answer.casefold()
    for kind, words in SETTLEMENT_KIND_RULES:
        if words in answer:
            return kind
    return None


def population_from_answer(answer):
    """(from, to) in thousands of people of an answer to «Каков размер населенного пункта…»:
    «2) 1–5 тыс. человек» → (1, 5), «Менее 1 тыс. человек» → (0, 1), «Более 680 тыс.» →
    (680, None); None when the answer names no size."""
    text = re.sub(r"^\s*\d+\)\s*", "", answer.casefold())  # the answer's number «2)»
    numbers = [int(number) for number in re.findall(r"\d+", text.replace("\u00a0", ""))]
    if not numbers or "тыс" not in text:
        return None
    if text.startswith(("менее", "до ")):
        return 0, numbers[0]
    if text.startswith(("более", "свыше", "от ")) and len(numbers) == 1:
        return numbers[0], None
    if len(numbers) == 2 and numbers[0] < numbers[1]:
        return numbers[0], numbers[1]
    return None


def whole_number(value):
    """A count written in a cell («163», «163.0», «1 210»), or None when it holds none."""
    match = re.fullmatch(r"(\d+)(?:[.,]0+)?", re.sub(r"\s", "", value))
    return int(match[1]) if match else None


# The first rule that matches a school's name gives its type; the order matters: «лицей-интернат»
# is a lyceum and «средняя общеобразовательная школа-интернат» a boarding school.
KIND_RULES = [
    (School.Kind.GYMNASIUM, r"гимнази"),
    (School.Kind.LYCEUM, r"лице[йя]"),
    (School.Kind.CENTRE, r"центр\w* образовани|\bЦО\b"),
    (School.Kind.BOARDING, r"школ\w*-интернат|\bО?ШИ\b|КШИ\b"),
    (School.Kind.NOSH, r"\bНОШ\b|начальн\w* общеобразовательн"),
    (School.Kind.OOSH, r"\bООШ\b|основн\w* общеобразовательн"),
    (School.Kind.SOSH, r"СОШ\b|\bО?СШ\b|\bсредн\w*\W+(\(\w+\)\W+)?(общеобразовательн\w*\W+)?школ"),
]


def kind_from_name(name):
    """The school's type as its name tells it, or None when the name does not."""
    name = name.translate(LOOKALIKES)
    for kind, pattern in KIND_RULES:
        if re.search(pattern, name, re.IGNORECASE):
            return kind
    return None


def kind_from_cell(value):
    """The type written in the registry's own export: its code («СОШ») or its label."""
    value = name_key(value)
    for kind in School.Kind:
        if value in (name_key(kind.value), name_key(kind.label)):
            return kind
    return None


def settlement_from_cell(value):
    """The settlement written in the registry's own export: its code or its label."""
    value = name_key(value)
    for settlement in School.Settlement:
        if value in (settlement.value, name_key(settlement.label)):
            return settlement
    return None
