from .base import *  # noqa: F403
from .environment import env

# `make demo` turns it off (DEBUG=false), so that the demo shows the site's own 404 and 500 pages.
DEBUG = env.bool("DEBUG", default=True)
SERVE_MEDIA = True
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-not-secret")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

# Serve static files straight from the source folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
