"""Create-or-update of pages, so the demo loader can run any number of times."""


def publish_page(parent, page_class, slug, *, user=None, **fields):
    """Find the child of ``parent`` with ``slug`` (or create it), set ``fields``, publish.

    Publishing goes through a revision, as an editor's would: the page is live, has a revision
    history and ``last_published_at``. If another app has already put a page of its own type
    at this slug, that page is left alone and None is returned.
    """
    existing = parent.get_children().filter(slug=slug).first()
    if existing is None:
        page = page_class(slug=slug, live=False, owner=user)
    else:
        page = existing.specific
        if not isinstance(page, page_class):
            return None
    for name, value in fields.items():
        setattr(page, name, value)
    if page.pk is None:
        parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True).publish(user=user)
    page.refresh_from_db()
    return page
