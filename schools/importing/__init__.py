"""Import of the school registry from ФИС ОКО files and from the registry's own export.

``plan_import`` reads and checks the whole file and returns an ImportPlan: row-numbered errors
and warnings in Russian and the changes the file would make, with nothing saved. ``apply_plan``
saves a valid plan in one transaction with bulk queries. The admin's preview and confirm steps
and ``manage.py import_schools`` go through ``import_registry``, which does both.

The rules:

* Formats (``formats.py``) are told apart by the header row: the logins list
  (логин, имя, регион), the context data (Пользователь, Муниципалитет, Школа with "code | name"
  cells, numbered questions), and the registry's export (``schools.resources``).
* Rows are numbered as Excel numbers them: the header is row 1.
* All or nothing: a file with any error (a missing or malformed login, one school on two rows,
  a municipality not found when creating municipalities is off, a missing column, a value too
  long) saves nothing.
* A row's school is the registry school that has one of its logins or a login with the same key
  (``fisoko_number``): sch223223 and edu223223 are one school, and the login the registry lacks
  is added to it; ksh220028 is a school of its own, not sch220028.
* A school the registry has takes from the file only the fields its format carries reliably:
  the logins list gives the short name; the context data the full name, phone, e-mail, address
  and settlement; the registry export every column, the municipality and the type included.
  Empty cells never erase. Otherwise the type is derived from the name for new schools only,
  so a type corrected by hand stays.
* Municipalities are found by the rules in ``municipalities.py``. A school the registry has
  stays in its municipality (only the registry export moves it); a new school needs its
  municipality found, or created from the file's name and code when creating municipalities is
  on, or the row is an error.
* Importing the same file again changes nothing.
"""

from django.db import transaction

from .applying import ImportResult, apply_plan
from .formats import REGISTRY_COLUMNS
from .planning import ImportPlan, plan_import
from .reading import EXTENSIONS
from .records import Problem

__all__ = [
    "EXTENSIONS",
    "REGISTRY_COLUMNS",
    "ImportPlan",
    "ImportResult",
    "Problem",
    "apply_plan",
    "import_registry",
    "plan_import",
]


def import_registry(
    data,
    filename,
    *,
    create_municipalities=False,
    provision=False,
    provision_later=True,
    dry_run=False,
):
    """Plan the import and, unless the file has errors or ``dry_run``, apply it atomically
    (``apply_plan`` tells what ``provision`` and ``provision_later`` do).

    Return (plan, result); result is None when nothing was saved.
    """
    with transaction.atomic():
        plan = plan_import(
            data, filename, create_municipalities=create_municipalities, provision=provision
        )
        if dry_run or not plan.is_valid:
            return plan, None
        return plan, apply_plan(plan, provision=provision, provision_later=provision_later)
