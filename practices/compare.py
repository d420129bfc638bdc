"""«Сравнение практик»: up to four practices of the bank side by side, in a table.

The visitor ticks practices in the bank's GET form (``p`` repeated, the pages' ids); ids that
name no live public practice of this bank are ignored, and only the first four count. A fixed
number of queries, whatever the number chosen.
"""

from indicators.results.privacy import public_minimum

from .before_after import results_before_after
from .facets import _is_number, _unique
from .listing import practices_under

MAX_COMPARED = 4


def chosen_ids(params):
    """The ids in the query, in their order, without repeats, at most ``MAX_COMPARED`` (and a
    note when more were ticked)."""
    ids = _unique(int(value) for value in params.getlist("p") if _is_number(value))
    return list(ids[:MAX_COMPARED]), len(ids) > MAX_COMPARED


def compare_context(index_page, params):
    ids, too_many = chosen_ids(params)
    found = (
        practices_under(index_page)
        .filter(pk__in=ids)
        .select_related("school__municipality")
        .prefetch_related("levels", "subjects")
        if ids
        else []
    )
    by_pk = {practice.pk: practice for practice in found}
    practices = [by_pk[pk] for pk in ids if pk in by_pk]
    evidence = results_before_after(practices)
    return {
        "compared": [
            {
                "practice": practice,
                "levels": list(practice.levels.all()),
                "subjects": list(practice.subjects.all()),
                "effects": [block.value["effect"] for block in practice.results],
                "evidence_results": evidence.get(practice.pk, []),
            }
            for practice in practices
        ],
        "too_many": too_many,
        "max_compared": MAX_COMPARED,
        "public_minimum": public_minimum(),
    }
