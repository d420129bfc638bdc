"""Every e-mail of the site leaves through the task worker, never inside a request.

``TaskEmailBackend`` is Django's ``EMAIL_BACKEND``: whoever sends (registration confirmations,
stale-section reminders, Wagtail's workflow notifications, password resets) only queues the
message as data for ``site_cms.tasks.send_email``, which delivers it with
``EMAIL_DELIVERY_BACKEND`` (SMTP in production) and retries while the server refuses.
"""

from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend


def message_data(message):
    """What a task needs to send the message again: plain JSON."""
    if message.attachments:
        # Nothing the site sends has attachments; queueing one would need its file as data.
        raise ValueError("E-mail attachments are not queued")
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": message.to,
        "cc": message.cc,
        "bcc": message.bcc,
        "reply_to": message.reply_to,
        "headers": message.extra_headers,
        "alternatives": [list(item) for item in getattr(message, "alternatives", [])],
    }


def message_from_data(data):
    fields = dict(data)  # a retry gets the same data again
    alternatives = fields.pop("alternatives")
    message = EmailMultiAlternatives(**fields)
    for content, mimetype in alternatives:
        message.attach_alternative(content, mimetype)
    return message


class TaskEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        from .tasks import send_email  # the tasks module imports this one

        for message in email_messages:
            send_email.enqueue(message_data(message))
        return len(email_messages)
