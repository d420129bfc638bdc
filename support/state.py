"""What a school's block «Фактор риска — меры» is drawn from, read as a state in one query.

The block reads a dozen queries (the profile, the bank's ranking, the seminars, the leader
schools) and draws a long template; its HTML is kept by this state instead, so it is drawn
again only when something it shows changed, whatever else was published. Rows added or
deleted change a table's count or newest key; rows edited in place are edited in the admin,
which logs each edit (a profile, a school and its statuses, a network pair, a risk factor, an
audience); pages are published, unpublished, moved and deleted with a log entry, and created
with a new key.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry, PageViewRestriction

from events.models import Audience, EventPage
from practices.models import PracticePage, RiskFactor
from schools.models import NetworkPair, School, SchoolStatus

from .models import FactorAssessment, Measure, RiskProfile, State

# Rows whose edits in the admin change what the block shows.
EDITED_IN_ADMIN = (RiskProfile, School, SchoolStatus, NetworkPair, RiskFactor, Audience)
# Rows whose additions and deletions do.
COUNTED = (
    RiskProfile,
    FactorAssessment,
    Measure,
    SchoolStatus,
    NetworkPair,
    RiskFactor,
    PracticePage,
    EventPage,
    PageViewRestriction,
)


def block_state(school):
    """The state of everything the school's block shows (one query on indexes, written in SQL:
    compiling twenty querysets costs more than running them): its confirmed profile, the
    support and registry rows (the leader schools' profiles, statuses and pairs), the bank's
    practices, the events not yet over and their links."""
    quote = connection.ops.quote_name

    def value(function, model, column="pk", where="", *params):
        field = model._meta.pk.column if column == "pk" else column
        table = quote(model._meta.db_table)
        return f"(SELECT {function}({quote(field)}) FROM {table}{where})", params

    def content_types(*models):
        pks = [ct.pk for ct in ContentType.objects.get_for_models(*models).values()]
        return f" WHERE {quote('content_type_id')} IN ({', '.join(['%s'] * len(pks))})", *pks

    confirmed = f" WHERE {quote('school_id')} = %s AND {quote('state')} = %s"
    parts = [
        value("MAX", RiskProfile, "school_year", confirmed, school.pk, State.CONFIRMED),
        value("MAX", RiskProfile, "confirmed_at", confirmed, school.pk, State.CONFIRMED),
        *(value(function, model) for model in COUNTED for function in ("COUNT", "MAX")),
        value("MAX", ModelLogEntry, "pk", *content_types(*EDITED_IN_ADMIN)),
        value("MAX", PageLogEntry, "pk", *content_types(PracticePage, EventPage)),
        value("COUNT", EventPage, "pk", f" WHERE {quote('series_end')} >= %s", timezone.now()),
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(sql for sql, _params in parts),
            [param for _sql, params in parts for param in params],
        )
        return tuple(cursor.fetchone())
