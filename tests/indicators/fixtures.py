"""Small ФИС ОКО ВПР protocols in the three yearly layouts of the real files, written by tests,
and tables of aggregates (``result``, ``table``) for the rules' hand-computed cases.

A pupil is a ``Pupil``; ``SAMPLE`` covers what real files hold: absent pupils (variant
«отсутствовал» or empty), ``X`` cells, text numbers, a decimal comma, «нет отметки», a stray
variant ``0`` without a score, and a school whose pupils were all absent. Writers add the
login prefix of their year (sch in 2020–2021, edu in 2022) and put ``None`` rows in as empty
rows.
"""

import csv
from dataclasses import dataclass, field

import pandas as pd
from openpyxl import Workbook

from indicators.results.records import AGGREGATE_COLUMNS

ABSENT = "отсутствовал"


@dataclass(frozen=True)
class Pupil:
    school: str  # the number of the login: "220001" becomes sch220001 or edu220001
    variant: object  # "1", 2, ABSENT, "0" or None
    total: object = None  # as written in the file: 14, "14", "10,5", "X" or None
    journal: object = None  # 4, "4", "нет отметки" or None
    tasks: tuple = field(default=("1", "X", "0", "1"))


SCHOOLS = {
    "220001": ('МБОУ "Первая СОШ"', "reg22_m001", "Алейский район"),
    "220002": ('МКОУ "Вторая ООШ"', "reg22_m002", "город Бийск"),
    "220003": ('МКОУ "Третья НОШ"', "reg22_m002", "город Бийск"),
    "220009": ('МБОУ "Девятая СОШ"', "reg22_m003", "Тальменский район"),
}

# Scale for the sample: 3 from 6, 4 from 10, 5 from 14, at most 20 (four tasks of 5 points).
SAMPLE_SCALE = (6, 10, 14, 20)
SAMPLE = [
    Pupil("220001", "1", "14", "4"),
    Pupil("220001", 2, 9, "3"),
    Pupil("220001", ABSENT),
    None,
    Pupil("220001", "1", "5", "нет отметки"),
    Pupil("220001", "0", None, "4"),
    Pupil("220001", "2", "10,5", 5),
    Pupil("220001", "1", 20, None),
    Pupil("220002", "1", "X", "4"),
    Pupil("220002", "2", "0", "2", tasks=("0", "0", "X", "0")),
    None,
    Pupil("220002", "1", "17", "4"),
    Pupil("220002", None),
    Pupil("220002", "1", " 6 ", "3"),
    Pupil("220003", ABSENT),
    Pupil("220003", ABSENT),
]

HEADERS_2020 = ["groups", "user", "id", "code", "otc", "gender", "klass", "var-1", "var-2"]
HEADERS_2021 = [
    "логин школы",
    "регион",
    "номер обучающегося",
    "код обучающегося",
    "отметка за предыдущую четверть/триместр",
    "пол",
    "класс",
    "вариант",
    "всего баллов",
]
HEADERS_2022 = [
    "Пользователь",
    "Код региона",
    "Регион",
    "Муниципалитет",
    "Школа",
    "Дата загрузки",
    "Код",
    "Вариант",
]
TASK_MAXIMA = (5, 5, 5, 5)


def task_count(pupils):
    """The number of task columns: as many as the first pupil has points for (4 without one)."""
    return next((len(pupil.tasks) for pupil in pupils if pupil is not None), len(TASK_MAXIMA))


def rows_2020(pupils):
    tasks = range(1, task_count(pupils) + 1)
    header = [*HEADERS_2020, "sum", *(f"a-{n}-grade" for n in tasks), "Учебник"]
    rows = [header]
    for number, pupil in enumerate(pupils, start=1):
        if pupil is None:
            rows.append([])
            continue
        rows.append(
            [
                "22-RU-ALT,EAST,VPR_22",
                f"sch{pupil.school}",
                number,
                50000 + number,
                pupil.journal,
                "ж",
                "а",
                pupil.variant,
                None,
                pupil.total,
                *pupil.tasks,
                "Моро М.И.",
            ]
        )
    return rows


def rows_2021(pupils):
    tasks = range(1, task_count(pupils) + 1)
    header = [*HEADERS_2021, *(f"балл за {n}" for n in tasks), "Учебник"]
    rows = [header]
    for number, pupil in enumerate(pupils, start=1):
        if pupil is None:
            rows.append([])
            continue
        rows.append(
            [
                f"sch{pupil.school}",
                SCHOOLS[pupil.school][2],
                str(number),
                str(40000 + number),
                _text(pupil.journal),
                "м",
                "нет",
                _text(pupil.variant),
                _text(pupil.total),
                *pupil.tasks,
                "Моро М.И.",
            ]
        )
    return rows


def rows_2022(pupils, *, class_name="4А", upload_date="17.03.2022 05:33:20", tasks=None):
    """``tasks``: the task headers, such as «10К1 (2б)»; by default «1 (5б)» … «4 (5б)»."""
    tasks = tasks or [f"{n} ({points}б)" for n, points in enumerate(TASK_MAXIMA, start=1)]
    header = [*HEADERS_2022, *tasks, "Наименование класса", "Пол"]
    header += ["Отметка за предыдущий триместр/ четверть/полугодие", "Итого баллов"]
    rows = [header]
    for number, pupil in enumerate(pupils, start=1):
        if pupil is None:
            rows.append([])
            continue
        name, municipality_code, municipality = SCHOOLS[pupil.school]
        login = f"edu{pupil.school}"
        rows.append(
            [
                login,
                22,
                "reg220000 | Алтайский край",
                f"{municipality_code} | {municipality}",
                f"{login} | {name}",
                upload_date,
                40000 + number,
                pupil.variant,
                *pupil.tasks,
                class_name,
                "ж",
                pupil.journal,
                pupil.total,
            ]
        )
    return rows


def classes_2022(schools=("220001",), textbook="ma4.8 | 1.1.3.1.8.4 | Моро М.И. Математика"):
    """The «Классы» sheet: one class per school with the textbook's code."""
    header = [*HEADERS_2022[:6], "Буква (цифра) класса", "Основной учебник по предмету"]
    rows = [header]
    for school in schools:
        name, municipality_code, municipality = SCHOOLS[school]
        rows.append(
            [
                f"edu{school}",
                22,
                "reg220000 | Алтайский край",
                f"{municipality_code} | {municipality}",
                f"edu{school} | {name}",
                "17.03.2022 05:33:20",
                "А",
                textbook,
            ]
        )
    return rows


def write_xlsx(path, sheets):
    """A workbook of ``{sheet name: rows}``; an empty row list leaves the row empty."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row, start=1):
                if value is not None:
                    sheet.cell(row=number, column=column, value=value)
    workbook.save(path)
    return path


def write_2020(path, pupils=SAMPLE):
    return write_xlsx(path, {"Sheet1": rows_2020(pupils)})


def write_2021(path, pupils=SAMPLE):
    return write_xlsx(path, {"Sheet": rows_2021(pupils)})


def write_2022(path, pupils=SAMPLE, classes=None, **options):
    schools = sorted({pupil.school for pupil in pupils if pupil})
    return write_xlsx(
        path,
        {"Классы": classes or classes_2022(schools), "Протокол": rows_2022(pupils, **options)},
    )


def write_csv(path, rows, *, encoding="utf-8-sig", delimiter=";"):
    with open(path, "w", newline="", encoding=encoding) as file:
        writer = csv.writer(file, delimiter=delimiter)
        for row in rows:
            writer.writerow(["" if value is None else value for value in row])
    return path


def result(school, year, procedure="VPR", subject="Математика", grade=4, participants=20, **counts):
    """One aggregate row; counts not given are 0, the mean is missing unless given."""
    row = dict.fromkeys(AGGREGATE_COLUMNS, 0)
    row.update(
        school_code=school,
        year=year,
        procedure=procedure,
        subject=subject,
        grade=grade,
        school_name=f"Школа {school}",
        municipality="Район",
        participants=participants,
        mean_score=float("nan"),
    )
    row.update(counts)
    return row


def table(*rows):
    return pd.DataFrame(list(rows), columns=AGGREGATE_COLUMNS)


def _text(value):
    return None if value is None else str(value)
