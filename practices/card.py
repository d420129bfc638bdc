"""What a practice's page shows besides its own fields, in a fixed number of queries.

Works on a live page and on a preview alike: the relations are read through the page's own
managers and the rows they point to are fetched with them or in one query each (a preview's
relations are in memory: its materials are then read one by one, for an editor only).
"""

from dataclasses import dataclass

from indicators.results.privacy import public_minimum
from schools.models import School

from .before_after import before_after, school_results
from .listing import practice_cards

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


def practice_context(practice, request):
    school = School.objects.select_related("municipality", "page").get(pk=practice.school_id)
    # "id", not "pk": a preview's relation (in memory) knows fields only.
    related_ids = list(practice.related_practices.values_list("id", flat=True))
    # The bank the practice sits in: its terms link to the bank filtered by them.
    bank_url = practice.get_parent().get_url(request)
    # public() reads the view restrictions at once: skip it when there is nothing to show.
    related = (
        practice_cards(type(practice).objects.live().public(), related_ids, bank_url)
        if related_ids
        else []
    )
    subjects = list(practice.subjects.all())
    evidence_results = (
        before_after(
            school_results([school.pk]).get(school.pk, []),
            practice.start_year,
            [subject.name for subject in subjects],
            minimum=public_minimum(),
        )
        if practice.start_year is not None
        else []
    )
    return {
        "bank_url": bank_url,
        "school": school,
        "evidence_results": evidence_results,
        "school_page": school_page_of(school),
        "levels": list(practice.levels.all()),
        "subjects": subjects,
        "directions": list(practice.directions.all()),
        "risk_factors": list(practice.risk_factors.all()),
        "authors": shown_authors(list(practice.authors.all())),
        "materials": [item.material for item in practice.materials.select_related("material")],
        "related_practices": related,
    }
