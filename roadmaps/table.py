"""The roadmap as visitors see it: items grouped into sections, each with its shown state."""

from dataclasses import dataclass, field

from .status import LABELS, progress, state


@dataclass(frozen=True)
class Row:
    item: object
    state: str

    @property
    def state_label(self):
        return LABELS[self.state]

    @property
    def state_modifier(self):
        """The state as the badge's BEM modifier: «in_progress» is roadmap-status--in-progress."""
        return self.state.replace("_", "-")

    @property
    def due_note(self):
        """The due date, when the deadline text does not already say it («Январь, февраль»)."""
        due = self.item.due_date
        if due is None or due.strftime("%d.%m.%Y") in self.item.deadline:
            return None
        return due


@dataclass
class Section:
    title: str
    rows: list = field(default_factory=list)


@dataclass(frozen=True)
class RoadmapTable:
    sections: list
    progress: object


def roadmap_table(items, today):
    """Consecutive items with the same ``section`` text form one Section, in their order."""
    items = list(items)
    sections = []
    for item in items:
        if not sections or sections[-1].title != item.section:
            sections.append(Section(item.section))
        sections[-1].rows.append(Row(item, state(item.status, item.due_date, today)))
    return RoadmapTable(sections, progress(items, today))
