"""Finding the registry's municipality a file means, and what the file teaches about it.

A file names a municipality by a ФИС ОКО code and a name («reg22_m001 | Алейский муниципальный
район») or by a name alone («Алейский район»), and files of different years name one
municipality differently. A reference means the municipality that

1. has its code; or else
2. is called by its name or one of its «другие названия» (case, «ё» and spacing do not count),
   unless both have codes and the codes differ; or else
3. holds the schools of the file's rows with that reference, by mutual strict majority: most of
   the registry's schools in those rows are in that municipality, and most of that
   municipality's schools in the file are in rows with that reference. So «Алейский район» of
   the logins file becomes «reg22_m001 | Алейский муниципальный район» of the context file,
   while «Специальный муниципалитет Алтайский край», where the context file gathers the regional
   boarding schools of every district, means none.

A reference that found its municipality is written into it where the municipality lacks it: the
code when it has none (and no other municipality has it), the region when it has none, the name
among «другие названия» when it is not yet one of its names. Names stay as they are written.
"""

from collections import Counter, defaultdict

from ..models import Municipality
from .cells import name_key


class MunicipalityIndex:
    """The registry's municipalities, with the changes an import would make to them."""

    def __init__(self, municipalities):
        self.by_pk = {}
        self.by_code = {}
        self.by_name = defaultdict(list)
        self.created = []
        self.changes = {}  # municipality → descriptions of its changes, for the preview
        for municipality in municipalities:
            self._index(municipality)

    def _index(self, municipality):
        if municipality.pk:
            self.by_pk[municipality.pk] = municipality
        if municipality.code:
            self.by_code[municipality.code] = municipality
        for name in municipality.names:
            if municipality not in self.by_name[name_key(name)]:
                self.by_name[name_key(name)].append(municipality)

    def find(self, ref):
        """The municipality the reference means by its code or name (rules 1 and 2), or None."""
        if ref.code and ref.code in self.by_code:
            return self.by_code[ref.code]
        candidates = [
            municipality
            for municipality in self.by_name.get(name_key(ref.name), [])
            if not (ref.code and municipality.code)
        ]
        if ref.region and len(candidates) > 1:
            candidates = [m for m in candidates if m.region in ("", ref.region)]
        return candidates[0] if len(candidates) == 1 else None

    def resolve(self, ref):
        """Find the municipality and write into it what the reference adds, or return None."""
        municipality = self.find(ref)
        if municipality is not None:
            self._complete(municipality, ref)
        return municipality

    def learn(self, pairs):
        """Rule 3: match references to municipalities by the known schools of the file.

        ``pairs`` are (reference, municipality pk) of the file's rows whose school the registry
        already has.
        """
        by_ref, by_municipality, refs = defaultdict(Counter), defaultdict(Counter), {}
        for ref, municipality_pk in pairs:
            by_ref[ref.key][municipality_pk] += 1
            by_municipality[municipality_pk][ref.key] += 1
            refs.setdefault(ref.key, ref)
        for key, counter in by_ref.items():
            ref = refs[key]
            if self.find(ref) is not None:
                continue
            municipality_pk = _strict_majority(counter)
            if municipality_pk and _strict_majority(by_municipality[municipality_pk]) == key:
                self._complete(self.by_pk[municipality_pk], ref)

    def create(self, ref):
        """A new municipality as the reference names it; None when its name is taken."""
        taken = any(
            m.name == ref.name and m.region == ref.region for m in self.by_pk.values()
        ) or any(m.name == ref.name and m.region == ref.region for m in self.created)
        if taken:
            return None
        municipality = Municipality(name=ref.name, code=ref.code, region=ref.region)
        self.created.append(municipality)
        self._index(municipality)
        return municipality

    def _complete(self, municipality, ref):
        changes = []
        if ref.code and not municipality.code and ref.code not in self.by_code:
            municipality.code = ref.code
            changes.append(f"код {ref.code}")
        if ref.region and not municipality.region:
            municipality.region = ref.region
            changes.append(f"регион «{ref.region}»")
        if name_key(ref.name) not in {name_key(name) for name in municipality.names}:
            municipality.other_names = "\n".join(filter(None, [municipality.other_names, ref.name]))
            changes.append(f"другое название «{ref.name}»")
        if changes:
            self._index(municipality)
            if municipality.pk:
                self.changes.setdefault(municipality, []).extend(changes)


def _strict_majority(counter):
    """The value that has more than half of the counts, or None."""
    value, count = counter.most_common(1)[0]
    return value if count * 2 > counter.total() else None
