"""Reading deployment configuration from environment variables, with django-environ."""

import os
from collections.abc import Mapping

import environ
from django.core.exceptions import ImproperlyConfigured


class _SetVariables(Mapping):
    """os.environ without its blank variables: `ALLOWED_HOSTS=` in an env file counts as unset,
    so a default applies, or a required variable stops the start with «Set the … variable»."""

    def __getitem__(self, name):
        value = os.environ[name].strip()
        if not value:
            raise KeyError(name)
        return value

    def __iter__(self):
        return (name for name, value in os.environ.items() if value.strip())

    def __len__(self):
        return sum(1 for _ in self)


env = environ.Env()
env.ENVIRON = _SetVariables()
# django-environ reads a value starting with "$" as the name of another variable; "\$" escapes it
# (a generated SECRET_KEY may start with "$").
env.escape_proxy = True

SENDFILE_BACKENDS = {
    "python": None,
    "nginx": "django_sendfile.backends.nginx",
    "xsendfile": "django_sendfile.backends.xsendfile",
}


def sendfile_backend(default):
    """SENDFILE_BACKEND for the variable of that name: None for "python", where Wagtail's
    document view streams the file itself; "nginx" or "xsendfile" let the proxy send it."""
    name = env.str("SENDFILE_BACKEND", default=default)
    if name not in SENDFILE_BACKENDS:
        raise ImproperlyConfigured(
            f"SENDFILE_BACKEND {name!r} is not one of {', '.join(SENDFILE_BACKENDS)}."
        )
    return SENDFILE_BACKENDS[name]
