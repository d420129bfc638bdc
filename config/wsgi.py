import os

from config.serving import frozen_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = frozen_application()
