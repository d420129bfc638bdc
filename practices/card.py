"""What a practice's page shows besides its own fields, in a fixed number of queries.

Works on a live page and on a preview alike: the relations are read through the page's own
managers (in memory in a preview) and the rows they point to are fetched in one query each.
"""

from dataclasses import dataclass

from indicators.results.privacy import public_minimum
from indicators.results.queries import aggregates_frame
from schools.models import School

from .before_after import before_after
from .listing import cards
from .models import Material

TEAM_LABEL = "Авторский коллектив школы"


@dataclass(frozen=True)
class ShownAuthor:
    name: str
    position: str = ""


def shown_authors(authors):
    """Authors who agreed to publication by name; the others only as the school's team."""
    shown = [ShownAuthor(a.name, a.position) for a in authors if a.consent_to_publish]
    if len(shown) < len(authors):
        shown.append(ShownAuthor(TEAM_LABEL))
    return shown


def school_page_of(school):
    """The school's live public page, or None (a school of the registry may have none yet)."""
    page = getattr(school, "page", None)
    return page if page is not None and page.live else None


def in_order(rows, ids):
    by_pk = {row.pk: row for row in rows}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def practice_context(practice, request):
    school = School.objects.select_related("municipality", "page").get(pk=practice.school_id)
    material_ids = [item.material_id for item in practice.materials.all()]
    related_ids = [related.pk for related in practice.related_practices.all()]
    # public() reads the view restrictions at once: skip it when there is nothing to show.
    related = (
        cards(type(practice).objects.live().public().filter(pk__in=related_ids))
        if related_ids
        else []
    )
    subjects = list(practice.subjects.all())
    evidence_results = (
        before_after(
            aggregates_frame(school_id=school.pk),
            practice.start_year,
            [subject.name for subject in subjects],
            minimum=public_minimum(),
        )
        if practice.start_year is not None
        else []
    )
    return {
        # The bank the practice sits in: its terms link to the bank filtered by them.
        "bank_url": practice.get_parent().get_url(request),
        "school": school,
        "evidence_results": evidence_results,
        "school_page": school_page_of(school),
        "levels": list(practice.levels.all()),
        "subjects": subjects,
        "directions": list(practice.directions.all()),
        "risk_factors": list(practice.risk_factors.all()),
        "authors": shown_authors(list(practice.authors.all())),
        "materials": in_order(Material.objects.filter(pk__in=material_ids), material_ids),
        "related_practices": in_order(related, related_ids),
    }
