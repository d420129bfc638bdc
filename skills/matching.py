"""Practices of the bank for the skills a school's pupils lack («дефицитные умения»).

A skill's practices are those the site search ranks highest for the skill's words among the
live public practices of its subject and education level (the search's own facets), with the
practices an expert council recommended lifted above the others; the search's order stays
within each group. So a practice matches a skill as a visitor searching its words would find it.

Cost: one search per distinct skill (the database backend runs a fixed handful of statements
for it, Elasticsearch one request), each kept until the next publication like the search page's
results, and one query for the recommendations of every skill's hits together. At most
``MAX_SKILLS`` skills are searched per call.
"""

from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings

from practices.models import PracticePage
from search import text
from search.backends import get_backend
from search.backends.base import Kind, SearchRequest, SearchUnavailable
from search.documents import page_key
from site_cms import page_cache

MAX_PRACTICES = 3
MAX_SKILLS = 20
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


def level_slug(grade, levels):
    """The slug of the level of ``levels`` (EducationLevel rows) that spans ``grade``, or ""."""
    return next(
        (level.slug for level in levels if level.first_grade <= grade <= level.last_grade), ""
    )


def matching_practices(skills, limit=MAX_PRACTICES):
    """{SkillQuery: [MatchedPractice, …]} for ``skills`` (SkillQuery or (skill, subject slug,
    level slug) tuples): at most ``limit`` practices each, recommended first. A skill without
    words, beyond ``MAX_SKILLS``, or met while the search is down gets an empty list."""
    queries = list(dict.fromkeys(SkillQuery(*skill) for skill in skills))
    hits = {query: _hits(query) for query in queries[:MAX_SKILLS]}
    recommended = _recommended({pk for found in hits.values() for pk, _hit in found})
    matched = {}
    for query in queries:
        found = [(pk, hit) for pk, hit in hits.get(query, []) if pk in recommended]
        # sorted() is stable: the search's order is kept within each group.
        found.sort(key=lambda item: not recommended[item[0]])
        matched[query] = [
            MatchedPractice(hit.title, hit.url, recommended[pk]) for pk, hit in found[:limit]
        ]
    return matched


def _hits(query):
    """[(page pk, Hit)] of the search's best practices for the skill, kept as its results are."""
    if not text.query_terms(query.skill) or not (query.subject and query.level):
        return []
    request = SearchRequest(
        query=query.skill,
        kind=Kind.PRACTICE,
        facets={"subject": [query.subject], "level": [query.level]},
        per_page=SEARCH_DEPTH,
    )
    name = f"skills:practices:{text.query_words(query.skill)}:{query.subject}:{query.level}"
    try:
        hits = page_cache.cached_while_published(
            name,
            lambda: get_backend().search(request).hits,
            seconds=settings.SEARCH_RESULTS_CACHE_SECONDS,
        )
    except SearchUnavailable:  # the page shows the skills without practices meanwhile
        return []
    # A practice's key is its page's, «page:42».
    prefix = page_key("")
    return [(int(hit.key.removeprefix(prefix)), hit) for hit in hits if hit.key.startswith(prefix)]


def _recommended(pks):
    """{pk: recommended} of the practices among ``pks`` still live and public: the index may
    lag behind an unpublication."""
    if not pks:
        return {}
    rows = PracticePage.objects.live().public().filter(pk__in=pks)
    return {pk: date is not None for pk, date in rows.values_list("pk", "expert_conclusion_date")}
