"""Year, subject and grade of a result file as its name or folders tell them.

Names seen in practice: «Проведение работы по математике, 4 класс. ВПР 2021.xlsx»,
``2022/5/Математика.xlsx`` (year and grade as folders), ``vpr2021-g4-math.xlsx``.
"""

import re
from pathlib import PurePath

# ВПР, ОГЭ and ЕГЭ in each foreign language are separate works, so separate subjects;
# «Иностранный язык» alone does not say which.
FOREIGN_LANGUAGE = "Иностранный язык"
FOREIGN_LANGUAGES = ("Английский язык", "Немецкий язык", "Французский язык")

# Stems of subject names in any grammatical case («математика», «по математике», «русскому
# языку»), searched in the lower-cased name; the first that matches wins, so the more specific
# come first: the language's adjective alone names it («иностранный язык (английский)»,
# «немецкий язык. Второй иностранный язык»).
SUBJECT_STEMS = [
    (r"английск", "Английский язык"),
    (r"немецк", "Немецкий язык"),
    (r"французск", "Французский язык"),
    (r"русск\w*\s+язык", "Русский язык"),
    (r"иностранн\w*\s+язык", FOREIGN_LANGUAGE),
    (r"окружающ\w*\s+мир", "Окружающий мир"),
    (r"математик", "Математика"),
    (r"литератур", "Литература"),
    (r"физик", "Физика"),
    (r"хими", "Химия"),
    (r"биологи", "Биология"),
    (r"географи", "География"),
    (r"истори", "История"),
    (r"обществознани", "Обществознание"),
    (r"информатик", "Информатика"),
]

# Short codes of subjects in Latin letters, as in ФИС ОКО group names (vpr2019.math4, ma4.8)
# and in hand-made file names (vpr2021-g4-math.xlsx). Matched as whole words only. English is
# eng/en in the real group names (vpr2019.eng7, vpr2020.en11); German and French by analogy.
SUBJECT_CODES = {
    "math": "Математика",
    "mat": "Математика",
    "ma": "Математика",
    "rus": "Русский язык",
    "ru": "Русский язык",
    "okr": "Окружающий мир",
    "hist": "История",
    "bio": "Биология",
    "geo": "География",
    "obsh": "Обществознание",
    "phys": "Физика",
    "fiz": "Физика",
    "chem": "Химия",
    "him": "Химия",
    "eng": "Английский язык",
    "en": "Английский язык",
    "de": "Немецкий язык",
    "deu": "Немецкий язык",
    "ger": "Немецкий язык",
    "fr": "Французский язык",
    "fra": "Французский язык",
    "fre": "Французский язык",
    "lit": "Литература",
    "inf": "Информатика",
}

YEAR = re.compile(r"(?<!\d)(20[0-9]{2})(?!\d)")
_CODES = "|".join(sorted(SUBJECT_CODES, key=len, reverse=True))
GRADE_PATTERNS = [
    re.compile(r"(?<!\d)(1[01]|[1-9])\s*-?\s*(?:й|ый|ой)?\s*(?:класс|кл\b|кл\.)"),
    re.compile(r"класс\w*\s*(1[01]|[1-9])(?!\d)"),
    re.compile(r"(?<![a-zа-я0-9])(?:g|grade|gr)\s*-?\s*(1[01]|[1-9])(?!\d)"),
    # A subject code glued to the grade: ma4, rus5.
    re.compile(rf"(?<![a-z0-9])(?:{_CODES})(1[01]|[1-9])(?![0-9])"),
]
LATIN_WORD = re.compile(r"[a-z]+")


def describe(path):
    """``{"year", "subject", "grade"}`` read from the file name and its folders; None if absent.

    The file name is asked first, then its two nearest folders, so that
    ``2022/5/Математика.xlsx`` gives 2022, grade 5 and «Математика»; folders further up (a
    temporary or upload directory) say nothing about the file.
    """
    path = PurePath(path)
    parts = [path.stem, *(parent.name for parent in list(path.parents)[:2] if parent.name)]
    result = {"year": None, "subject": None, "grade": None}
    for part in parts:
        text = part.lower().replace("ё", "е")
        if result["year"] is None:
            result["year"] = _year(text)
        if result["subject"] is None:
            result["subject"] = subject_from_text(text)
        if result["grade"] is None:
            result["grade"] = _grade(text, whole_part=part is not path.stem)
    return result


def subject_from_text(text):
    """The subject a text names in Russian (any case) or by a short Latin code, or None."""
    text = text.lower().replace("ё", "е")
    for pattern, name in SUBJECT_STEMS:
        if re.search(pattern, text):
            return name
    return subject_from_code(text)


def subject_from_code(text):
    """The subject of the first short Latin code in a text ("vpr2021-g4-math", "ma4.8")."""
    for word in LATIN_WORD.findall(text.lower()):
        if word in SUBJECT_CODES:
            return SUBJECT_CODES[word]
    return None


def _year(text):
    match = YEAR.search(text)
    return int(match.group(1)) if match else None


def _grade(text, *, whole_part):
    # A folder named just "5" is a grade; a bare number inside a file name is not.
    if whole_part and re.fullmatch(r"\s*(1[01]|[1-9])\s*(?:класс|кл)?\s*", text):
        return int(re.search(r"\d+", text).group())
    without_years = YEAR.sub(" ", text)
    for pattern in GRADE_PATTERNS:
        match = pattern.search(without_years)
        if match:
            return int(match.group(1))
    return None
