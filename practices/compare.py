"""«Сравнение практик»: up to four practices of the bank side by side, in a table.

The visitor ticks practices in the bank's GET form (``p`` repeated, the pages' ids); ids that
name no live public practice of this bank are ignored, and of the others the first four count.
A fixed number of queries, whatever the number chosen.
"""

from indicators.results.privacy import public_minimum

from .bank_index import practices_under
from .before_after import results_before_after
from .facets import is_number, unique

MAX_COMPARED = 4
# More ids than a page of the bank holds are not a visitor's ticks: the rest is ignored.
MAX_IDS = 20


def chosen_ids(params):
    """The ids in the query, in their order, without repeats."""
    return list(unique(int(value) for value in params.getlist("p") if is_number(value)))[:MAX_IDS]


def compare_context(index_page, params):
    ids = chosen_ids(params)
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
    too_many = len(practices) > MAX_COMPARED
    practices = practices[:MAX_COMPARED]
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
