"""What the result widgets show: stored results turned into charts (``ChartData``) and sentences.

The functions taking a DataFrame are pure (the columns of ``indicators.results.records``, and the
subjects' «по чему» forms by name, ``datives``); the blocks and the school page's hook read the
database through ``indicators.results.queries`` and pass the frame.

Decisions:

* The failing share is the rules' one (``identification.failing_shares``): mark «2» for ВПР and
  КДР, below the minimum score for ОГЭ and ЕГЭ. Grades are separate series: the 4th and the
  5th grade write different works.
* A sentence compares the last two years of a series, as a reader compares them.
* The ШНОР of a results year are the schools with the status in the school year that ended
  with that year's spring (results of 2024 — the list of 2023/2024).
* A result of fewer than the public minimum of participants (``results.privacy``) is no point
  of a chart and no share or mean of a table: the caption or the row says why.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from site_cms.kept import kept

from ..results.privacy import HIDDEN, public_minimum, shows_shares
from ..results.records import Procedure
from ..rules.dynamics import Method, method_note
from ..rules.identification import BELOW_MINIMUM_PROCEDURES, Thresholds, failing_shares
from ..rules.sentences import (
    PERCENT,
    Gender,
    format_number,
    format_value,
    is_missing,
    latest_change_sentence,
)
from .svg import ChartData, ChartKind, Series, render


@dataclass(frozen=True)
class Chart:
    """A chart ready for ``indicators/blocks/chart.html``: its data, its SVG, notes under it."""

    data: ChartData
    svg: SafeString
    notes: tuple[str, ...] = ()
    low_vision: bool = False

    def html(self):
        return render_to_string(
            "indicators/blocks/chart.html",
            {
                "chart": self.data,
                "svg": self.svg,
                "notes": self.notes,
                "low_vision": self.low_vision,
            },
        )


def draw(data, *, notes=(), low_vision=False):
    """A line chart of ``data`` (the normal or the low-vision version)."""
    return Chart(
        data, render(ChartKind.LINE, data, low_vision=low_vision), tuple(notes), low_vision
    )


def chart_html(data, *, notes=(), low_vision=False):
    """``draw(...).html()``, kept in the cache by what it shows (the data, the notes, the
    version): the same chart is drawn and rendered once, whatever was published since."""
    notes = tuple(notes)
    html = kept(
        "chart-html",
        (data, notes, low_vision),
        lambda: draw(data, notes=notes, low_vision=low_vision).html(),
    )
    return mark_safe(html)


def procedure_label(procedure):
    return Procedure(procedure).label


def failing_name(procedure):
    if procedure in BELOW_MINIMUM_PROCEDURES:
        return "Доля результатов ниже минимального балла"
    return "Доля отметок «2»"


def subject_phrase(subject, datives=None):
    """«по математике» from the subject's «по чему» form in ``datives`` (name → form);
    «по предмету «Математика»» while editors have not filled it in."""
    dative = (datives or {}).get(subject)
    return f"по {dative}" if dative else f"по предмету «{subject}»"


def _series_sentences(series, name_of, unit, gender=Gender.FEMININE):
    """A sentence per series: ``name_of(series name)`` is the indicator's name for it."""
    return " ".join(
        latest_change_sentence(name_of(item.name), item.points, unit=unit, gender=gender)
        for item in series
        if any(not is_missing(value) for _label, value in item.points)
    )


def _by_grade(frame, value_column):
    return [
        Series(
            f"{grade} класс",
            [(str(y), float(v)) for y, v in zip(rows["year"], rows[value_column], strict=True)],
        )
        for grade, rows in frame.sort_values(["grade", "year"]).groupby("grade")
    ]


def _hidden_sentences(rows, minimum):
    """«4 класс, 2022 и 2023 годы: слишком мало участников, чтобы показывать доли (их меньше
    10).» for each grade of ``rows`` with results under the public minimum."""
    small = rows[~shows_shares(rows["participants"], minimum)]
    sentences = []
    for grade, years in small.sort_values(["grade", "year"]).groupby("grade")["year"]:
        years = [str(year) for year in years]
        named = " и ".join([", ".join(years[:-1]), years[-1]] if len(years) > 1 else years)
        counted = "годы" if len(years) > 1 else "год"
        sentences.append(f"{grade} класс, {named} {counted}: {HIDDEN} (их меньше {minimum}).")
    return sentences


def _work_chart(frame, procedure, subject, value, name, unit, gender, minimum):
    """A chart of ``value`` (a column, or a function of the rows) per grade over the years:
    results under the public minimum are no points, the caption says why."""
    minimum = public_minimum() if minimum is None else minimum
    rows = frame[(frame["procedure"] == procedure) & (frame["subject"] == subject)]
    values = value(rows) if callable(value) else rows[value]
    rows = rows.assign(value=values.where(shows_shares(rows["participants"], minimum)))
    series = _by_grade(rows, "value")
    sentences = _series_sentences(series, lambda grade: f"{name} ({grade})", unit, gender)
    summary = " ".join(filter(None, [sentences, *_hidden_sentences(rows, minimum)]))
    return ChartData(f"{name}, {procedure_label(procedure)}", series, unit, summary)


def failing_share_chart(frame, procedure, subject, datives=None, minimum=None):
    """One school's failing share in one procedure and subject over the years, per grade."""
    name = f"{failing_name(procedure)} {subject_phrase(subject, datives)}"
    return _work_chart(
        frame, procedure, subject, failing_shares, name, PERCENT, Gender.FEMININE, minimum
    )


def mean_chart(frame, procedure, subject, datives=None, minimum=None):
    """One school's mean score in one procedure and subject over the years, per grade."""
    name = f"Средний балл {subject_phrase(subject, datives)}"
    return _work_chart(frame, procedure, subject, "mean_score", name, "", Gender.MASCULINE, minimum)


def school_works(frame):
    """The (procedure, subject) pairs a school has results in: ВПР, ОГЭ, ЕГЭ, КДР, then by name."""
    pairs = frame[["procedure", "subject"]].drop_duplicates().itertuples(index=False, name=None)
    order = list(Procedure.values)
    return sorted(pairs, key=lambda pair: (order.index(pair[0]), pair[1]))


def shnor_dynamics_chart(
    region, subjects, procedure, thresholds: Thresholds, method: Method, datives=None
):
    """The share of ШНОР with positive dynamics per subject over the years
    (``dynamics.region_share``'s table), with the counts and the method as notes."""
    region = region.sort_values(["subject", "year"])
    series, notes = [], []
    for subject in subjects:
        rows = region[region["subject"] == subject]
        if rows.empty:
            continue
        series.append(
            Series(subject, [(str(r.year), r.share) for r in rows.itertuples(index=False)])
        )
        counts = "; ".join(
            f"{r.year}: {r.numerator} из {r.denominator}"
            + (f", мало участников у {r.insufficient}" if r.insufficient else "")
            for r in rows.itertuples(index=False)
        )
        notes.append(f"{subject}: {counts}.")
    notes.append(
        "Положительная динамика — заметное улучшение хотя бы одного результата по предмету "
        "(любого класса) и ни одного заметного ухудшения. " + method_note(method, thresholds)
    )
    name = "Доля ШНОР с положительной динамикой"
    title = f"{name}, {procedure_label(procedure)}"
    summary = _series_sentences(
        series, lambda subject: f"{name} {subject_phrase(subject, datives)}", PERCENT
    )
    return ChartData(title, series, PERCENT, summary), notes


@dataclass(frozen=True)
class ResultRow:
    school: str
    municipality: str
    participants: int
    shares: tuple[str, ...]  # marks 2, 3, 4, 5; none under the public minimum
    mean: str
    note: str = ""  # in place of the shares and the mean under the public minimum


def _mean(mean_score):
    return "—" if mean_score is None else format_number(mean_score)


# The fields of a ``ResultAggregate`` that ``result_rows`` takes, in its rows' order.
RESULT_ROW_FIELDS = (
    *("school__short_name", "school__municipality__name"),
    *("participants", "mark2", "mark3", "mark4", "mark5", "mean_score"),
)


def result_rows(results, minimum=None):
    """Table rows from results read as rows of ``RESULT_ROW_FIELDS``; a result under the
    public minimum shows its participants and why nothing else."""
    rows = []
    for school, municipality, total, *marks, mean_score in results:
        shown = shows_shares(total, minimum)
        marks = marks if shown else ()
        rows.append(
            ResultRow(
                school=school,
                municipality=municipality,
                participants=total,
                shares=tuple(format_value(m / total, PERCENT) if total else "—" for m in marks),
                mean=_mean(mean_score) if shown else "",
                note="" if shown else HIDDEN[0].upper() + HIDDEN[1:],
            )
        )
    return rows


def has_points(data):
    return any(not is_missing(value) for series in data.series for _label, value in series.points)


def school_page_html(charts, low_vision=False):
    """The school page's results: a failing-share chart per procedure and subject the school
    has results in (``ChartData``, prepared by ``charts.prepared``); empty without results. No
    queries. A work whose every result is under the public minimum is a sentence, not an empty
    chart."""
    items = []
    for data in charts:
        if has_points(data):
            items.append({"chart": draw(data, low_vision=low_vision).html()})
        else:
            items.append({"hidden": f"{data.title}. {data.summary}"})
    if not items:
        return ""
    return render_to_string("indicators/blocks/school_page.html", {"items": items})
