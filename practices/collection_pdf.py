"""The «Сборник лучших практик» typeset as a PDF by WeasyPrint.

The book is one HTML document (``practices/collection_pdf.html``) and one print stylesheet
(``static/css/collection-pdf.css``): A4 pages, a cover, the contents with page numbers from CSS
``target-counter``, every practice on a new page, h1/h2 as PDF bookmarks. Fonts come from the
system through fontconfig (DejaVu or Liberation, both with Cyrillic). Rendering never touches the
network: the URL fetcher serves uploaded images from the media storage and refuses anything else.
"""

import functools
import hashlib
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urljoin

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from site_cms.absolute_urls import page_url
from site_cms.models import InstituteSettings

TEMPLATE = "practices/collection_pdf.html"
STYLESHEET = "css/collection-pdf.css"
# Relative addresses in the book resolve against this made-up origin; ``.invalid`` can never
# be a real host, so nothing resolved against it can leak to the network.
BASE_URL = "https://collection.invalid/"


class LocalFilesFetcher(URLFetcher):
    """Serves files of the media storage (image renditions); refuses every other address."""

    def fetch(self, url, headers=None):
        name = media_name(url)
        if name is None:
            raise ValueError(f"the collection PDF loads no outside resources: {url}")
        with default_storage.open(name, "rb") as file:
            body = file.read()
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def media_name(url):
    """The storage name of a media address, or None for any other address."""
    prefix = urljoin(BASE_URL, settings.MEDIA_URL)
    if not url.startswith(prefix):
        return None
    name = unquote(url.removeprefix(prefix).split("?", 1)[0].split("#", 1)[0])
    parts = name.split("/")
    if not name or ".." in parts or name.startswith("/"):
        return None
    return name


def book_context(collection, practices):
    for practice in practices:
        # Printed for people to read and type: Cyrillic as letters, not percent-escapes.
        practice.print_url = unquote(page_url(practice))
    site = collection.get_site()
    published = collection.last_published_at or timezone.now()
    return {
        "collection": collection,
        "practices": practices,
        "institute": InstituteSettings.for_site(site) if site else None,
        "year": timezone.localtime(published).year,
    }


@functools.cache
def layout_digest():
    """What the book looks like: its stylesheet and template. A release that changes either
    renames the stored books (``collection_files.stored_name``), so they are typeset anew."""
    digest = hashlib.sha256(Path(finders.find(STYLESHEET)).read_bytes())
    digest.update(get_template(TEMPLATE).template.source.encode())
    return digest.hexdigest()[:16]


def render_html(collection, practices):
    return render_to_string(TEMPLATE, book_context(collection, practices))


def render_pdf(collection, practices):
    """The collection as PDF bytes. Built by the task worker (or for an editor's preview):
    there is no request, addresses come from the site's root URL."""
    html = render_html(collection, practices)
    font_config = FontConfiguration()
    stylesheet = CSS(filename=finders.find(STYLESHEET), font_config=font_config)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=LocalFilesFetcher())
    # PDF/UA: a tagged PDF that screen readers can follow (headings, lists, reading order);
    # it takes no longer to typeset, only the file grows.
    return document.write_pdf(
        stylesheets=[stylesheet], font_config=font_config, pdf_variant="pdf/ua-1"
    )
