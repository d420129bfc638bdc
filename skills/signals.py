"""Task descriptions make the page cache stale when they change: school pages show their skills."""

from site_cms.signals import refresh_on_change

from .models import TaskDescription


def connect():
    # Its tasks and code texts are written with it (bulk, without signals) and go with it.
    refresh_on_change(TaskDescription)
