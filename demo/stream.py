"""Builders of StreamField blocks in their stored (JSON) form, for the blocks of site_cms.blocks.

Pages take a list of these dicts as a StreamField value; Wagtail validates and renders them like
blocks an editor made. Ids are derived from the content, so reloading the demo gives the same ids.
"""

import hashlib
import html
import uuid


def block(block_type, value):
    """A stored block of ``block_type``; its id comes from its content, so reloading keeps it."""
    digest = hashlib.sha1(f"{block_type}:{value!r}".encode()).hexdigest()
    return {"type": block_type, "value": value, "id": str(uuid.UUID(digest[:32]))}


def heading(text, level="h2"):
    return block("heading", {"text": text, "level": level})


def paragraph(*parts):
    """Rich text from paragraphs of HTML; a part already starting with a tag is taken as is."""
    return block("paragraph", "".join(_html(part) for part in parts))


def bullets(items, intro=""):
    """A paragraph block holding an optional lead-in and a bulleted list."""
    lead = _html(intro) if intro else ""
    return block("paragraph", lead + ul(items))


def ul(items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def ol(items):
    return "<ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>"


def _html(part):
    return part if part.startswith("<") else f"<p>{part}</p>"


def page_link(page, text=None):
    return f'<a linktype="page" id="{page.pk}">{html.escape(text or page.title)}</a>'


def document_link(document, text=None):
    return f'<a linktype="document" id="{document.pk}">{html.escape(text or document.title)}</a>'


def image(image_obj, alt_text, caption=""):
    return block(
        "image",
        {
            "image": {"image": image_obj.pk, "alt_text": alt_text, "decorative": False},
            "caption": caption,
        },
    )


def document(document_obj, title=""):
    return block("document", {"document": document_obj.pk, "title": title})


def table(rows, caption, *, header_row=True, header_column=False):
    """A TableBlock: ``rows`` is a list of lists of plain strings, the first row the header."""
    choice = {
        (True, True): "both",
        (True, False): "row",
        (False, True): "column",
        (False, False): "neither",
    }[(header_row, header_column)]
    return block(
        "table",
        {
            "data": [[str(cell) for cell in row] for row in rows],
            "cell": [],
            "mergeCells": [],
            "first_row_is_table_header": header_row,
            "first_col_is_header": header_column,
            "table_header_choice": choice,
            "table_caption": caption,
        },
    )


def callout(text, title="", tone="info"):
    return block("callout", {"tone": tone, "title": title, "text": _html(text)})


def link(label, page=None, url="", description=None):
    value = {"label": label, "page": page.pk if page else None, "url": url}
    if description is not None:
        value["description"] = description
    return block("link", value)
