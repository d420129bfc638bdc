"""What a school's public pages say about it, in plain words: its status and its partners.

Plain functions over registry rows; the pages' ``get_context`` fetch the rows (a fixed number
of queries) and pass them here.
"""

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q

from .listing import STATUS_BADGES, STATUS_ORDER, school_year_label
from .models import NetworkPair, SchoolStatus

# One sentence per status, for a parent: what it means for the school and its pupils.
STATUS_SENTENCES = {
    SchoolStatus.Status.LOW_RESULTS: (
        "Школа входит в перечень школ с низкими образовательными результатами (ШНОР). "
        "Это значит, что ученики в среднем пишут проверочные работы и экзамены хуже, чем "
        "в других школах, и школа получает дополнительную поддержку: методическую помощь, "
        "наставничество школы-лидера и адресные рекомендации."
    ),
    SchoolStatus.Status.UNFAVOURABLE: (
        "Школа работает в неблагоприятных социальных условиях (ШНСУ): например, далеко от "
        "районного центра или с большим числом детей, которым нужна особая поддержка. "
        "Поэтому школа получает дополнительную помощь."
    ),
    SchoolStatus.Status.RISK_ZONE: (
        "Школа в зоне риска: по результатам оценочных процедур есть признаки того, что "
        "результаты могут снизиться. За школой внимательно следят, чтобы вовремя помочь."
    ),
    SchoolStatus.Status.LEADER: (
        "Школа-лидер: её ученики показывают стабильно высокие результаты, и школа по "
        "соглашению помогает другим школам учить лучше."
    ),
}


@dataclass(frozen=True)
class StatusSummary:
    year_label: str | None
    current: list  # [(status, badge, sentence, basis)] in the shown year
    history: list  # every SchoolStatus row of the school, newest first

    @property
    def sentences(self):
        return [sentence for _status, _badge, sentence, _basis in self.current]


def status_summary(statuses, year):
    """The school's statuses in ``year`` in words, and the whole history of its statuses."""
    statuses = list(statuses)
    in_year = {}
    for row in statuses:
        if row.school_year == year:
            # Rows are newest first: the latest decision of the year gives the basis.
            in_year.setdefault(row.status, row)
    current = [
        (status, STATUS_BADGES[status], STATUS_SENTENCES[status], in_year[status].basis)
        for status in STATUS_ORDER
        if status in in_year
    ]
    return StatusSummary(
        year_label=school_year_label(year) if year is not None else None,
        current=current,
        history=statuses,
    )


@dataclass(frozen=True)
class Partnership:
    """A network pair seen from one of its schools."""

    pair: NetworkPair
    partner: object  # School
    partner_page: object  # its live SchoolPage, or None
    partner_is_leader: bool
    is_past: bool
    is_planned: bool

    @property
    def is_current(self):
        return not (self.is_past or self.is_planned)

    @property
    def role(self):
        if self.partner_is_leader:
            if self.is_past:
                return "Школа-лидер, которая помогала школе"
            return "Школа-лидер, которая помогает школе"
        if self.is_past:
            return "Школа, которой помогала эта школа"
        return "Школа, которой помогает эта школа"

    @property
    def agreement(self):
        pair = self.pair
        if not (pair.agreement_number or pair.agreement_date):
            return ""
        number = f"№ {pair.agreement_number}" if pair.agreement_number else ""
        when = f"от {pair.agreement_date:%d.%m.%Y}" if pair.agreement_date else ""
        return " ".join(filter(None, (number, when)))

    @property
    def period(self):
        pair = self.pair
        if pair.ends_on:
            return f"с {pair.starts_on:%d.%m.%Y} по {pair.ends_on:%d.%m.%Y}"
        return f"с {pair.starts_on:%d.%m.%Y}, без даты окончания"


def school_pairs(school):
    """The school's network pairs in both directions, with both schools and their pages: of
    these only what ``includes/partnerships.html`` shows (a page's body is not read)."""
    pair = [field.name for field in NetworkPair._meta.concrete_fields]
    shown = [
        f"{side}__{field}"
        for side in ("supported_school", "leader_school")
        for field in ("short_name", "kind", "municipality__name", "page__url_path", "page__live")
    ]
    return (
        NetworkPair.objects.filter(Q(supported_school=school) | Q(leader_school=school))
        .select_related(
            "supported_school__municipality",
            "leader_school__municipality",
            "supported_school__page",
            "leader_school__page",
        )
        .only(*pair, *shown)
        .order_by("-starts_on", "pk")
    )


def partnerships(pairs, school, today):
    """The pairs seen from ``school``: the partner, its role, current ones first."""
    found = []
    for pair in pairs:
        partner_is_leader = pair.supported_school_id == school.pk
        partner = pair.leader_school if partner_is_leader else pair.supported_school
        found.append(
            Partnership(
                pair=pair,
                partner=partner,
                partner_page=live_page(partner),
                partner_is_leader=partner_is_leader,
                is_past=pair.ends_on is not None and pair.ends_on < today,
                is_planned=pair.starts_on > today,
            )
        )
    return sorted(found, key=lambda item: (item.is_past, -item.pair.starts_on.toordinal()))


def live_page(school):
    """The school's live page, if it has one (fetched together with the school)."""
    try:
        page = school.page
    except ObjectDoesNotExist:
        return None
    return page if page.live else None
