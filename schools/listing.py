"""The list of schools on the «Школы» page: filter by municipality, status and type, count, group.

``load_rows`` is the only function here that reads the database, and it does so in a fixed
number of queries whatever the number of schools. Everything else takes plain rows and the
request's GET parameters and returns plain data, so it is tested without HTTP; what is drawn
from the rows is kept by their digest (``drawn_list``).
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string

from site_cms.facets import FacetValue, facet_values
from site_cms.kept import kept

from .models import School, SchoolPage, SchoolStatus
from .models.pages import below

# The order in which a school's statuses are shown and offered in the filter.
STATUS_ORDER = (
    SchoolStatus.Status.LOW_RESULTS,
    SchoolStatus.Status.UNFAVOURABLE,
    SchoolStatus.Status.RISK_ZONE,
    SchoolStatus.Status.LEADER,
)
# Short text of the badge; the badge is the text itself, colour only repeats it.
STATUS_BADGES = {
    SchoolStatus.Status.LOW_RESULTS: "ШНОР",
    SchoolStatus.Status.UNFAVOURABLE: "ШНСУ",
    SchoolStatus.Status.RISK_ZONE: "Зона риска",
    SchoolStatus.Status.LEADER: "Школа-лидер",
}
# What each badge means, in words a parent understands (the legend of the list).
STATUS_MEANINGS = {
    SchoolStatus.Status.LOW_RESULTS: (
        "школа с низкими образовательными результатами: получает адресную поддержку "
        "и работает в паре со школой-лидером"
    ),
    SchoolStatus.Status.UNFAVOURABLE: (
        "школа, которая работает в неблагоприятных социальных условиях и получает поддержку"
    ),
    SchoolStatus.Status.RISK_ZONE: (
        "у школы есть признаки снижения результатов: за ней внимательно следят, "
        "чтобы вовремя помочь"
    ),
    SchoolStatus.Status.LEADER: (
        "школа со стабильно высокими результатами, которая помогает другим школам"
    ),
}
NO_STATUS = "none"
NO_STATUS_LABEL = "Без особого статуса"


def current_school_year(today):
    """The school year running on ``today``: 2023 for 2023/2024, from 1 September on."""
    return today.year if today.month >= 9 else today.year - 1


def school_year_label(year):
    return f"{year}/{year + 1}"


def default_status_year(years, today):
    """The school year whose status lists the page shows unless the visitor picks another.

    The newest year on record that has begun: lists are approved by orders, often months into
    the year, so until then the previous year's list is the one in force. None without any.
    """
    started = [year for year in years if year <= current_school_year(today)]
    if started:
        return max(started)
    return min(years) if years else None


@dataclass(frozen=True)
class SchoolRow:
    """One school of the list, as the template shows it."""

    pk: int
    name: str
    url: str
    kind: str
    kind_label: str
    municipality_id: int
    municipality: str
    region: str
    statuses: tuple = ()

    @property
    def badges(self):
        return [(status, STATUS_BADGES[status]) for status in self.statuses]


@dataclass(frozen=True)
class Filters:
    """The filters a visitor chose; values not offered by the page are dropped, not errors."""

    municipality: int | None = None
    status: str | None = None
    kind: str | None = None
    year: int | None = None

    @property
    def active(self):
        return any((self.municipality, self.status, self.kind))


@dataclass
class MunicipalityGroup:
    pk: int
    name: str
    region: str
    schools: list = field(default_factory=list)


def _clean_int(value, allowed):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number in allowed else None


def parse_year(params, years, default_year):
    """The school year of the GET parameter ``year`` if it has statuses, else the default."""
    return _clean_int(params.get("year"), set(years)) or default_year


def parse_filters(params, *, rows, year):
    """The filters of the GET parameters ``municipality``, ``status`` and ``kind``."""
    municipalities = {row.municipality_id for row in rows}
    kinds = {row.kind for row in rows}
    statuses = {str(status) for status in STATUS_ORDER} | {NO_STATUS}
    status = params.get("status") or None
    kind = params.get("kind") or None
    return Filters(
        municipality=_clean_int(params.get("municipality"), municipalities),
        status=status if status in statuses else None,
        kind=kind if kind in kinds else None,
        year=year,
    )


def has_status(row, status):
    if status == NO_STATUS:
        return not row.statuses
    return status in row.statuses


def matches(row, filters, *, ignore=None):
    """Whether ``row`` passes every filter, except the one named by ``ignore``."""
    return (
        (
            ignore == "municipality"
            or not filters.municipality
            or row.municipality_id == filters.municipality
        )
        and (ignore == "status" or not filters.status or has_status(row, filters.status))
        and (ignore == "kind" or not filters.kind or row.kind == filters.kind)
    )


def filter_rows(rows, filters):
    return [row for row in rows if matches(row, filters)]


@dataclass(frozen=True)
class Facet:
    """One filter of the form: how many schools «any value» finds, and each value's count."""

    any_count: int
    options: list[FacetValue]


def facets(rows, filters):
    """Options of each filter with the number of schools each would find.

    Each filter's counts apply the other filters, as a visitor would get by choosing it.
    """
    municipalities, kinds = {}, {}
    for row in rows:
        municipalities.setdefault(row.municipality_id, (row.municipality, row.region))
        kinds.setdefault(row.kind, row.kind_label)
    kind_order = [str(kind) for kind in School.Kind]

    def facet(name, values, key):
        candidates = [row for row in rows if matches(row, filters, ignore=name)]
        counted = [
            (value, label, sum(1 for row in candidates if key(row, value)))
            for value, label in values
        ]
        chosen = getattr(filters, name)
        chosen = () if chosen is None else (str(chosen),)
        # The lists are short and fixed by the page, so a value with no school stays, as (0).
        return Facet(len(candidates), facet_values(counted, chosen, keep_empty=True))

    municipality_values = [
        (str(pk), name)
        for pk, (name, _region) in sorted(
            municipalities.items(), key=lambda item: (item[1][0].casefold(), item[1][1])
        )
    ]
    status_values = [(str(status), STATUS_BADGES[status]) for status in STATUS_ORDER] + [
        (NO_STATUS, NO_STATUS_LABEL)
    ]
    kind_values = sorted(
        kinds.items(),
        key=lambda item: kind_order.index(item[0]) if item[0] in kind_order else len(kind_order),
    )
    return {
        "municipality": facet(
            "municipality", municipality_values, lambda row, v: str(row.municipality_id) == v
        ),
        "status": facet("status", status_values, has_status),
        "kind": facet("kind", kind_values, lambda row, v: row.kind == v),
    }


def status_counts(rows):
    """How many of ``rows`` have each status: [(status, badge, count)], zero counts left out."""
    counts = defaultdict(int)
    for row in rows:
        for status in row.statuses:
            counts[status] += 1
    return [
        (status, STATUS_BADGES[status], counts[status]) for status in STATUS_ORDER if counts[status]
    ]


# «МОУ», «МБОУ», «ГБОУ»...: the organisational form before the name, left out when sorting.
ORGANISATIONAL_FORM = re.compile(r"^[А-ЯЁA-Z]{2,6}\s+")
DIGITS = re.compile(r"(\d+)")


def name_sort_key(name):
    """Sort «МОУ «Джатиевская ООШ»» under Д and «СОШ № 9» before «СОШ № 10»."""
    name = ORGANISATIONAL_FORM.sub("", name).replace("«", "").replace("»", "").casefold()
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in DIGITS.split(name)]


def group_by_municipality(rows):
    """Rows grouped by municipality, the groups and the schools in each sorted by name."""
    groups = {}
    for row in rows:
        group = groups.get(row.municipality_id)
        if group is None:
            group = groups[row.municipality_id] = MunicipalityGroup(
                row.municipality_id, row.municipality, row.region
            )
        group.schools.append(row)
    for group in groups.values():
        group.schools.sort(key=lambda row: name_sort_key(row.name))
    return sorted(groups.values(), key=lambda group: (group.name.casefold(), group.region))


# --- Database ---------------------------------------------------------------------------------


def status_years():
    """The school years that have any status on record, newest first (one query)."""
    return list(
        SchoolStatus.objects.order_by("-school_year")
        .values_list("school_year", flat=True)
        .distinct()
    )


def statuses_by_school(year, school_ids=None):
    """{school id: statuses in ``year``, in STATUS_ORDER} (one query)."""
    found = defaultdict(set)
    queryset = SchoolStatus.objects.filter(school_year=year)
    if school_ids is not None:
        queryset = queryset.filter(school_id__in=school_ids)
    for school_id, status in queryset.values_list("school_id", "status").order_by():
        found[school_id].add(status)
    return {
        school_id: tuple(status for status in STATUS_ORDER if status in statuses)
        for school_id, statuses in found.items()
    }


def load_rows(index_page, request, year):
    """The live, public school pages under ``index_page`` as rows (three queries in all).

    Every school page is a child of the index, so its address is the index's plus its slug:
    no per-page URL lookups.
    """
    base = index_page.get_url(request) or ""
    if not base.endswith("/"):
        base += "/"
    suffix = "/" if getattr(settings, "WAGTAIL_APPEND_SLASH", True) else ""
    pages = (
        SchoolPage.objects.filter(below(index_page), depth=index_page.depth + 1)
        .live()
        .public()
        .order_by()
        .values_list(
            "slug",
            "title",
            "school_id",
            "school__kind",
            "school__municipality_id",
            "school__municipality__name",
            "school__municipality__region",
        )
    )
    statuses = statuses_by_school(year) if year is not None else {}
    # Translated once, not once a school.
    kind_labels = {kind: str(label) for kind, label in School.Kind.choices}
    return [
        SchoolRow(
            pk=school_id,
            name=title,
            url=f"{base}{slug}{suffix}",
            kind=kind,
            kind_label=kind_labels.get(kind, kind),
            municipality_id=municipality_id,
            municipality=municipality,
            region=region,
            statuses=statuses.get(school_id, ()),
        )
        for slug, title, school_id, kind, municipality_id, municipality, region in pages
    ]


def index_context(index_page, request, today=None):
    """Everything the «Школы» page shows for this request's filters."""
    today = today or date.today()
    years = status_years()
    default_year = default_status_year(years, today)
    year = parse_year(request.GET, years, default_year)
    rows = load_rows(index_page, request, year)
    filters = parse_filters(request.GET, rows=rows, year=year)
    return {
        "filters": filters,
        "years": [FacetValue(str(y), school_year_label(y), 0, y == filters.year) for y in years],
        "filters_changed": filters.active or filters.year != default_year,
        "status_year": school_year_label(filters.year) if filters.year else None,
        "total_count": len(rows),
        "status_legend": [
            (status, STATUS_BADGES[status], STATUS_MEANINGS[status]) for status in STATUS_ORDER
        ],
        # Counting and drawing hundreds of schools is the page's work: done once for the same
        # rows and filters.
        **kept("school-index", (rows, filters), lambda: drawn_list(rows, filters)),
    }


def drawn_list(rows, filters):
    """The filters' counts and the list of the schools that ``filters`` find, drawn."""
    found = filter_rows(rows, filters)
    return {
        "facets": facets(rows, filters),
        "found_count": len(found),
        "status_counts": status_counts(found),
        "groups_html": render_to_string(
            "schools/includes/school_groups.html", {"groups": group_by_municipality(found)}
        ),
    }
