"""The application a worker serves has its long-lived objects frozen out of the collector."""

import gc

from config.serving import frozen_application


def test_the_served_application_has_its_modules_frozen():
    gc.unfreeze()
    try:
        application = frozen_application()

        assert gc.get_freeze_count() > 10_000  # the modules, models and views a worker keeps
        assert callable(application)
    finally:
        gc.unfreeze()
