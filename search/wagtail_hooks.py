"""The admin's bulk actions on documents update the search index too (search/signals.py)."""

from wagtail import hooks

from .signals import sync_bulk_changed_materials

hooks.register("after_bulk_action", sync_bulk_changed_materials)
