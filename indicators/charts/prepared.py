"""What result charts show, prepared from the stored results so that pages only draw it.

A school page's result charts and verdicts: the page reads the school's results as plain rows
(one query, no table library), takes their digest together with the settings that shape the
figures, and reads what was prepared from the same digest (one query,
``PreparedSchoolResults``): the charts' data and the verdicts, which it draws and renders
without pandas. Only rows or settings changed since (an import, a result
edited, the demo) have them computed again: by the task worker after an import
(``charts.tasks.prepare_school_results``), else by the first page that finds them stale.
Publications change none of it.

What reads many schools' results — the «Показатели» page's «Динамика ШНОР» and «Результаты
школы» blocks (their drawn HTML), the comparison with similar schools, the objectivity of marks —
is kept in the cache by the results' state (``results_state``: one query on indexes only, changed
by every import) and what else shapes it (``kept``).
"""

import hashlib
import json
import math
from dataclasses import asdict

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

from site_cms.kept import kept as site_kept

from ..models import ImportLog, PreparedSchoolResults, ResultAggregate
from ..results.privacy import public_minimum
from ..results.queries import AGGREGATE_FIELDS
from ..rules.dynamics import method_from_settings
from ..rules.identification import thresholds_from_settings
from ..rules.verdicts import Comparison, SubjectVerdict
from .svg import ChartData, Series

# The results' fields, then the subject's «по чему» form the charts' titles take.
FIELDS = [*AGGREGATE_FIELDS, "subject__dative"]
SCHOOL = FIELDS.index("school_id")


def read_rows(school_ids):
    """(the results of the schools by school pk, as rows of ``FIELDS`` in a stable order; the
    digests their data was prepared from, by school pk). One query."""
    rows = ResultAggregate.objects.filter(school_id__in=school_ids).order_by("pk")
    by_school, prepared_from = {}, {}
    for *row, source in rows.values_list(*FIELDS, "school__prepared_results__source"):
        by_school.setdefault(row[SCHOOL], []).append(tuple(row))
        prepared_from[row[SCHOOL]] = source
    return by_school, prepared_from


def source_digest(data):
    """What is computed from ``data`` depends on: the data and the settings of the verdicts and
    of what is public."""
    method, thresholds = method_from_settings(), thresholds_from_settings()
    raw = repr((data, method.key, thresholds, public_minimum()))
    return hashlib.sha256(raw.encode()).hexdigest()


def compute(rows):
    """The charts' data and the verdicts of one school's rows (JSON-ready)."""
    # The tables of the rules, only here: pages that find the data prepared never load them.
    from ..results.queries import rows_frame
    from ..rules.dynamics import changes, method_note
    from ..rules.verdicts import subject_verdicts
    from .widgets import failing_share_chart, school_works

    frame = rows_frame([row[:-1] for row in rows])
    datives = {row[3]: row[-1] for row in rows if row[-1]}
    charts = [
        chart_to_json(failing_share_chart(frame, procedure, subject, datives))
        for procedure, subject in school_works(frame)
    ]
    method, thresholds = method_from_settings(), thresholds_from_settings()
    verdicts = subject_verdicts(
        changes(frame, thresholds, method), method, thresholds, public_minimum()
    )
    data = {
        "charts": charts,
        "verdicts": [asdict(verdict) for verdict in verdicts],
        "method_note": method_note(method, thresholds),
    }
    # Labels are lazy translations: made plain strings, as JSON stores them.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def prepare(school_ids):
    """Compute and keep the data of the schools whose results changed since; returns how many
    were computed. One query, and one write per school computed."""
    by_school, prepared_from = read_rows(school_ids)
    computed = 0
    for school_id, rows in by_school.items():
        source = source_digest(rows)
        if prepared_from[school_id] != source:
            _store(school_id, source, compute(rows))
            computed += 1
    return computed


def school_data(school_id):
    """The school's prepared data, computed now if its results changed since; None without
    results. Two queries: the rows, then the data read or written."""
    by_school, prepared_from = read_rows([school_id])
    rows = by_school.get(school_id)
    if not rows:
        return None
    source = source_digest(rows)
    if prepared_from[school_id] == source:
        prepared = PreparedSchoolResults.objects.filter(school_id=school_id)
        return prepared.values_list("data", flat=True).get()
    data = compute(rows)
    _store(school_id, source, data)
    return data


def for_request(request, school_id):
    """``school_data``, read once for the page's widgets (the verdicts and the charts)."""
    memo = request.__dict__.setdefault("_prepared_results", {})
    if school_id not in memo:
        memo[school_id] = school_data(school_id)
    return memo[school_id]


def school_charts(data):
    """The ``ChartData`` of the school's prepared data."""
    return [chart_from_json(item) for item in (data or {}).get("charts", [])]


def region_dynamics(rows, shnor, procedure, subjects, year_from, datives):
    """The «Динамика ШНОР» block's (``ChartData``, notes, the ШНОР's verdicts as dicts) from
    the ШНОР's result rows (``AGGREGATE_FIELDS``) and the ШНОР of each results year; None
    without a comparison. Computed once for the same rows and settings, then kept in the cache
    by their digest."""
    shnor = {year: sorted(codes) for year, codes in sorted(shnor.items())}
    return kept(
        "shnor-dynamics",
        (rows, shnor, procedure, subjects, year_from, datives),
        lambda: _region_dynamics(rows, shnor, procedure, subjects, year_from, datives),
    )


def work_charts(rows, procedure, subject, datives):
    """The «Результаты школы» block's failing-share and mean-score ``ChartData`` from one
    school's result rows (``AGGREGATE_FIELDS``) in one work, kept by their digest."""

    def compute():
        from ..results.queries import rows_frame
        from .widgets import failing_share_chart, mean_chart

        frame = rows_frame(rows)
        return [
            build(frame, procedure, subject, datives) for build in (failing_share_chart, mean_chart)
        ]

    return kept("school-work", (rows, procedure, subject, datives), compute)


def kept(name, data, compute):
    """``compute()``, kept by ``data`` and the settings that shape the figures: the same data
    and settings give the same result, whatever was published."""
    return site_kept(name, source_digest(data), compute)


def latest_values(*parts):
    """The ``(model, function, column)`` aggregates (``MAX``, ``COUNT``) of ``parts`` as a
    tuple, in one query: on indexed columns, a state that changes when rows are added or
    stamped, without reading the rows."""
    quote = connection.ops.quote_name
    sql = ", ".join(
        f"(SELECT {function}({quote(column)}) FROM {quote(model._meta.db_table)})"
        for model, function, column in parts
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}")
        return tuple(cursor.fetchone())


def results_state(request=None):
    """What changes whenever the stored results do, in one query (once per ``request``):
    results are written only by imports, which log themselves first (a replaced result keeps
    its key, the log is new), and new results get new keys (the demo, tests)."""
    memo = request.__dict__ if request is not None else {}
    if "_results_state" not in memo:
        memo["_results_state"] = latest_values(
            (ResultAggregate, "MAX", "id"), (ImportLog, "MAX", "id")
        )
    return memo["_results_state"]


def _region_dynamics(rows, shnor, procedure, subjects, year_from, datives):
    from ..results.queries import rows_frame
    from ..rules.dynamics import region_share, shnor_verdicts
    from .widgets import shnor_dynamics_chart

    method, thresholds = method_from_settings(), thresholds_from_settings()
    verdicts = shnor_verdicts(rows_frame(rows), shnor, thresholds, method=method)
    region = region_share(verdicts)
    region = region[region["denominator"] > 0]
    if year_from:
        region = region[region["year"] >= year_from]
    if region.empty:
        return None
    data, notes = shnor_dynamics_chart(region, subjects, procedure, thresholds, method, datives)
    shown = verdicts.merge(region[["subject", "year"]], on=["subject", "year"])
    return data, notes, shown.to_dict("records")


def _store(school_id, source, data):
    # One statement, inserted or replaced.
    PreparedSchoolResults.objects.bulk_create(
        [PreparedSchoolResults(school_id=school_id, source=source, data=data)],
        update_conflicts=True,
        unique_fields=["school"],
        update_fields=["source", "data"],
    )


def chart_to_json(data):
    return {
        "title": data.title,
        "unit": data.unit,
        "summary": data.summary,
        # JSON has no NaN (PostgreSQL refuses it): a missing value is null.
        "series": [
            [series.name, [[label, _number(value)] for label, value in series.points]]
            for series in data.series
        ],
    }


def chart_from_json(item):
    series = [Series(name, [tuple(point) for point in points]) for name, points in item["series"]]
    return ChartData(item["title"], series, item["unit"], item["summary"])


def verdicts_from_json(items):
    return [
        SubjectVerdict(
            **{**item, "comparisons": tuple(Comparison(**row) for row in item["comparisons"])}
        )
        for item in items
    ]


def _number(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)
