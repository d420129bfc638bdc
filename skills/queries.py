"""What the results' export and pages ask of the descriptions: per task label, the skill it
checks, its level and its maximum, from the description that applies to a year.

A protocol names its tasks either as the description's «№ в КИМ» (2022: «5(1)», «10К1») or by
their plain order, «балл за 7» (2020–2021): there «7» is the seventh task, which the
description may call «6.1». So the labels are matched by «№ в КИМ» when every one of them is
one; else by the order («№») when every one is a task's number; else by «№ в КИМ» as far as
they go.
"""

from typing import NamedTuple

from indicators.results.records import Procedure

from .labels import label_key
from .models import TaskDescription


class TaskInfo(NamedTuple):
    skill: str
    level: str  # Б, П, В, or "" when the description gives none
    max_points: int


def describe(tasks, year, subject, grade, procedure=Procedure.VPR):
    """{label: TaskInfo} for the labels of ``tasks`` that the description of ``year`` knows;
    ``subject`` is a Subject or its pk. Empty without a description for that year."""
    description = descriptions_of_year(year, procedure).filter(subject=subject, grade=grade).first()
    if description is None:
        return {}
    return match_tasks(tasks, description.tasks.all())


def descriptions_of_year(year, procedure=Procedure.VPR):
    """The descriptions that apply to ``year``'s works of ``procedure``, their tasks fetched
    along: several works' descriptions in two queries."""
    return TaskDescription.objects.filter(
        procedure=procedure, first_year__lte=year, last_year__gte=year
    ).prefetch_related("tasks")


def describe_works(works):
    """{work: {label: TaskInfo}} of ``works``, {(year, procedure, subject name, grade): labels},
    for those a description covers; every description is read in two queries."""
    descriptions = {}
    for description in TaskDescription.objects.select_related("subject").prefetch_related("tasks"):
        key = (description.procedure, description.subject.name, description.grade)
        descriptions.setdefault(key, []).append(description)
    described = {}
    for (year, procedure, subject, grade), labels in works.items():
        for description in descriptions.get((procedure, subject, grade), []):
            if description.first_year <= year <= description.last_year:
                described[year, procedure, subject, grade] = match_tasks(
                    labels, description.tasks.all()
                )
    return described


def match_tasks(labels, described):
    """{label: TaskInfo} of ``labels`` against the described tasks (see the module's rule)."""
    labels = list(labels)
    by_label = {label_key(task.label): task for task in described}
    by_number = {str(task.number): task for task in described}
    found = {label: by_label.get(label_key(label)) for label in labels}
    if not all(found.values()) and all(label_key(label) in by_number for label in labels):
        found = {label: by_number[label_key(label)] for label in labels}
    return {
        label: TaskInfo(task.skill, task.level, task.max_points)
        for label, task in found.items()
        if task is not None
    }
