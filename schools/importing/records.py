"""What the formats read from a file and what the importer says about it."""

from dataclasses import dataclass, field

from .cells import name_key


@dataclass(frozen=True)
class Problem:
    """A reason to reject the file (an error) or a remark on it (a warning).

    ``line`` is the row as Excel numbers it: the header is row 1, the first school row 2.
    """

    message: str
    line: int | None = None

    def __str__(self):
        return f"Строка {self.line}: {self.message}" if self.line else self.message


@dataclass(frozen=True)
class MunicipalityRef:
    """A municipality as a file names it: a name, and a ФИС ОКО code when the file has one."""

    name: str
    code: str = ""
    region: str = ""

    @property
    def key(self):
        return self.code or name_key(self.name)

    def __str__(self):
        return f"{self.code} | {self.name}" if self.code else self.name


@dataclass
class SchoolRecord:
    """One school as one row of a file describes it.

    ``values`` holds the School fields the row fills, never with an empty value: an empty cell
    does not erase what the registry knows. ``context`` holds, likewise, the SchoolContext
    fields of the school year ``context_year`` (context data only).
    """

    line: int
    codes: list[str]
    municipality: MunicipalityRef
    values: dict[str, str] = field(default_factory=dict)
    context: dict[str, object] = field(default_factory=dict)
    context_year: int | None = None
