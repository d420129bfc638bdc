"""The bank's facet index: which live public practices have each facet value, as bit masks.

Counting nine facets over thousands of practices took nine GROUP BY queries over the page
tree on every visit. The index is prepared from the practices once after they change (a change
marks it stale, see ``mark_stale``; the first visit after it prepares it again) and a visit
reads it in one query: the counts, the number found and the order of the results are then bit
operations. Bit ``i`` of every mask stands for ``pks[i]``, the practices newest first.
"""

from dataclasses import dataclass
from functools import partial
from itertools import compress

from django.db.models import F

from site_cms.facets import facet_values

from .facets import FACETS, TERM_ORDER, Facet
from .models import PracticePage, PreparedBankIndex

# Evidence levels, strongest first: the order of the «evidence» sort.
EVIDENCE_FIRST = ("3", "2", "1", "0")
# ``bin(mask)`` reversed, as bytes of 0 and 1: ``compress`` takes them as selectors.
_SELECTORS = bytes.maketrans(b"01", b"\x00\x01")


@dataclass(frozen=True)
class BankIndex:
    pks: list  # the practices, newest first
    # Facet key → [(value, label, mask)] in the facet's order, values that have practices only
    # (a term facet); the label is empty for a facet of fixed choices, which labels its own.
    masks: dict
    recommended: int  # the practices with an expert conclusion

    @property
    def everything(self):
        return (1 << len(self.pks)) - 1

    def _chosen_mask(self, key, chosen):
        return _union(mask for value, _label, mask in self.masks[key] if value in chosen)

    def matching(self, selection, *, except_facet=None):
        """The mask of the practices matching every chosen facet (any of its values)."""
        found = self.everything
        for spec in FACETS:
            chosen = selection.get(spec.key)
            if chosen and spec.key != except_facet:
                found &= self._chosen_mask(spec.key, chosen)
        return found

    def facets(self, selection):
        """Every facet with the values that have practices (or are chosen) and their counts,
        each counted under the choices of the other facets."""
        return [
            Facet(
                key=spec.key,
                label=spec.label,
                values=facet_values(
                    self._counted_rows(spec, self.matching(selection, except_facet=spec.key)),
                    selection.get(spec.key),
                    labels={v: selection.labels[spec.key, v] for v in selection.get(spec.key)},
                    query=partial(selection.toggled, spec.key),
                ),
            )
            for spec in FACETS
        ]

    def _counted_rows(self, spec, scope):
        counts = {value: (mask & scope).bit_count() for value, _label, mask in self.masks[spec.key]}
        if spec.column:
            return [(str(value), label, counts.get(str(value), 0)) for value, label in spec.choices]
        return [(value, label, counts[value]) for value, label, _mask in self.masks[spec.key]]

    def ordered(self, found, sort):
        """The pks of the practices in ``found``, in the order of ``sort`` (see
        ``facets.sort_practices``): the newest first within each group."""
        if sort == "recommended":
            groups = [self.recommended]
        elif sort == "evidence":
            groups = [self._chosen_mask("evidence", (level,)) for level in EVIDENCE_FIRST]
        else:
            groups = []
        ordered = []
        for group in groups:
            ordered += self._members(found & group)
            found &= ~group
        return ordered + self._members(found)

    def _members(self, mask):
        return list(compress(self.pks, bin(mask)[:1:-1].encode().translate(_SELECTORS)))

    def as_data(self):
        return {
            "pks": self.pks,
            "recommended": f"{self.recommended:x}",
            "masks": {
                key: [[value, label, f"{mask:x}"] for value, label, mask in rows]
                for key, rows in self.masks.items()
            },
        }

    @classmethod
    def from_data(cls, data):
        return cls(
            pks=data["pks"],
            recommended=int(data["recommended"], 16),
            masks={
                key: [(value, label, int(mask, 16)) for value, label, mask in rows]
                for key, rows in data["masks"].items()
            },
        )


def _union(masks):
    union = 0
    for mask in masks:
        union |= mask
    return union


# The columns of a practice the index reads, by facet key (the term facets read their own
# through tables).
COLUMNS = {
    "kind": "kind",
    "municipality": "school__municipality_id",
    "evidence": "evidence_level",
    "cost": "cost_level",
    "time": "results_band",
}


def practices_under(index_page):
    """Live practices of the bank that anonymous visitors may see."""
    return PracticePage.objects.live().public().child_of(index_page)


def build_index(bank):
    """The index of the live public practices of ``bank``, from the database: a query for the
    practices, then the links and the names of each term facet's terms (two queries each)."""
    practices = practices_under(bank).order_by("-first_published_at", "-pk")
    rows = list(practices.values_list("pk", "expert_conclusion_date", *COLUMNS.values()))
    pks = [row[0] for row in rows]
    bit = {pk: 1 << position for position, pk in enumerate(pks)}
    recommended = _union(bit[row[0]] for row in rows if row[1] is not None)
    found = {key: {} for key in COLUMNS}
    for row in rows:
        for key, value in zip(COLUMNS, row[2:], strict=True):
            if value is not None and value != "":
                found[key][str(value)] = found[key].get(str(value), 0) | bit[row[0]]
    masks = {}
    for spec in FACETS:
        if spec.column:
            masks[spec.key] = [(value, "", mask) for value, mask in found[spec.key].items()]
        elif spec.key == "municipality":
            masks[spec.key] = _labelled(spec, found[spec.key])
        else:
            masks[spec.key] = _term_masks(spec, practices, bit)
    return BankIndex(pks=pks, masks=masks, recommended=recommended)


def _labelled(spec, by_value):
    """(value, name, mask) of the terms in ``by_value``, in the facet's order."""
    terms = spec.term_model.objects.filter(**{f"{spec.term_field}__in": list(by_value)})
    names = terms.order_by(*TERM_ORDER[spec.key]).values_list(spec.term_field, "name")
    return [(str(value), name, by_value[str(value)]) for value, name in names]


def _term_masks(spec, practices, bit):
    links = spec.through.objects.filter(practicepage_id__in=practices.order_by().values("pk"))
    by_value = {}
    for pk, value in links.values_list("practicepage_id", f"{spec.through_term}__slug"):
        by_value[value] = by_value.get(value, 0) | bit[pk]
    return _labelled(spec, by_value)


def bank_index(bank):
    """The bank's index as prepared; prepared again (and stored) when a change made it stale.

    The version is read before the practices: a change that comes while the index is built
    bumps it, and the stale index is then used for this visit but not stored.
    """
    stored = PreparedBankIndex.objects.filter(bank_id=bank.pk)
    row = stored.values_list("version", "built_version", "data").first()
    if row is None:
        PreparedBankIndex.objects.bulk_create(
            [PreparedBankIndex(bank_id=bank.pk)], ignore_conflicts=True
        )
        row = stored.values_list("version", "built_version", "data").get()
    version, built_version, data = row
    if version == built_version:
        return BankIndex.from_data(data)
    index = build_index(bank)
    stored.filter(version=version).update(built_version=version, data=index.as_data())
    return index


def newest_practices(bank, count):
    """The pks of the bank's ``count`` newest practices: the head of its prepared index (read
    alone, without the masks), prepared first when a change made it stale."""
    fresh = PreparedBankIndex.objects.filter(bank_id=bank.pk, built_version=F("version"))
    pks = fresh.values_list("data__pks", flat=True).first()
    if pks is None:
        pks = bank_index(bank).pks
    return pks[:count]


def mark_stale(*args, **kwargs):
    """A signal's receiver: something the banks' indexes are made of changed."""
    PreparedBankIndex.objects.update(version=F("version") + 1)
