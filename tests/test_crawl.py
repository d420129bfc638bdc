"""Every live page of the demo site and every link on it answers, with no broken links."""

from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from wagtail.models import Page

pytestmark = pytest.mark.django_db

SKIPPED_PREFIXES = ("/admin/",)


def _internal_path(href, base):
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("http", "https", "") or parts.netloc not in ("", "testserver"):
        return None
    if href.startswith(("#", "mailto:", "tel:")):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _links(html, base):
    soup = BeautifulSoup(html, "html.parser")
    targets = [a.get("href") for a in soup.find_all("a", href=True)]
    targets += [tag.get("src") for tag in soup.find_all(["img", "source", "script"], src=True)]
    targets += [link.get("href") for link in soup.find_all("link", href=True)]
    targets += [
        candidate.split()[0]
        for source in soup.find_all("source", srcset=True)
        for candidate in source["srcset"].split(",")
    ]
    return {path for href in targets if (path := _internal_path(href, base))}


def _check_media(path):
    relative = path.removeprefix(settings.MEDIA_URL)
    return (Path(settings.MEDIA_ROOT) / relative).is_file()


def test_every_page_and_link_answers(client, demo_loaded):
    live_pages = [page.url for page in Page.objects.live().public().filter(depth__gt=1).specific()]
    assert len(live_pages) >= 8, "the demo should build a whole site"

    queue, seen, failures = deque(live_pages), set(live_pages), []
    while queue:
        path = queue.popleft()
        if path.startswith(settings.MEDIA_URL):
            if not _check_media(path):
                failures.append((path, "missing media file"))
            continue
        response = client.get(path, follow=True)
        if response.status_code != 200:
            failures.append((path, response.status_code))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for link in _links(response.content.decode(), path) - seen:
            if not link.startswith(SKIPPED_PREFIXES):
                seen.add(link)
                queue.append(link)

    assert not failures, failures
    assert len(seen) > len(live_pages), "links beyond the pages themselves were followed"
