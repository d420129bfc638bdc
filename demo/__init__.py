"""The demo site, kept apart from the apps it fills: ``python manage.py load_demo``.

One loader per part of the site (``site``, ``schools``, ``events``, ``roadmaps``, ``practices``,
``indicators``, ``skills``), run in the order of the command's LOADERS. Texts and lists are TOML
files in ``content/``, read by ``data.read`` (the task descriptions are CSV tables there, read by
the real importer); documents and materials are small sample files in ``files/``, stored by
``media.store_file``, which writes a file only when its bytes change.
"""
