"""The hours a certificate states, from the event's dates.

A timed event counts its sessions' length (every date of a series), an all-day event
``ALL_DAY_HOURS`` for each of its days; the sum is rounded to the nearest half hour, halves up.
"""

from decimal import ROUND_HALF_UP, Decimal

ALL_DAY_HOURS = 6  # a day of a seminar: six hours of sessions


def certificate_hours(session, sessions, *, days=None):
    """Hours of ``sessions`` sessions lasting ``session`` (a timedelta) each, or, for an
    all-day event, of ``days`` days each."""
    if days is not None:
        hours = Decimal(ALL_DAY_HOURS * days * sessions)
    else:
        hours = Decimal(round(session.total_seconds()) * sessions) / 3600
    return (hours * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2
