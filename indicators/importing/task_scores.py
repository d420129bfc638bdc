"""Per-task results of a ВПР protocol: task labels, maxima and the per-school aggregates.

Pure pandas on the pupils' task points (``fisoko`` reads the cells). The rules:

* A task's label is the protocol's header without what only says «task»: ``a-7-grade`` and
  ``балл за 7`` are ``7``, ``10К1 (2б)`` is ``10К1``; a Latin ``K`` (or a small ``к``) is written
  as the Cyrillic capital ``К``: files and descriptions mix them.
* Points are numbers; ``X`` («не приступал») is 0 (the reader turns it into 0); an empty or other
  cell («не пройд.») is no score for the task, and the pupil does not count for it.
* The maximum of a task: the header's (2022: ``(2б)``), else the task description's (passed in),
  else the largest score reached by at least ``OBSERVED_SHARE`` of the task's pupils in the file.
  A lone 4 in a one-point task (real files hold a few schools' rows typed into the wrong columns)
  must not make it a four-point task. Scores above the maximum, or below 0, are no score.
* A column filled for fewer than half of the participants is not a task of the work: real 2020
  files have a few shifted rows spilling into empty ``a-N-grade`` columns.
* Per school and task: participants (pupils with a score for it), points (their sum), mean points
  and the success rate, mean ÷ maximum × 100.
"""

import re

import numpy as np
import pandas as pd

TASK_COLUMNS = [
    "school_code",
    "task",
    "position",
    "max_points",
    "participants",
    "points",
    "mean_points",
    "success_rate",
]
# The share of a task's pupils that must reach a score for it to count as the task's maximum.
OBSERVED_SHARE = 0.01
# The share of the participants a column must be filled for to be a task of the work.
TASK_FILL_SHARE = 0.5

_PREFIXES = re.compile(r"^(?:a-(?P<a>[^\s]+)-grade|балл за\s+(?P<b>.+))$", re.IGNORECASE)
_MAXIMUM = re.compile(r"\s*\(\s*(?P<max>\d+)\s*б\s*\)\s*$", re.IGNORECASE)


def task_label(header):
    """The task's label as the protocol names it, without the «task» words and the maximum."""
    text = " ".join(str(header).split())
    text = _MAXIMUM.sub("", text)
    if found := _PREFIXES.match(text):
        text = found["a"] or found["b"]
    return re.sub("[Kkк]", "К", text.strip())


def header_maximum(header):
    """The maximum a header gives (``10К1 (2б)`` → 2), or None."""
    found = _MAXIMUM.search(" ".join(str(header).split()))
    return int(found["max"]) if found else None


def task_columns(points):
    """The columns of ``points`` (participants × tasks) that are tasks of the work."""
    filled = points.notna().sum()
    return list(filled.index[filled >= TASK_FILL_SHARE * len(points)])


def observed_maxima(points):
    """Per task, the largest score at least OBSERVED_SHARE of its pupils reached (else the
    largest score seen). Whole points: a half point rounds the maximum up."""
    maxima = {}
    for task in points.columns:
        scores = points[task].dropna()
        counts = scores.value_counts()
        common = counts.index[counts >= OBSERVED_SHARE * len(scores)]
        largest = common.max() if len(common) and common.max() > 0 else scores.max()
        maxima[task] = float(np.ceil(largest)) if pd.notna(largest) else np.nan
    return pd.Series(maxima, dtype=float)


def resolve_maxima(points, known=None):
    """The maximum of every task of ``points``: ``known`` ({label: points}) where it says,
    the observed maximum elsewhere; NaN when no pupil scored above 0."""
    known = pd.Series(known or {}, dtype=float).reindex(points.columns)
    missing = known.isna()
    if missing.any():
        known[missing] = observed_maxima(points.loc[:, missing])
    return known.where(known > 0)


def out_of_range(points, maxima):
    """Cells of ``points`` above their task's maximum or below 0."""
    return (points > maxima) | (points < 0)


def aggregate_tasks(points, schools, maxima):
    """Per school and task (TASK_COLUMNS): ``points`` are the participants' task points
    (columns: labels in the protocol's order), ``schools`` their school codes, ``maxima`` the
    tasks' maxima. Cells out of range and tasks without a maximum are left out."""
    tasks = [task for task in points.columns if pd.notna(maxima.get(task))]
    points = points[tasks]
    points = points.mask(out_of_range(points, maxima[tasks]))
    grouped = points.groupby(schools.to_numpy(), sort=True)
    sums = grouped.sum(min_count=1).stack()
    counts = grouped.count().stack()
    result = pd.DataFrame({"participants": counts, "points": sums}).rename_axis(
        ["school_code", "task"]
    )
    result = result[result["participants"] > 0].reset_index()
    result["position"] = result["task"].map({task: i for i, task in enumerate(tasks, start=1)})
    result["max_points"] = result["task"].map(maxima).astype(int)
    result["participants"] = result["participants"].astype(int)
    result["points"] = result["points"].fillna(0.0).astype(float)
    result["mean_points"] = result["points"] / result["participants"]
    result["success_rate"] = result["mean_points"] / result["max_points"] * 100
    return result.sort_values(["school_code", "position"], ignore_index=True)[TASK_COLUMNS]


def empty_tasks():
    return pd.DataFrame({column: [] for column in TASK_COLUMNS})
