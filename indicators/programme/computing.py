"""Programme indicators computed from the stored results and statuses.

Pure functions take the tables and return values per year; ``refresh_computed_values`` reads the
database, computes every indicator that has a ``computation`` and replaces its stored values.

Decisions:

* A value's year is the calendar year of the results (spring). Statuses and network pairs
  belong to school years; the school year 2023/2024 gives the value of 2024, the year its
  results were written — as the result widgets compare them.
* Values are percentages as stored (62.5 for 62,5 %), rounded to two decimals, with the counts
  behind them in the note («12 из 20»). A year where the denominator is 0 has no value.
* «Доля ШНОР с положительной динамикой» over both subjects (3.6) pools each school's
  comparisons in Russian and mathematics: positive when at least one is positive and none is
  negative, the rule ``dynamics.positive_share`` applies per subject. 3.11 takes ВПР only.
* «Доля школ, отвечающих правилу ШНОР» (3.5) is rule A's candidates among the schools with
  results that year.
* «Доля подтвердивших отметку» (3.7) pools all ВПР works of the year.
* «Доля ШНОР в сетевых парах» (3.1) counts a ШНОР of a school year whose pair with a leader
  school was in force on any day of that school year.
* Computations whose data another app keeps (the shares of schools with identified risks and
  resource deficits, from the ``support`` app's confirmed profiles) come through the Wagtail
  hook ``programme_computations`` (``COMPUTATIONS_HOOK``), so that this app imports none of
  them: a hook takes the computation and returns its values (objects with ``year``,
  ``percent`` and ``note``, like ``ComputedValue``), or None when the computation is not its.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from wagtail import hooks

from schools.models import NetworkPair, SchoolStatus
from site_cms import page_cache

from ..models import IndicatorValue, ProgrammeIndicator
from ..results.queries import aggregates_frame
from ..results.records import Procedure
from ..rules.dynamics import method_from_settings, method_label, positive_share
from ..rules.identification import failing_share_schools, thresholds_from_settings
from ..rules.objectivity import COUNTS

Computation = ProgrammeIndicator.Computation

POOLED_SUBJECTS = "Русский язык и математика"
COMPUTATIONS_HOOK = "programme_computations"


@dataclass(frozen=True)
class ComputedValue:
    year: int
    numerator: int
    denominator: int
    basis: str = ""  # how the numerator was judged, where a setting chooses the method

    @property
    def percent(self):
        return round(100 * self.numerator / self.denominator, 2)

    @property
    def note(self):
        counts = f"{self.numerator} из {self.denominator}"
        return f"{counts}; {self.basis}" if self.basis else counts


def shnor_share(aggregates, thresholds=None):
    """Rule A's candidates among the schools with results, per year."""
    thresholds = thresholds or thresholds_from_settings()
    schools = aggregates.groupby("year")["school_code"].nunique()
    # Rule A reads only these rows: filtered once, not once a year.
    judged = aggregates[
        (aggregates["participants"] >= thresholds.min_participants)
        & aggregates["subject"].str.strip().str.casefold().isin(_subjects(thresholds))
    ]
    return _with_denominator(
        ComputedValue(
            int(year), len(failing_share_schools(judged, int(year), thresholds)), int(count)
        )
        for year, count in schools.items()
    )


def _subjects(thresholds):
    return {name.casefold() for name in thresholds.subjects}


def positive_dynamics(aggregates, shnor: Mapping, thresholds=None, procedures=None, method=None):
    """ШНОР with positive dynamics in Russian and mathematics taken together, per year, by the
    dynamics' method (``DYNAMICS_METHOD`` unless given), which each value's note names."""
    thresholds = thresholds or thresholds_from_settings()
    method = method or method_from_settings()
    taken = aggregates[aggregates["subject"].str.casefold().isin(_subjects(thresholds))]
    region = positive_share(
        taken, shnor, thresholds, procedures, pooled_as=POOLED_SUBJECTS, method=method
    )
    basis = method_label(method, thresholds)
    return _with_denominator(
        ComputedValue(int(row.year), int(row.numerator), int(row.denominator), basis)
        for row in region.itertuples(index=False)
    )


def confirmed_share(aggregates):
    """Pupils whose ВПР mark confirmed the journal's among those compared, per year."""
    vpr = aggregates[aggregates["procedure"] == Procedure.VPR]
    table = vpr.groupby("year")[COUNTS].sum()
    return _with_denominator(
        ComputedValue(int(year), int(row["confirmed"]), int(row[COUNTS].sum()))
        for year, row in table.iterrows()
    )


def network_share(shnor: Mapping, pairs):
    """ШНОР with a leader school's pair in force during their school year.

    ``shnor``: results year → school codes; ``pairs``: (school code, starts_on, ends_on).
    """
    values = []
    for year, codes in sorted(shnor.items()):
        first_day, last_day = datetime.date(year - 1, 9, 1), datetime.date(year, 8, 31)
        paired = {
            code
            for code, starts_on, ends_on in pairs
            if starts_on <= last_day and (ends_on is None or ends_on >= first_day)
        }
        values.append(ComputedValue(year, len(set(codes) & paired), len(set(codes))))
    return _with_denominator(values)


def _with_denominator(values):
    return [value for value in values if value.denominator > 0]


def compute(computation, *, aggregates, shnor, pairs, thresholds=None):
    if computation == Computation.SHNOR_SHARE:
        return shnor_share(aggregates, thresholds)
    if computation == Computation.POSITIVE_DYNAMICS:
        return positive_dynamics(aggregates, shnor, thresholds)
    if computation == Computation.POSITIVE_DYNAMICS_VPR:
        return positive_dynamics(aggregates, shnor, thresholds, procedures=[Procedure.VPR])
    if computation == Computation.CONFIRMED_SHARE:
        return confirmed_share(aggregates)
    if computation == Computation.NETWORK_SHARE:
        return network_share(shnor, pairs)
    for provide in hooks.get_hooks(COMPUTATIONS_HOOK):
        values = provide(computation)
        if values is not None:
            return values
    raise ValueError(f"Unknown computation: {computation}")


def shnor_by_results_year():
    """Results year → the pks (as ``aggregates_frame`` codes) of the ШНОР of the school year
    that ends in it. One query."""
    statuses = SchoolStatus.objects.filter(status=SchoolStatus.Status.LOW_RESULTS)
    shnor = {}
    for school_year, school in statuses.values_list("school_year", "school_id"):
        shnor.setdefault(school_year + 1, set()).add(str(school))
    return shnor


def refresh_computed_values():
    """Recompute every computed indicator and replace its stored values; returns their number.

    Seven queries whatever the data: the indicators, the results, the statuses, the pairs, one
    delete, one insert and one bump of the page cache's generation; and the hooks' own for
    their computations (three each for the risk profiles' shares).
    """
    indicators = list(ProgrammeIndicator.objects.exclude(computation=""))
    if not indicators:
        return 0
    aggregates = aggregates_frame()
    shnor = shnor_by_results_year()
    pairs = [
        (str(school), starts_on, ends_on)
        for school, starts_on, ends_on in NetworkPair.objects.values_list(
            "supported_school_id", "starts_on", "ends_on"
        )
    ]
    thresholds = thresholds_from_settings()
    created = []
    for indicator in indicators:
        values = compute(
            indicator.computation,
            aggregates=aggregates,
            shnor=shnor,
            pairs=pairs,
            thresholds=thresholds,
        )
        created.extend(
            IndicatorValue(
                indicator=indicator,
                year=value.year,
                value=value.percent,
                note=value.note,
                source=IndicatorValue.Source.COMPUTED,
            )
            for value in values
        )
    with transaction.atomic(), page_cache.invalidated_once():
        IndicatorValue.objects.filter(indicator__in=indicators).delete()
        IndicatorValue.objects.bulk_create(created)
        page_cache.invalidate()  # bulk_create sends no signals
    return len(created)
