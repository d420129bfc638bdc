"""A roadmap as an XLSX workbook in the import's own format, so it can be edited and re-imported."""

from django.utils import timezone

from site_cms.exporting import XLSX_CONTENT_TYPE, append_row, download, xlsx_bytes, xlsx_sheet

from .status import LABELS, is_overdue

HEADER = [
    "№",
    "Мероприятия",
    "Сроки",
    "Ответственные",
    "Участники",
    "Прогнозируемый результат",
    "Статус",
    "Начало",
    "Окончание",
    "Срок выполнения",
    "Просрочено",
]
WIDTHS = [8, 60, 22, 40, 30, 50, 16, 12, 12, 16, 12]
DATE_FORMAT = "DD.MM.YYYY"


def _item_row(item, today):
    return [
        item.number,
        item.activity,
        item.deadline,
        item.responsible,
        item.participants,
        item.expected_result,
        LABELS[item.status],
        item.starts_on,
        item.ends_on,
        item.due_date,
        "да" if is_overdue(item.status, item.due_date, today) else "",
    ]


def export_xlsx(page, items):
    """The bytes of an XLSX workbook with ``page``'s title, its header row and ``items``.

    Editors and imported files wrote the texts: ``append_row`` keeps a «=…» or «- …» text from
    becoming a formula."""
    from openpyxl.styles import Alignment, Font  # when used, as site_cms.exporting does

    today = timezone.localdate()
    workbook, sheet = xlsx_sheet("Дорожная карта")
    append_row(sheet, [page.title])
    sheet["A1"].font = Font(bold=True, size=13)
    append_row(sheet, HEADER)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    section = ""
    for item in items:
        if item.section != section:
            section = item.section
            append_row(sheet, [section])
            sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        append_row(sheet, _item_row(item, today))
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.column >= 8:
                cell.number_format = DATE_FORMAT
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[sheet.cell(2, column).column_letter].width = width
    sheet.freeze_panes = "A3"
    return xlsx_bytes(workbook)


def xlsx_response(page):
    """A download of ``page``'s items as XLSX, named after its slug (Cyrillic ones too)."""
    content = export_xlsx(page, page.table_items())
    return download(content, XLSX_CONTENT_TYPE, f"{page.slug}.xlsx")
