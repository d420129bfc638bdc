"""Invented per-task results for the demo's ВПР results: a pure generator.

Each result (a school's work of one year) gets a success rate per task of its work's description
whose points add up to the result's mean score (up to a pupil's point per task). Around the
school's own level, tasks of the «П» level go worse everywhere, and every school has
``MARKED`` clear strengths and ``MARKED`` clear weaknesses per work: tasks ``LIFT`` above or
below both its own level and the region's typical rate for the task, more than the school
page's gap (TASK_DEFICIT_GAP, 15 points), so even the strongest school shows a weakness. The
chosen tasks depend on the school and the work, not the year, and every number is drawn from
a ``random.Random`` seeded with the result's keys: the same results give the same tasks.
"""

import random
from dataclasses import dataclass

SEED = "shnor-demo-tasks"
LEVEL_SHIFT = {"П": -0.15, "В": -0.25}  # a basic («Б») or unmarked task: 0 before centring
LIFT = 0.27
MARKED = 2
NOISE = 0.04
LOWEST, HIGHEST = 0.03, 0.98
BALANCING_ROUNDS = 5


@dataclass(frozen=True)
class Task:
    label: str
    max_points: int
    level: str


def generate(results, works):
    """{result key: [(label, position, max_points, points)]} for ``results`` (dicts with
    ``key``, ``school_code``, ``year``, ``subject``, ``grade``, ``participants`` and
    ``mean_score``) whose (subject, grade) ``works`` gives the tasks ([Task])."""
    results = [result for result in results if (result["subject"], result["grade"]) in works]
    region = _region_shares(results, works)
    return {
        result["key"]: _tasks(
            result,
            works[result["subject"], result["grade"]],
            region[result["year"], result["subject"], result["grade"]],
        )
        for result in results
    }


def _share(result, tasks):
    return result["mean_score"] / sum(task.max_points for task in tasks)


def _region_shares(results, works):
    """The share of the maximum the region's pupils scored in each year's work."""
    totals = {}
    for result in results:
        key = (result["year"], result["subject"], result["grade"])
        share = _share(result, works[result["subject"], result["grade"]])
        points, pupils = totals.get(key, (0.0, 0))
        totals[key] = (points + share * result["participants"], pupils + result["participants"])
    return {key: points / pupils for key, (points, pupils) in totals.items()}


def _tasks(result, tasks, region_share):
    work = f"{result['school_code']}|{result['subject']}|{result['grade']}"
    marked = random.Random(f"{SEED}|{work}").sample(range(len(tasks)), 2 * MARKED)
    strong, weak = set(marked[:MARKED]), set(marked[MARKED:])
    noise = random.Random(f"{SEED}|{work}|{result['year']}")
    shifts = _centred_shifts(tasks)
    share = _share(result, tasks)
    rates = []
    for index, shift in enumerate(shifts):
        rate = share + shift + noise.uniform(-NOISE, NOISE)
        typical = region_share + shift
        if index in strong:
            rate = max(rate, typical) + LIFT
        elif index in weak:
            rate = min(rate, typical) - LIFT
        rates.append(_clamp(rate))
    rates = _balanced(rates, tasks, result["mean_score"], fixed=strong | weak)
    pupils = result["participants"]
    return [
        (task.label, position, task.max_points, round(rate * pupils * task.max_points))
        for position, (task, rate) in enumerate(zip(tasks, rates, strict=True), start=1)
    ]


def _centred_shifts(tasks):
    """Each task's shift by its level, less their mean weighted by the maxima: the tasks
    together still add up to the school's own level."""
    shifts = [LEVEL_SHIFT.get(task.level, 0.0) for task in tasks]
    mean = sum(s * t.max_points for s, t in zip(shifts, tasks, strict=True)) / sum(
        task.max_points for task in tasks
    )
    return [shift - mean for shift in shifts]


def _balanced(rates, tasks, mean_score, *, fixed):
    """``rates`` with the tasks not in ``fixed`` moved alike, so the points per pupil come to
    ``mean_score`` (as far as the bounds let them)."""
    rates = list(rates)
    free = [index for index in range(len(tasks)) if index not in fixed]
    for _ in range(BALANCING_ROUNDS):
        points = sum(rate * task.max_points for rate, task in zip(rates, tasks, strict=True))
        movable = sum(tasks[index].max_points for index in free)
        step = (mean_score - points) / movable
        for index in free:
            rates[index] = _clamp(rates[index] + step)
    return rates


def _clamp(rate):
    return min(HIGHEST, max(LOWEST, rate))
