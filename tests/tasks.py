"""Fixtures for background tasks. The test settings run every task at once (ImmediateBackend);
``task_queue`` keeps them queued instead, to see what a request leaves for the worker."""

import pytest
from django_tasks import default_task_backend


@pytest.fixture(autouse=True)
def email_through_tasks(settings):
    """E-mail goes through the task queue as on the site. Django's test runner puts the locmem
    backend in EMAIL_BACKEND; here it is the delivery backend, filling mail.outbox."""
    settings.EMAIL_BACKEND = "site_cms.mail.TaskEmailBackend"


class TaskQueue:
    """The tasks queued while the worker is away (django-tasks' DummyBackend keeps them)."""

    @property
    def queued(self):
        return default_task_backend.results

    def names(self):
        return [result.task.name for result in self.queued]

    def take(self, name):
        """Remove the queued results of the task ``name`` from the queue and return them."""
        taken = [result for result in self.queued if result.task.name == name]
        self.queued[:] = [result for result in self.queued if result not in taken]
        return taken

    def run(self):
        """Run the queued tasks, and those they queue, as the worker would (at once, whatever
        their ``run_after``)."""
        while self.queued:
            result = self.queued.pop(0)
            result.task.call(*result.args, **result.kwargs)


@pytest.fixture
def task_queue(settings):
    """Tasks wait in a queue instead of running at once, as on the site between requests."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return TaskQueue()
