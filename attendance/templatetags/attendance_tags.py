"""The participants' average score of past events, for the calendar's templates."""

from django import template

from ..feedback import ratings

register = template.Library()


@register.simple_tag(takes_context=True)
def feedback_rating(context, event):
    """The event's ``Rating`` (None without answers). In a list, the first call rates every
    event of the context's ``events`` in one query and keeps the results on them."""
    if not hasattr(event, "feedback_rating"):
        listed = [item for item in context.get("events") or () if hasattr(item, "pk")]
        found = ratings({item.pk for item in [*listed, event]})
        for item in [*listed, event]:
            item.feedback_rating = found.get(item.pk)
    return event.feedback_rating
