"""Addresses of pages read as rows, without a page object each."""

from urllib.parse import quote


def child_url(parent_url, slug):
    """The address of a child page: its parent's and its slug, quoted as Wagtail quotes it
    (``Page.get_url`` goes through ``reverse``): a list of hundreds builds no page for it."""
    return f"{parent_url}{quote(slug)}/"
