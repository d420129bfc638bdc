"""Reading the groups of similar schools from the database: the editors' bands and every
school's latest context, in two queries; ``schools.similar`` does the rest."""

from .models import SchoolContext, SimilarSchoolsSettings
from .models.context import parse_bounds
from .similar import RURAL, URBAN, Bands, Context, place_all

URBAN_KINDS = {
    SchoolContext.SettlementKind.REGIONAL_CENTRE,
    SchoolContext.SettlementKind.CITY,
    SchoolContext.SettlementKind.TOWN,
}


def bands_from_settings(setting=None):
    """The Bands of the editors' setting (one query when ``setting`` is not given). Until
    editors save it, its defaults: reading it never creates its row, which would make the
    page cache stale while a page is drawn."""
    setting = setting or SimilarSchoolsSettings.objects.first() or SimilarSchoolsSettings()
    return Bands(
        large_city_from=setting.large_city_from,
        large_village_from=setting.large_village_from,
        pupils=parse_bounds(setting.pupil_bounds),
        ovz=parse_bounds(setting.ovz_bounds),
        min_group_size=setting.min_group_size,
    )


def latest_contexts():
    """{school id: Context} from each school's latest context data. One query.

    The settlement is the context's; a context without it takes the registry's «местность».
    """
    rows = (
        SchoolContext.objects.order_by("school_id", "-school_year")
        .values_list(
            "school_id",
            "school_year",
            "settlement_kind",
            "population_from",
            "pupils",
            "ovz_counted",
            "ovz_pupils",
            "school__settlement",
        )
        .iterator()
    )
    contexts = {}
    for pk, year, kind, population, pupils, counted, ovz, registry_settlement in rows:
        if pk in contexts:
            continue
        settlement = (URBAN if kind in URBAN_KINDS else RURAL) if kind else registry_settlement
        share = ovz / counted if counted and ovz is not None else None
        contexts[pk] = Context(pk, settlement, population, pupils, share, year)
    return contexts


def placements(school_ids=(), bands=None):
    """{school id: Placement} of the schools with context data and of ``school_ids``. Two
    queries, one with ``bands``."""
    bands = bands or bands_from_settings()
    contexts = latest_contexts()
    return place_all(contexts, [*contexts, *(pk for pk in school_ids if pk not in contexts)], bands)
