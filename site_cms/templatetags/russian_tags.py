"""Russian grammar for the templates of every app: ``{% load russian_tags %}``."""

from django import template

register = template.Library()


@register.filter
def ru_plural(number, forms):
    """The Russian word form for ``number``: ``{{ n|ru_plural:"школа,школы,школ" }}``."""
    one, few, many = forms.split(",")
    number = abs(int(number))
    if number % 10 == 1 and number % 100 != 11:
        return one
    if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        return few
    return many
