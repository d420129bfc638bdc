"""Template helpers of the schools' public pages."""

from django import template

register = template.Library()


@register.filter
def choice_label(bound_block):
    """The label of a ChoiceBlock's value: ``{{ value.bound_blocks.kind|choice_label }}``."""
    choices = dict(bound_block.block.field.choices)
    return choices.get(bound_block.value, bound_block.value)
