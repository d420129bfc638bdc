"""The Wagtail collection that holds every demo image and document."""

from wagtail.models import Collection

NAME = "Демонстрационные материалы"


def demo_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=NAME).first()
    return existing or root.add_child(name=NAME)
