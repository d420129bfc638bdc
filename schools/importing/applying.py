"""Saving a valid ImportPlan in one transaction, with bulk queries."""

from dataclasses import dataclass

from django.db import transaction

from site_cms import page_cache

from ..models import Municipality, School, SchoolCode, SchoolContext, fisoko_number
from ..tasks import provision_schools
from .planning import CONTEXT_FIELDS


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int
    municipalities_created: int
    municipalities_updated: int
    provisioned: int
    contexts: int = 0


@transaction.atomic
@page_cache.invalidated_once()
def apply_plan(plan, *, provision=False, provision_later=True):
    """Save the plan's changes; with ``provision``, give each new school its page and section:
    in the task worker (``provision_later``, for the admin's request) or before returning.

    Public pages show the registry: they are made stale once, whatever the pages provisioned."""
    if not plan.is_valid:
        raise ValueError("An import plan with errors cannot be applied.")
    # Bulk queries send no signals.
    page_cache.invalidate()
    # Changed rows are saved with one UPDATE each: Django's bulk_update builds a CASE expression
    # per row and field, which is ten times slower for the 700 schools of a region.
    Municipality.objects.bulk_create(plan.new_municipalities)
    for municipality in plan.changed_municipalities:
        Municipality.objects.filter(pk=municipality.pk).update(
            code=municipality.code,
            region=municipality.region,
            other_names=municipality.other_names,
        )
    new_schools = School.objects.bulk_create([new.school for new in plan.new_schools])
    for change in plan.changed_schools:
        if change.fields:
            values = {name: value for name, (_, value) in change.fields.items()}
            School.objects.filter(pk=change.school.pk).update(**values)
    codes = [(new.school, code) for new in plan.new_schools for code in new.codes]
    codes += [(change.school, code) for change in plan.changed_schools for code in change.new_codes]
    SchoolCode.objects.bulk_create(
        [SchoolCode(school=school, code=code, number=fisoko_number(code)) for school, code in codes]
    )
    # One statement inserts a year's new contexts and overwrites the changed ones.
    SchoolContext.objects.bulk_create(
        [
            SchoolContext(school=change.school, school_year=change.school_year, **change.values)
            for change in plan.contexts
        ],
        update_conflicts=True,
        unique_fields=["school", "school_year"],
        update_fields=list(CONTEXT_FIELDS),
    )
    if provision:
        school_ids = [school.pk for school in new_schools]
        if provision_later:
            provision_schools.enqueue(school_ids)
        else:
            provision_schools.call(school_ids)
    return ImportResult(
        created=len(plan.new_schools),
        updated=len(plan.changed_schools),
        unchanged=plan.unchanged,
        municipalities_created=len(plan.new_municipalities),
        municipalities_updated=len(plan.changed_municipalities),
        provisioned=len(new_schools) if provision else 0,
        contexts=len(plan.contexts),
    )
