"""Grading scales: the minimum total primary scores that earn the marks 3, 4 and 5.

A ВПР protocol gives each pupil's total primary score; the mark comes from the scale that
ФИС ОКО publishes every year per subject and grade (шкала перевода баллов в отметки).
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Scale:
    """Marks for total scores: below ``min3`` 2, from ``min3`` 3, from ``min4`` 4, from ``min5`` 5.

    ``max_score`` is the work's maximum total score when known; scores above it are errors.
    """

    min3: float
    min4: float
    min5: float
    max_score: float | None = None

    def __post_init__(self):
        if not 0 <= self.min3 < self.min4 < self.min5:
            raise ValueError(
                "Шкала: пороги отметок должны возрастать: "
                f"«3» с {self.min3:g}, «4» с {self.min4:g}, «5» с {self.min5:g}"
            )
        if self.max_score is not None and self.max_score < self.min5:
            raise ValueError(
                f"Шкала: максимальный балл {self.max_score:g} меньше порога «5» ({self.min5:g})"
            )

    @classmethod
    def parse(cls, text, max_score=None):
        """A scale from "T3,T4,T5" (the command's ``--scale``), e.g. "6,10,14"."""
        parts = [part.strip() for part in str(text).replace(";", ",").split(",")]
        try:
            values = [float(part) for part in parts]
        except ValueError:
            values = []
        if len(values) != 3:
            raise ValueError(
                f"Шкала «{text}»: нужны три числа через запятую — "
                "минимальные баллы для отметок 3, 4 и 5, например «6,10,14»"
            )
        return cls(*values, max_score=max_score)

    def __str__(self):
        text = f"«3» с {self.min3:g}, «4» с {self.min4:g}, «5» с {self.min5:g}"
        return text if self.max_score is None else f"{text}, максимум {self.max_score:g}"


def marks(scores, scale):
    """The marks (2–5) for a Series of total scores; a missing score gives a missing mark."""
    values = pd.to_numeric(scores, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    thresholds = np.array([scale.min3, scale.min4, scale.min5])
    result = 2 + np.searchsorted(thresholds, values, side="right")
    index = scores.index if isinstance(scores, pd.Series) else None
    return pd.Series(result, index=index, dtype="Int8").mask(np.isnan(values))
