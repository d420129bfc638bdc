"""Practices of the bank for the skills a school's pupils lack («дефицитные умения»).

A skill's practices are those the site search ranks highest for the skill's words among the
live public practices of its subject and education level (the search's own facets), with the
practices an expert council recommended lifted above the others; the search's order stays
within each group. So a practice matches a skill as a visitor searching its words would find it.

The searches run in the task worker (``skills.tasks.match_skills``): every described skill's,
whenever the descriptions or the bank's published practices change, kept in ``SkillPractice``.
Pages read what they found for all their skills in one query (``matching_practices``).
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.db import transaction
from django.db.models import F

from curriculum.models import EducationLevel, Subject
from practices.models import PracticePage
from search import text
from search.backends import get_backend
from search.backends.base import Kind, SearchRequest
from search.documents import page_key

from .models import DescribedTask, SkillPractice

MAX_PRACTICES = 3
# How many of the search's best hits are read: recommended ones are lifted from among these.
SEARCH_DEPTH = 20


class SkillQuery(NamedTuple):
    skill: str  # the skill's text, from the work's description
    subject: str  # a Subject's slug
    level: str  # an EducationLevel's slug


@dataclass(frozen=True)
class MatchedPractice:
    title: str
    url: str
    recommended: bool


def skill_key(skill):
    """The words the search looks for, which tell skills apart: «Умение решать задачи.» and
    «умение решать задачи» are one skill."""
    return " ".join(text.query_words(skill))


def level_slug(grade, levels):
    """The slug of the level of ``levels`` (EducationLevel rows) that spans ``grade``, or ""."""
    return next(
        (level.slug for level in levels if level.first_grade <= grade <= level.last_grade), ""
    )


# --- What the pages read ---------------------------------------------------------------------


def matching_practices(skills, request=None):
    """{SkillQuery: [MatchedPractice, …]} for ``skills`` (SkillQuery or (skill, subject slug,
    level slug) tuples), recommended first, in one query: what ``match_described_skills`` last
    found. A skill nobody described, or without words, gets an empty list. With the page's
    ``request`` the practices' addresses read the sites once for all of them."""
    queries = list(dict.fromkeys(SkillQuery(*skill) for skill in skills))
    keys = {skill_key(query.skill) for query in queries} - {""}
    found = defaultdict(list)
    if keys:
        rows = (
            # A practice unpublished a moment ago is left out before the worker matches again.
            SkillPractice.objects.filter(skill_key__in=keys, practice__live=True)
            .annotate(subject_slug=F("subject__slug"), level_slug=F("level__slug"))
            .select_related("practice")
            .only("skill_key", "recommended", "practice__title", "practice__url_path")
            .order_by("rank")
        )
        for row in rows:
            found[row.skill_key, row.subject_slug, row.level_slug].append(
                MatchedPractice(row.practice.title, row.practice.get_url(request), row.recommended)
            )
    return {
        query: found.get((skill_key(query.skill), query.subject, query.level), [])
        for query in queries
    }


# --- What the task worker does ---------------------------------------------------------------


def described_skills():
    """{SkillQuery} of every described task with words to search by: the skill's key, its
    work's subject and the level of its grade. Three queries."""
    levels = list(EducationLevel.objects.all())
    rows = DescribedTask.objects.values_list(
        "skill", "description__subject__slug", "description__grade"
    ).distinct()
    skills = {
        SkillQuery(skill_key(skill), subject, level_slug(grade, levels))
        for skill, subject, grade in rows
    }
    return {skill for skill in skills if skill.skill and skill.level}


def search_practices(skills, limit=MAX_PRACTICES):
    """{SkillQuery: [(practice pk, recommended)]} of at most ``limit`` practices per skill: one
    search per skill and one query for the recommendations of all their hits. Raises
    ``SearchUnavailable`` when the search is down."""
    backend = get_backend()
    hits = {skill: _practice_pks(backend.search(_request(skill)).hits) for skill in skills}
    recommended = _recommended({pk for pks in hits.values() for pk in pks})
    return {skill: ranked(pks, recommended, limit) for skill, pks in hits.items()}


def ranked(pks, recommended, limit):
    """[(pk, recommended)] of the first ``limit`` of ``pks`` (the search's order) that are in
    ``recommended`` ({pk: recommended} of the live public practices), recommended first."""
    found = [(pk, recommended[pk]) for pk in pks if pk in recommended]
    # sorted() is stable: the search's order is kept within each group.
    return sorted(found, key=lambda item: not item[1])[:limit]


def replace_matches(found):
    """Keep ``found`` (``search_practices``'s) as the practices of the skills, instead of what
    was kept; whether anything changed."""
    subjects = dict(Subject.objects.values_list("slug", "pk"))
    levels = dict(EducationLevel.objects.values_list("slug", "pk"))
    rows = [
        SkillPractice(
            skill_key=skill.skill,
            subject_id=subjects[skill.subject],
            level_id=levels[skill.level],
            practice_id=pk,
            rank=rank,
            recommended=recommended,
        )
        for skill, practices in found.items()
        for rank, (pk, recommended) in enumerate(practices)
    ]
    fields = ["skill_key", "subject_id", "level_id", "practice_id", "rank", "recommended"]
    with transaction.atomic():
        kept = set(SkillPractice.objects.values_list(*fields))
        if kept == {tuple(getattr(row, name) for name in fields) for row in rows}:
            return False
        SkillPractice.objects.all().delete()
        SkillPractice.objects.bulk_create(rows)
    return True


def match_described_skills():
    """Search the practices of every described skill again and keep them; whether anything
    changed."""
    return replace_matches(search_practices(described_skills()))


def _request(skill):
    return SearchRequest(
        query=skill.skill,
        kind=Kind.PRACTICE,
        facets={"subject": [skill.subject], "level": [skill.level]},
        per_page=SEARCH_DEPTH,
    )


def _practice_pks(hits):
    # A practice's key is its page's, «page:42».
    prefix = page_key("")
    return [int(hit.key.removeprefix(prefix)) for hit in hits if hit.key.startswith(prefix)]


def _recommended(pks):
    """{pk: recommended} of the practices among ``pks`` still live and public: the index may
    lag behind an unpublication."""
    if not pks:
        return {}
    rows = PracticePage.objects.live().public().filter(pk__in=pks)
    return {pk: date is not None for pk, date in rows.values_list("pk", "expert_conclusion_date")}
