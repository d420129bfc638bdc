"""The demo's search index: rebuilt last by ``manage.py load_demo``, after every other loader.

Publishing indexes pages as the loaders go, but a rebuild also drops what an earlier load left
behind and leaves the index exactly as ``search_index --rebuild`` would.
"""

from django.core.management import call_command


def load(stdout):
    call_command("search_index", "--rebuild", stdout=stdout)
