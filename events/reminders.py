"""Which reminders are due: the day before every event, and the hour before an online one.

Pure: takes an occurrence's start and what was already sent for it, returns the kinds to send.
The command is run every hour (or more often); a reminder is due while its window is open and
not yet sent for that occurrence, so running twice sends nothing new.
"""

import datetime

DAY = "day"
HOUR = "hour"
WINDOWS = {DAY: datetime.timedelta(hours=24), HOUR: datetime.timedelta(hours=1)}


def due(occurrence, now, online, sent_day_for=None, sent_hour_for=None):
    """The reminders to send now for an occurrence starting at ``occurrence``."""
    if occurrence <= now:
        return []
    # Within the hour of an online event only the hour reminder goes (it says all the day's
    # does): one e-mail for a late registrant, not two.
    if online and occurrence - now <= WINDOWS[HOUR]:
        return [HOUR] if sent_hour_for != occurrence else []
    if occurrence - now <= WINDOWS[DAY] and sent_day_for != occurrence:
        return [DAY]
    return []
