"""The tasks' maxima a description gives, for the results' import: registered under the import's
``task_maxima`` hook (``wagtail_hooks``), as indicators never imports this app. The 2020–2021
protocols name no maxima in their headers; without a description the import takes the largest
scores, which a task nobody solved in full gets wrong.
"""

from indicators.importing.schools import find_subject, subject_index

from .queries import describe


def described_maxima(year, subject, grade, labels):
    """{label: maximum} of the ``labels`` the description of ``year``'s ВПР in ``subject``
    (the name the protocol gives) and ``grade`` knows, or None without one."""
    subject_pk = find_subject(subject_index(), subject)
    if subject_pk is None:
        return None
    described = describe(labels, year, subject_pk, grade)
    return {label: info.max_points for label, info in described.items()} or None
