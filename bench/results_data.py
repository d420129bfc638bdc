"""Summary tables of results for the import bench and tests: plausible, deterministic, any size.

``write_summary_csv(path, rows)`` writes the documented headers of docs/results-formats.md,
«;»-separated, UTF-8 with BOM, decimal commas, the way Excel saves a Russian CSV. Every row has
its own key: 200 (year, subject, procedure, grade) rows per school, then the next school.
"""

import numpy as np
import pandas as pd

SUBJECTS = [
    "Русский язык",
    "Математика",
    "Физика",
    "Химия",
    "Биология",
    "География",
    "История",
    "Обществознание",
    "Информатика",
    "Английский язык",
]
PROCEDURE_GRADES = [("ОГЭ", 9), ("ЕГЭ", 11), ("КДР", 5), ("КДР", 7)]
YEARS = [2020, 2021, 2022, 2023, 2024]
ROWS_PER_SCHOOL = len(SUBJECTS) * len(PROCEDURE_GRADES) * len(YEARS)
HEADERS = [
    "Код школы",
    "Школа",
    "Муниципалитет",
    "Год",
    "Процедура",
    "Предмет",
    "Класс",
    "Участников",
    "Отметка 2",
    "Отметка 3",
    "Отметка 4",
    "Отметка 5",
    "Средний балл",
    "Ниже минимума",
    "Высокие результаты",
]


def summary_frame(rows, seed=0):
    """The table as ``write_summary_csv`` writes it, headers and all."""
    rng = np.random.default_rng(seed)
    index = np.arange(rows)
    school = 200_000 + index // ROWS_PER_SCHOOL
    combination = index % ROWS_PER_SCHOOL
    subject = combination % len(SUBJECTS)
    procedure = combination // len(SUBJECTS) % len(PROCEDURE_GRADES)
    year = combination // (len(SUBJECTS) * len(PROCEDURE_GRADES))
    participants = rng.integers(5, 120, rows)
    # Mark shares around a typical 10/35/35/20 split, each school somewhat better or worse.
    shares = rng.dirichlet([2, 7, 7, 4], rows)
    marks = np.floor(shares * participants[:, None]).astype(int)
    marks[:, 1] += participants - marks.sum(axis=1)
    mean = (marks * np.arange(2, 6)).sum(axis=1) / participants
    names = np.array(
        [f"МБОУ «СОШ № {number % 1000}»" for number in range(school.min(), school.max() + 1)]
    )
    municipalities = np.array([f"Муниципальный район № {n}" for n in range(60)])
    procedures = np.array([name for name, _grade in PROCEDURE_GRADES])
    grades = np.array([grade for _name, grade in PROCEDURE_GRADES])
    return pd.DataFrame(
        {
            "Код школы": np.char.add("sch", school.astype(str)),
            "Школа": names[school - school.min()],
            "Муниципалитет": municipalities[school % len(municipalities)],
            "Год": np.array(YEARS)[year],
            "Процедура": procedures[procedure],
            "Предмет": np.array(SUBJECTS)[subject],
            "Класс": grades[procedure],
            "Участников": participants,
            "Отметка 2": marks[:, 0],
            "Отметка 3": marks[:, 1],
            "Отметка 4": marks[:, 2],
            "Отметка 5": marks[:, 3],
            "Средний балл": mean.round(2),
            "Ниже минимума": marks[:, 0],
            "Высокие результаты": np.where(procedures[procedure] == "ЕГЭ", marks[:, 3] // 2, 0),
        },
        columns=HEADERS,
    )


def write_summary_csv(path, rows, seed=0):
    """Write ``rows`` rows of a summary table to ``path``; return the table written."""
    frame = summary_frame(rows, seed)
    frame.to_csv(path, sep=";", decimal=",", index=False, encoding="utf-8-sig")
    return frame
