"""A school's verdict per subject in words a parent understands, with the figures behind it.

Pure: takes one school's table of ``dynamics.changes`` and returns, for each subject, its latest
year's verdict as one sentence («Математика: результаты улучшились — доля «двоек» в ВПР
5 класса снизилась с 38 % до 14 % (2024 → 2025), это больше, чем могло бы дать случайное
колебание.») and a row per work compared, for the table folded under it.

Decisions:

* The subject's latest year with results is judged against the year before; the verdict is
  ``dynamics.school_verdicts``' (every procedure and grade of the subject pooled). Works
  without the year before are left out; a subject with none of them says there is nothing to
  compare with.
* The sentence names one work, the most telling one: for an improvement (a worsening) the
  largest judged fall (rise) of the failing share, else of the mean; with no noticeable change,
  the largest change of the failing share — and says it could be chance.
* A work of fewer than ``RESULTS_PUBLIC_MIN_PARTICIPANTS`` pupils in either year shows no shares,
  means or intervals (``results.privacy``); its verdict still counts, and the sentence names a
  work that may be shown when there is one.
"""

from dataclasses import dataclass

import pandas as pd

from ..results.privacy import HIDDEN
from ..results.records import Procedure
from .dynamics import (
    INSUFFICIENT,
    MARGIN,
    NEGATIVE,
    POSITIVE,
    STABLE,
    UNKNOWN,
    school_verdicts,
)
from .identification import BELOW_MINIMUM_PROCEDURES
from .sentences import NBSP, PERCENT, format_number, format_value, is_missing

# No work of the subject has results of the year before.
NOT_COMPARED = "not_compared"

LABELS = {
    POSITIVE: "улучшение",
    NEGATIVE: "ухудшение",
    STABLE: "без заметных изменений",
    INSUFFICIENT: "мало участников",
    NOT_COMPARED: "не с чем сравнить",
}
POINTS = f"п.{NBSP}п."


@dataclass(frozen=True)
class Comparison:
    """One work's figures in both years, as the table under the verdict shows them."""

    work: str  # «ВПР, 5 класс»
    participants: str  # «14 → 15»
    failing: str  # «38 % → 14 %»
    failing_change: str  # «−24 п. п. (от −45 до −2 п. п.)»
    mean: str
    mean_change: str
    verdict: str  # LABELS


@dataclass(frozen=True)
class SubjectVerdict:
    subject: str
    year: int
    status: str  # a key of LABELS
    sentence: str
    comparisons: tuple[Comparison, ...]

    @property
    def label(self):
        return LABELS[self.status]


def subject_verdicts(table, method, thresholds, public_minimum):
    """The verdict of each subject in one school's ``changes`` table, subjects by name."""
    verdicts = []
    for subject, rows in table.groupby("subject", sort=True):
        year = int(rows["year"].max())
        rows = rows[rows["year"] == year]
        compared = rows[rows["participants_before"].notna()]
        if compared.empty:
            sentence = (
                f"{subject}: результатов {year - 1} года нет, сравнивать {year} год не с чем."
            )
            verdicts.append(SubjectVerdict(subject, year, NOT_COMPARED, sentence, ()))
            continue
        compared = compared.assign(
            shown=(compared["participants"] >= public_minimum)
            & (compared["participants_before"] >= public_minimum)
        )
        verdict = school_verdicts(compared).iloc[0]
        sentence = _sentence(subject, year, verdict, compared, method, thresholds)
        rows = tuple(_comparison(row, method) for row in _in_order(compared))
        verdicts.append(SubjectVerdict(subject, year, verdict["status"], sentence, rows))
    return verdicts


def _in_order(rows):
    order = list(Procedure.values)
    rows = rows.assign(order=rows["procedure"].map(order.index))
    return rows.sort_values(["order", "grade"]).itertuples(index=False)


def _sentence(subject, year, verdict, rows, method, thresholds):
    period = f"({year - 1} → {year})"
    status = verdict["status"]
    if status == INSUFFICIENT:
        return (
            f"{subject}: мало участников, чтобы судить об изменениях — меньше "
            f"{format_number(thresholds.min_participants)} в {year - 1} или {year} году."
        )
    if status == STABLE and verdict["positive"] and verdict["negative"]:
        return (
            f"{subject}: заметных изменений в целом нет — в одних работах результаты "
            f"улучшились, в других ухудшились {period}."
        )
    row, figure = _telling(rows, status)
    if status == STABLE:
        start = f"{subject}: без заметных изменений"
        end = (
            f"изменение не больше порога в {_margin(figure, thresholds)}"
            if method.name == MARGIN
            else "но такое изменение могло быть случайным колебанием"
        )
    else:
        start = f"{subject}: результаты {'улучшились' if status == POSITIVE else 'ухудшились'}"
        end = (
            f"это больше порога в {_margin(figure, thresholds)}"
            if method.name == MARGIN
            else "это больше, чем могло бы дать случайное колебание"
        )
    if not row.shown:
        return f"{start} ({_work_phrase(row)}: {HIDDEN})."
    # «п. п.» already ends with a full stop; a second one would read as a typo.
    return f"{start} — {_figure_phrase(row, figure)} {period}, {end}".removesuffix(".") + "."


def _telling(rows, status):
    """The row and the figure («failing» or «mean») the sentence names: one that may be shown
    first, then the failing share before the mean, then the largest change."""
    if status == STABLE:
        judged = rows[rows["status"] != INSUFFICIENT]
        judged = judged.assign(
            hidden=~judged["shown"], size=judged["failing_share_change"].abs().fillna(-1)
        ).sort_values(["hidden", "size"], ascending=[True, False])
        return next(judged.itertuples(index=False)), "failing"
    moved = rows[rows["status"] == status]
    candidates = [
        ((not row.shown, figure != "failing", -abs(getattr(row, change))), row, figure)
        for figure, change in (("failing", "failing_share_change"), ("mean", "mean_difference"))
        for row in moved[moved[f"{figure}_status"] == status].itertuples(index=False)
    ]
    _key, row, figure = min(candidates, key=lambda candidate: candidate[0])
    return row, figure


def _margin(figure, thresholds):
    margin = format_value(thresholds.noise_margin, PERCENT)
    return margin.replace("%", POINTS) if figure == "failing" else margin


def _work_phrase(row):
    """«в ВПР 5 класса», «в ОГЭ»: where the figure comes from."""
    procedure = Procedure(row.procedure).label
    if row.procedure in BELOW_MINIMUM_PROCEDURES:
        return f"в {procedure}"
    return f"в {procedure} {int(row.grade)} класса"


def _figure_phrase(row, figure):
    """«доля «двоек» в ВПР 5 класса снизилась с 38 % до 14 %»."""
    if figure == "failing":
        name = (
            "доля результатов ниже минимального балла"
            if row.procedure in BELOW_MINIMUM_PROCEDURES
            else "доля «двоек»"
        )
        values = (row.failing_share_before, row.failing_share)
        before, after = (format_value(value, PERCENT, digits=0) for value in values)
        rose, fell, same = "выросла", "снизилась", "осталась прежней"
    else:
        name = "средний балл"
        values = (row.mean_before, row.mean_score)
        before, after = (format_number(value) for value in values)
        rose, fell, same = "вырос", "снизился", "остался прежним"
    where = _work_phrase(row)
    if before == after:
        return f"{name} {where} {same}: {after}"
    return f"{name} {where} {rose if values[1] > values[0] else fell} с {before} до {after}"


def _comparison(row, method):
    procedure = Procedure(row.procedure).label
    work = (
        procedure
        if row.procedure in BELOW_MINIMUM_PROCEDURES
        else f"{procedure}, {row.grade} класс"
    )
    participants = f"{int(row.participants_before)} → {int(row.participants)}"
    verdict = LABELS[row.status]
    if not row.shown:
        return Comparison(work, participants, HIDDEN, "—", "—", "—", verdict)
    failing = (
        f"{format_value(row.failing_share_before, PERCENT)} → "
        f"{format_value(row.failing_share, PERCENT)}"
    )
    failing_change = _change(
        row.failing_share_change * 100,
        row.failing_low * 100,
        row.failing_high * 100,
        POINTS,
        method,
        interval_known=True,
    )
    if is_missing(row.mean_before) or is_missing(row.mean_score):
        mean = mean_change = "—"
    else:
        mean = f"{format_number(row.mean_before)} → {format_number(row.mean_score)}"
        mean_change = _change(
            row.mean_difference,
            row.mean_low,
            row.mean_high,
            "",
            method,
            interval_known=row.mean_status != UNKNOWN,
        )
        if method.name == MARGIN and not is_missing(row.mean_change):
            mean_change += f" ({_signed(row.mean_change * 100)}{NBSP}%)"
    return Comparison(work, participants, failing, failing_change, mean, mean_change, verdict)


def _change(change, low, high, unit, method, *, interval_known):
    unit_text = f"{NBSP}{unit}" if unit else ""
    text = f"{_signed(change)}{unit_text}"
    if method.name == MARGIN:
        return text
    if not interval_known or pd.isna(low):
        return f"{text}; интервал не вычислить: нет разброса баллов учеников"
    return f"{text} (от {format_number(low)} до {format_number(high)}{unit_text})"


def _signed(value):
    text = format_number(value)
    return text if text.startswith("−") or text == "0" else f"+{text}"
