"""Overdue and progress are computed, never entered."""

import datetime
from types import SimpleNamespace

from roadmaps.status import DONE, IN_PROGRESS, OVERDUE, PLANNED, progress, state
from roadmaps.table import roadmap_table

TODAY = datetime.date(2024, 1, 10)
PAST = datetime.date(2023, 12, 1)
FUTURE = datetime.date(2024, 3, 1)


def test_a_past_due_date_makes_an_unfinished_item_overdue():
    assert state(PLANNED, PAST, TODAY) == OVERDUE
    assert state(IN_PROGRESS, PAST, TODAY) == OVERDUE
    assert state(DONE, PAST, TODAY) == DONE
    assert state(PLANNED, FUTURE, TODAY) == PLANNED
    assert state(PLANNED, TODAY, TODAY) == PLANNED
    assert state(PLANNED, None, TODAY) == PLANNED


def item(status, due, section=""):
    return SimpleNamespace(status=status, due_date=due, section=section)


def test_progress_counts_done_in_progress_and_overdue():
    items = [item(DONE, PAST), item(PLANNED, PAST), item(IN_PROGRESS, FUTURE), item(PLANNED, None)]
    summary = progress(items, TODAY)
    assert (summary.total, summary.done, summary.in_progress, summary.overdue) == (4, 1, 1, 1)
    assert summary.done_percent == 25
    assert progress([], TODAY).done_percent == 0


def test_consecutive_items_of_one_section_are_grouped_in_order():
    items = [item(DONE, PAST, "1."), item(DONE, PAST, "1."), item(PLANNED, PAST, "2.")]
    table = roadmap_table(items, TODAY)
    assert [(section.title, len(section.rows)) for section in table.sections] == [
        ("1.", 2),
        ("2.", 1),
    ]
    assert table.sections[1].rows[0].state_label == "Просрочено"
