"""Small text-only PDF documents for the demo, written with fpdf2 in a system Cyrillic font."""

from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import CommandError
from fpdf import FPDF

# Fonts with Cyrillic that Debian and most systems have (fonts-dejavu-core, fonts-liberation).
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/Library/Fonts/Arial.ttf",
    "C:/Windows/Fonts/arial.ttf",
)

FIXED_DATE = datetime(2024, 1, 1, tzinfo=UTC)


def cyrillic_font():
    for candidate in FONT_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    raise CommandError(
        "Для демонстрационных PDF нужен шрифт с кириллицей: "
        "установите пакет fonts-dejavu-core (apt-get install fonts-dejavu-core)."
    )


def build_pdf(title, paragraphs, *, author="", subject=""):
    """Return the bytes of an A4 PDF with the title and paragraphs, paginated."""
    pdf = FPDF(format="A4")
    pdf.set_lang("ru")
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_subject(subject)
    # A fixed date: the same text gives the same bytes, so reloading the demo changes nothing.
    pdf.set_creation_date(FIXED_DATE)
    pdf.add_font("Body", fname=cyrillic_font())
    pdf.set_margins(20, 20)
    pdf.add_page()
    pdf.set_font("Body", size=16)
    pdf.multi_cell(0, 8, title)
    pdf.ln(4)
    pdf.set_font("Body", size=11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph)
        pdf.ln(2)
    return bytes(pdf.output())
