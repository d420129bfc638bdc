"""Summary tables of results for the import bench and tests: plausible, deterministic, any size.

``write_summary_csv(path, rows)`` writes the documented headers of docs/results-formats.md,
«;»-separated, UTF-8 with BOM, decimal commas, the way Excel saves a Russian CSV. Every row has
its own key: 200 (year, subject, procedure, grade) rows per school, then the next school.
"""

import numpy as np
import pandas as pd

from indicators.importing.summary import HEADERS, OBJECTIVITY_KEYS

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
# The documented headers but the objectivity counts, which this table does not have.
COLUMN_KEYS = [key for key in HEADERS if key not in OBJECTIVITY_KEYS]


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
    columns = {
        "school_code": np.char.add("sch", school.astype(str)),
        "school_name": names[school - school.min()],
        "municipality": municipalities[school % len(municipalities)],
        "year": np.array(YEARS)[year],
        "procedure": procedures[procedure],
        "subject": np.array(SUBJECTS)[subject],
        "grade": grades[procedure],
        "participants": participants,
        "mark2": marks[:, 0],
        "mark3": marks[:, 1],
        "mark4": marks[:, 2],
        "mark5": marks[:, 3],
        "mean_score": mean.round(2),
        "below_minimum": marks[:, 0],
        "high_results": np.where(procedures[procedure] == "ЕГЭ", marks[:, 3] // 2, 0),
    }
    return pd.DataFrame({HEADERS[key]: columns[key] for key in COLUMN_KEYS})


def write_summary_csv(path, rows, seed=0):
    """Write ``rows`` rows of a summary table to ``path``; return the table written."""
    frame = summary_frame(rows, seed)
    frame.to_csv(path, sep=";", decimal=",", index=False, encoding="utf-8-sig")
    return frame
