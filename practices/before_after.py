"""The school's results before and after a practice started, so that its claim is checkable.

A practice that started in the school year Y/Y+1 (``start_year`` = Y) is compared on each work
(procedure, subject, grade) the school wrote both before (the last year ≤ Y: results of the
spring of Y came before the practice) and after (the latest year > Y). Shares follow the public
rule of small numbers (``indicators.results.privacy``): a result of few pupils shows only its
number of participants.
"""

from dataclasses import dataclass

from indicators.results.privacy import HIDDEN, public_minimum, shows_shares
from indicators.results.queries import aggregates_frame
from indicators.results.records import Procedure

MAX_WORKS = 4


@dataclass(frozen=True)
class YearResult:
    year: int
    participants: int
    # Percentages rounded to whole numbers; None when the result is too small to show them.
    failing: int | None
    good: int | None

    @property
    def hidden_note(self):
        return HIDDEN if self.failing is None else ""


@dataclass(frozen=True)
class WorkBeforeAfter:
    work: str
    before: YearResult
    after: YearResult

    @property
    def before_and_after(self):
        return (self.before, self.after)


def _year_result(row, minimum):
    participants = int(row.participants)
    if not participants or not shows_shares(participants, minimum):
        return YearResult(int(row.year), participants, None, None)
    return YearResult(
        int(row.year),
        participants,
        round(100 * row.mark2 / participants),
        round(100 * (row.mark4 + row.mark5) / participants),
    )


def before_after(frame, start_year, subjects=(), *, minimum):
    """Works of one school's results frame (``aggregates_frame``'s columns) with a year before
    and a year after ``start_year``: the practice's subjects only, when it names any."""
    if start_year is None or frame.empty:
        return []
    if subjects:
        frame = frame[frame["subject"].isin(list(subjects))]
    procedures = dict(Procedure.choices)
    works = []
    for (procedure, subject, grade), rows in frame.groupby(
        ["procedure", "subject", "grade"], sort=True
    ):
        before = rows[rows["year"] <= start_year]
        after = rows[rows["year"] > start_year]
        if before.empty or after.empty:
            continue
        works.append(
            WorkBeforeAfter(
                f"{procedures.get(procedure, procedure)}, {subject.lower()}, {grade} класс",
                _year_result(before.loc[before["year"].idxmax()], minimum),
                _year_result(after.loc[after["year"].idxmax()], minimum),
            )
        )
    return works[:MAX_WORKS]


def results_before_after(practices):
    """{practice pk: works} for practices with a start year, reading the results once."""
    dated = [p for p in practices if p.start_year is not None]
    if not dated:
        return {}
    frame = aggregates_frame(school_id__in={p.school_id for p in dated})
    minimum = public_minimum()
    subjects = subject_names(dated)
    return {
        p.pk: before_after(
            frame[frame["school_code"] == str(p.school_id)],
            p.start_year,
            subjects.get(p.pk, ()),
            minimum=minimum,
        )
        for p in dated
    }


def subject_names(practices):
    """{practice pk: its subjects' names}, in one query for all the practices."""
    if not practices:
        return {}
    through = type(practices[0]).subjects.through
    names = {}
    rows = through.objects.filter(practicepage_id__in=[p.pk for p in practices]).values_list(
        "practicepage_id", "subject__name"
    )
    for pk, name in rows:
        names.setdefault(pk, []).append(name)
    return names
