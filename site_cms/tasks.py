"""Background tasks of the site shell: sending e-mail, and retrying a task that failed.

django-tasks runs a task once; what must get through (an e-mail, an index update) catches its
error and calls ``retry``, which enqueues the task again after a growing delay.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.utils import timezone
from django_tasks import task

from .mail import message_from_data

logger = logging.getLogger(__name__)

ATTEMPTS = 6
# The first retry after a minute, then 2, 4, 8 and 16: half an hour of outage is survived.
FIRST_DELAY = timedelta(minutes=1)


def retry(message, failed_task, *args, attempt):
    """Call from the ``except`` block of a task that takes ``attempt`` (1 for its first run):
    logs ``message`` and enqueues the task again later; after the last attempt the error is
    raised, so that the worker records the task as failed."""
    if attempt >= ATTEMPTS:
        logger.error("%s: попыток — %s, все неудачны", message, attempt)
        raise
    delay = FIRST_DELAY * 2 ** (attempt - 1)
    logger.warning("%s (попытка %s), повтор через %s", message, attempt, delay, exc_info=True)
    # The immediate backend of tests cannot wait: it runs the retry at once.
    if failed_task.get_backend().supports_defer:
        failed_task = failed_task.using(run_after=timezone.now() + delay)
    failed_task.enqueue(*args, attempt=attempt + 1)


@task()
def send_email(message, attempt=1):
    """Send one e-mail queued by ``mail.TaskEmailBackend`` (``message`` is its data)."""
    try:
        with get_connection(settings.EMAIL_DELIVERY_BACKEND) as connection:
            connection.send_messages([message_from_data(message)])
    except Exception:
        retry("Письмо не отправлено", send_email, message, attempt=attempt)
