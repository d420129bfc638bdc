"""Links from a practice's terms to the bank filtered by them."""

from django import template

from practices.facets import filtered_url

register = template.Library()


@register.simple_tag
def bank_filter_url(bank_url, key, value):
    """``{% bank_filter_url bank_url "subject" subject.slug %}``: the bank showing that term."""
    return filtered_url(bank_url, key, value)
