"""Feedback read from the database: ratings of many events in one query, one event's answers."""

from django.db.models import Count, Sum

from .models import Feedback
from .rating import Rating


def ratings(event_ids):
    """{event id: Rating} for the events among ``event_ids`` with answers, in one query."""
    rows = (
        Feedback.objects.filter(event_id__in=list(event_ids))
        .values("event_id")
        .annotate(total=Sum("usefulness"), count=Count("pk"))
        .order_by()
    )
    return {row["event_id"]: Rating(row["total"], row["count"]) for row in rows}


def score_counts(event):
    """{score: answers} of one event."""
    rows = (
        Feedback.objects.filter(event=event)
        .values("usefulness")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["usefulness"]: row["count"] for row in rows}
