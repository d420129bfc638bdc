"""Small numbers: what the public may see of a result of few participants.

A result of fewer than ``RESULTS_PUBLIC_MIN_PARTICIPANTS`` (10) pupils shows no shares publicly:
no marks' shares or counts, no mean, no success rate, in pages, charts and open data alike. With
seven pupils one «2» is 14 %: a share that names a child to anyone who knows the class, and
says nothing about the school. The number of participants stays. Coordinators see everything in
the admin. The rules' own minimum (``RESULTS_MIN_PARTICIPANTS``, 5) is another matter: below it
a result is not judged at all.

Every public door asks ``shows_shares``; none compares with the setting itself.
"""

from django.conf import settings

HIDDEN = "слишком мало участников, чтобы показывать доли"


def public_minimum():
    return settings.RESULTS_PUBLIC_MIN_PARTICIPANTS


def shows_shares(participants, minimum=None):
    """Whether a result of ``participants`` pupils may show its shares, mean and rates in
    public: an int gives a bool, a pandas Series a Series of them. ``minimum`` defaults to
    ``RESULTS_PUBLIC_MIN_PARTICIPANTS``; pure callers pass it."""
    if minimum is None:
        minimum = public_minimum()
    return participants >= minimum
