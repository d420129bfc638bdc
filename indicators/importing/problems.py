"""What the indicator readers say about a file they cannot take, or take with remarks."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One reason to refuse a file, in plain Russian.

    ``row`` is the row as the user sees it in Excel or a CSV editor: the header is row 1.
    ``None`` means the whole file (a missing column, an empty file, a file of the wrong kind).
    """

    row: int | None
    message: str

    def __str__(self):
        return f"Строка {self.row}: {self.message}" if self.row is not None else self.message


class ImportRefused(Exception):
    """The file has problems and nothing of it is saved."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(str(self))

    def __str__(self):
        return "\n".join(str(problem) for problem in self.problems)
