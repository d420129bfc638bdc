"""Participants' feedback in figures: the average usefulness and how the scores spread.

Pure functions of counts; ``feedback.py`` reads the counts from the database.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from site_cms.templatetags.russian_tags import ru_plural

SCORES = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Rating:
    total: int  # the sum of the scores
    count: int  # answers

    @property
    def average(self):
        """The mean score to a tenth, halves up (4,65 → 4,7); None without answers."""
        if not self.count:
            return None
        return (Decimal(self.total) / self.count).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def text(self):
        """«4,6 из 5 — 12 ответов»; "" without answers."""
        if not self.count:
            return ""
        average = str(self.average).replace(".", ",")
        answers = ru_plural(self.count, "ответ,ответа,ответов")
        return f"{average} из 5 — {self.count} {answers}"


def distribution(counts):
    """Rows (score, answers, percent of answers) for scores 5 down to 1, from {score: answers};
    the percents are whole, halves up, and may not add up to exactly 100."""
    total = sum(counts.values())
    rows = []
    for score in reversed(SCORES):
        answers = counts.get(score, 0)
        share = Decimal(100 * answers) / total if total else Decimal(0)
        rows.append((score, answers, int(share.quantize(Decimal(1), ROUND_HALF_UP))))
    return rows
