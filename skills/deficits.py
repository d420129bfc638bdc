"""A school's strong and weak skills in its latest works: what the school page shows.

Pure: takes the task results at the three levels (``indicators.results.queries.task_results_
frame``'s frames) and the descriptions' skills, returns dataclasses. Decisions
(docs/task-results.md):

* Only the latest year with the school's task results, each of its works (procedure, subject,
  grade) apart; the municipality and the region are taken in the same year and work.
* «Что стоит подтянуть»: tasks the school did at least ``gap`` percentage points worse than
  the region, the lowest school rate first. «Что получается»: at least ``gap`` points better
  than the region, the highest first. The same gap both ways: a smaller difference is within
  what one class's year varies by, and a list of everything above average says nothing.
* A work where fewer than ``min_participants`` pupils wrote the tasks gets no lists and no
  rates (one pupil would be a task's whole result, and the page is public: the school page
  passes the public minimum, ``indicators.results.privacy``). The municipality's or the
  region's rate is left out where it is under that minimum, or where the other schools in it
  are: the school's rate taken from it would give theirs.
* A task without a description reads «Задание N», its label in the protocol.
"""

from dataclasses import dataclass, replace

from indicators.results.privacy import shows_shares

# Rates are compared after rounding: 40 - 25 may come out as 14.999999999999998.
PRECISION = 9
MAX_LISTED = 5


@dataclass(frozen=True)
class TaskRates:
    """One task's success rates in percent (0–100): the school's, its municipality's and the
    region's."""

    label: str
    position: int
    skill: str
    described: bool
    school: float
    municipality: float | None  # None: no such task there (another variant of the work)
    region: float | None

    @property
    def above_region(self):
        return round(self.school - self.region, PRECISION)


@dataclass(frozen=True)
class WorkSkills:
    """One work of the school's latest year: its tasks in the protocol's order, and the two
    lists (empty when too few pupils wrote it)."""

    year: int
    procedure: str
    subject: str
    grade: int
    participants: int
    enough_participants: bool
    tasks: tuple[TaskRates, ...]
    strong: tuple[TaskRates, ...] = ()
    weak: tuple[TaskRates, ...] = ()


WORK = ["procedure", "subject", "grade"]


def task_skill(label, info):
    """The skill a task checks, from the description's ``TaskInfo``; «Задание N» without."""
    return info.skill if info and info.skill else f"Задание {label}"


def school_skills(
    school, municipality, region, descriptions, *, gap, min_participants, limit=MAX_LISTED
):
    """[WorkSkills] of the school's latest year, in the frames' order (procedure, subject,
    grade).

    ``school``: the school's task results (any years); ``municipality`` and ``region``: those
    of its municipality and of the region (at least the same year and works);
    ``descriptions``: {(procedure, subject, grade): {label: TaskInfo}}.
    """
    if school.empty:
        return []
    year = school["year"].max()
    school = school[school["year"] == year]
    others = {
        "municipality": _rates(municipality[municipality["year"] == year]),
        "region": _rates(region[region["year"] == year]),
    }
    works = []
    for (procedure, subject, grade), rows in school.groupby(WORK, sort=False):
        described = descriptions.get((procedure, subject, grade), {})
        tasks = tuple(
            TaskRates(
                label=row.task,
                position=int(row.position),
                skill=task_skill(row.task, described.get(row.task)),
                described=row.task in described,
                school=float(row.success_rate),
                **{
                    level: _shown(
                        rates.get((procedure, subject, grade, row.task)),
                        row.participants,
                        min_participants,
                    )
                    for level, rates in others.items()
                },
            )
            for row in rows.sort_values("position").itertuples(index=False)
        )
        participants = int(rows["participants"].max())
        work = WorkSkills(int(year), procedure, subject, int(grade), participants, True, tasks)
        if not shows_shares(participants, min_participants):
            works.append(replace(work, enough_participants=False))
            continue
        compared = [task for task in tasks if task.region is not None]
        weak = sorted(
            (task for task in compared if task.above_region <= -gap),
            key=lambda task: (task.school, task.above_region, task.position),
        )
        strong = sorted(
            (task for task in compared if task.above_region >= gap),
            key=lambda task: (-task.school, -task.above_region, task.position),
        )
        works.append(replace(work, strong=tuple(strong[:limit]), weak=tuple(weak[:limit])))
    return works


def _rates(frame):
    """{(procedure, subject, grade, task): (success rate, participants)} of a level's frame."""
    return {
        (row.procedure, row.subject, row.grade, row.task): (
            float(row.success_rate),
            int(row.participants),
        )
        for row in frame.itertuples(index=False)
    }


def _shown(other, own, minimum):
    """The municipality's or the region's rate, unless it counts fewer than ``minimum`` pupils
    or the other schools in it (besides the school's ``own``) do."""
    if other is None:
        return None
    rate, participants = other
    others = participants - own
    if not shows_shares(participants, minimum) or (others and not shows_shares(others, minimum)):
        return None
    return rate
