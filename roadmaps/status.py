"""Item states and the progress of a roadmap, computed from plain values.

Editors set an item's status (planned, in progress, done); «просрочено» is never entered: an
item is overdue when its due date has passed and it is not done.
"""

from dataclasses import dataclass

PLANNED = "planned"
IN_PROGRESS = "in_progress"
DONE = "done"
OVERDUE = "overdue"

STATUS_CHOICES = [
    (PLANNED, "Запланировано"),
    (IN_PROGRESS, "Выполняется"),
    (DONE, "Выполнено"),
]
LABELS = dict(STATUS_CHOICES) | {OVERDUE: "Просрочено"}


def is_overdue(status, due, today):
    return due is not None and due < today and status != DONE


def state(status, due, today):
    """The status shown to visitors: the entered one, or «overdue» when the due date passed."""
    return OVERDUE if is_overdue(status, due, today) else status


@dataclass(frozen=True)
class Progress:
    total: int
    done: int
    in_progress: int
    overdue: int

    @property
    def done_percent(self):
        return round(100 * self.done / self.total) if self.total else 0


def progress(items, today):
    """The Progress of ``items``: anything with ``status`` and ``due_date``."""
    states = [state(item.status, item.due_date, today) for item in items]
    return Progress(
        total=len(states),
        done=states.count(DONE),
        in_progress=states.count(IN_PROGRESS),
        overdue=states.count(OVERDUE),
    )
