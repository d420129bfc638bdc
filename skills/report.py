"""The coordinators' report «Дефицитные умения»: one work's tasks (a year, procedure, subject
and grade) in the region, the weakest first, with the municipalities and schools furthest below
the region in each.

Pure: takes ``indicators.results.queries.task_results_frame``'s frames of one work and the
description's ``TaskInfo`` per label, returns rows. Decisions (docs/task-descriptions.md):

* The region's rate is always the whole region's: the benchmark. A selection (a municipality,
  ШНОР or the other schools) has its own rate, and the tasks are ordered by it, the lowest
  first: without a selection it is the region's.
* A task is a deficit when fewer than ``DEFICIT_RATE`` per cent of the selection's pupils did
  it, the usual line of the regional analyses: a skill most pupils lack.
* The municipalities and schools listed are those of the selection below the region, the
  furthest first, at most ``limit``; one with fewer than ``min_participants`` pupils is not
  listed (one pupil would be its whole result), as the results' rules skip such results.
"""

from dataclasses import dataclass

from .deficits import PRECISION, task_skill

DEFICIT_RATE = 50
MAX_LISTED = 5


@dataclass(frozen=True)
class BelowRegion:
    """A municipality or a school in a task: its rate and how many percentage points it is
    below the region's."""

    name: str
    rate: float
    below: float
    participants: int
    municipality: str = ""  # a school's


@dataclass(frozen=True)
class TaskRow:
    label: str
    position: int
    skill: str
    described: bool
    level: str  # Б, П, В or ""
    max_points: int
    region: float
    selection: float
    schools: int  # of the selection that wrote the task
    participants: int  # of the selection
    municipalities: tuple[BelowRegion, ...]
    schools_below: tuple[BelowRegion, ...]

    @property
    def deficit(self):
        return self.selection < DEFICIT_RATE


def task_rows(
    schools,
    municipalities,
    region,
    selection,
    described,
    names,
    *,
    min_participants,
    limit=MAX_LISTED,
):
    """[TaskRow] of one work, the selection's weakest task first.

    ``schools`` and ``municipalities``: the selection's task results at those levels;
    ``region``: the whole region's; ``selection``: the selection's summed for the region (the
    region's frame again without a selection); ``described``: {label: TaskInfo};
    ``names``: {school id: name}.
    """
    region_rates = {row.task: float(row.success_rate) for row in region.itertuples(index=False)}
    by_task = {
        "schools": dict(tuple(schools.groupby("task", sort=False))),
        "municipalities": dict(tuple(municipalities.groupby("task", sort=False))),
    }
    rows = []
    for row in selection.itertuples(index=False):
        info = described.get(row.task)
        benchmark = region_rates.get(row.task, float(row.success_rate))
        own = by_task["schools"].get(row.task)
        rows.append(
            TaskRow(
                label=row.task,
                position=int(row.position),
                skill=task_skill(row.task, info),
                described=info is not None,
                level=info.level if info else "",
                max_points=int(info.max_points if info else row.max_points),
                region=benchmark,
                selection=float(row.success_rate),
                schools=0 if own is None else len(own),
                participants=int(row.participants),
                municipalities=_furthest_below(
                    by_task["municipalities"].get(row.task),
                    benchmark,
                    lambda unit: {"name": unit.municipality},
                    min_participants,
                    limit,
                ),
                schools_below=_furthest_below(
                    own,
                    benchmark,
                    lambda unit: {
                        "name": names.get(unit.school_id, unit.school_code or ""),
                        "municipality": unit.municipality or "",
                    },
                    min_participants,
                    limit,
                ),
            )
        )
    return sorted(rows, key=lambda task: (round(task.selection, PRECISION), task.position))


def _furthest_below(frame, benchmark, naming, min_participants, limit):
    if frame is None:
        return ()
    below = [
        BelowRegion(
            rate=float(unit.success_rate),
            below=round(benchmark - unit.success_rate, PRECISION),
            participants=int(unit.participants),
            **naming(unit),
        )
        for unit in frame.itertuples(index=False)
        if unit.participants >= min_participants
    ]
    below = [unit for unit in below if unit.below > 0]
    below.sort(key=lambda unit: (-unit.below, unit.name))
    return tuple(below[:limit])
