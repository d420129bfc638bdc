"""The groups of similar schools as editors see them under the setting «Группы похожих школ»:
every group with its schools, and the schools in no group by reason. Three queries."""

from collections import defaultdict
from dataclasses import dataclass

from .models import School
from .similar import members
from .similar_queries import bands_from_settings, placements


@dataclass(frozen=True)
class ListedGroup:
    label: str
    schools: list  # School rows, by name
    too_small: bool  # fewer schools than the comparison needs


@dataclass(frozen=True)
class GroupsListing:
    groups: list[ListedGroup]
    ungrouped: list[tuple[str, list]]  # (reason, School rows)
    min_group_size: int
    schools: int


def groups_listing():
    bands = bands_from_settings()
    schools = School.objects.select_related("municipality").order_by("short_name")
    by_pk = {school.pk: school for school in schools}
    placed = placements(by_pk, bands)
    groups = [
        ListedGroup(
            group.label,
            sorted((by_pk[pk] for pk in pks), key=lambda school: school.short_name),
            len(pks) < bands.min_group_size,
        )
        for group, pks in members(placed).items()
    ]
    ungrouped = defaultdict(list)
    for pk, placement in placed.items():
        if placement.group is None:
            ungrouped[placement.reason].append(by_pk[pk])
    ungrouped = [
        (reason, sorted(schools, key=lambda school: school.short_name))
        for reason, schools in sorted(ungrouped.items())
    ]
    return GroupsListing(groups, ungrouped, bands.min_group_size, len(by_pk))
