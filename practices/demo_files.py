"""Small real files for the demo materials: DOCX, PPTX and XLSX, byte-for-byte reproducible.

DOCX and PPTX are written as the minimal set of Office Open XML parts that Word, PowerPoint
and LibreOffice open (content types, relationships, the document or presentation with one
master, layout and theme); XLSX comes from openpyxl. Every zip member gets a fixed date and the
document properties a fixed time, so reloading the demo gives the same bytes and keeps the files.
"""

import io
import re
import zipfile
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.styles import Font

FIXED_ZIP_DATE = (2024, 1, 1, 0, 0, 0)
FIXED_W3CDTF = "2024-01-01T00:00:00Z"

XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CORE_REL = f"{PKG_RELS}/metadata/core-properties"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CT_OFFICE = "application/vnd.openxmlformats-officedocument"


def _zip(parts):
    """A zip of ``parts`` (name → text or bytes), in order, with fixed dates and deflate."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data.encode() if isinstance(data, str) else data)
    return buffer.getvalue()


def _content_types(overrides):
    items = "".join(
        f'<Override PartName="/{name}" ContentType="{kind}"/>' for name, kind in overrides
    )
    return (
        XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{items}</Types>"
    )


def _rels(targets):
    """Relationships: ``targets`` is a list of (type suffix or full type, target)."""
    items = "".join(
        f'<Relationship Id="rId{number}" '
        f'Type="{kind if kind.startswith("http") else f"{DOC_RELS}/{kind}"}" Target="{target}"/>'
        for number, (kind, target) in enumerate(targets, start=1)
    )
    return f'{XML_HEAD}<Relationships xmlns="{PKG_RELS}">{items}</Relationships>'


def _core(title, author):
    return (
        XML_HEAD + "<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(author)}</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_W3CDTF}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_W3CDTF}</dcterms:modified>'
        "</cp:coreProperties>"
    )


# --- DOCX --------------------------------------------------------------------------------------


def _docx_paragraph(text, *, size=None, bold=False):
    props = ("<w:b/>" if bold else "") + (f'<w:sz w:val="{size}"/>' if size else "")
    run_props = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:p><w:r>{run_props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def build_docx(title, paragraphs, *, author=""):
    """A one-section A4 Word document: the title in bold, then the paragraphs."""
    body = _docx_paragraph(title, size=32, bold=True) + "".join(
        _docx_paragraph(text) for text in paragraphs
    )
    document = (
        f'{XML_HEAD}<w:document xmlns:w="{W_NS}"><w:body>{body}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" '
        'w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>'
    )
    return _zip(
        {
            "[Content_Types].xml": _content_types(
                [
                    ("word/document.xml", f"{CT_OFFICE}.wordprocessingml.document.main+xml"),
                    (
                        "docProps/core.xml",
                        "application/vnd.openxmlformats-package.core-properties+xml",
                    ),
                ]
            ),
            "_rels/.rels": _rels(
                [("officeDocument", "word/document.xml"), (CORE_REL, "docProps/core.xml")]
            ),
            "word/document.xml": document,
            "docProps/core.xml": _core(title, author),
        }
    )


# --- PPTX --------------------------------------------------------------------------------------

SLIDE_W, SLIDE_H = 12192000, 6858000  # 16:9 in EMU
_THEME_COLOURS = (
    ("dk1", '<a:srgbClr val="000000"/>'),
    ("lt1", '<a:srgbClr val="FFFFFF"/>'),
    ("dk2", '<a:srgbClr val="1F3A5F"/>'),
    ("lt2", '<a:srgbClr val="EEF2F7"/>'),
    ("accent1", '<a:srgbClr val="1F5FA8"/>'),
    ("accent2", '<a:srgbClr val="2E8B57"/>'),
    ("accent3", '<a:srgbClr val="C0504D"/>'),
    ("accent4", '<a:srgbClr val="8064A2"/>'),
    ("accent5", '<a:srgbClr val="4BACC6"/>'),
    ("accent6", '<a:srgbClr val="F79646"/>'),
    ("hlink", '<a:srgbClr val="0563C1"/>'),
    ("folHlink", '<a:srgbClr val="954F72"/>'),
)
_SOLID = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
_LINE = f'<a:ln w="9525">{_SOLID}</a:ln>'
THEME = (
    f'{XML_HEAD}<a:theme xmlns:a="{A_NS}" name="Demo"><a:themeElements>'
    '<a:clrScheme name="Demo">'
    + "".join(f"<a:{name}>{colour}</a:{name}>" for name, colour in _THEME_COLOURS)
    + '</a:clrScheme><a:fontScheme name="Demo">'
    '<a:majorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont>'
    '<a:minorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont>'
    '</a:fontScheme><a:fmtScheme name="Demo">'
    f"<a:fillStyleLst>{_SOLID * 3}</a:fillStyleLst>"
    f"<a:lnStyleLst>{_LINE * 3}</a:lnStyleLst>"
    "<a:effectStyleLst>"
    + "<a:effectStyle><a:effectLst/></a:effectStyle>"
    * 3
    + "</a:effectStyleLst>"
    f"<a:bgFillStyleLst>{_SOLID * 3}</a:bgFillStyleLst>"
    "</a:fmtScheme></a:themeElements></a:theme>"
)
_GROUP = (
    '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
    '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/>'
    '<a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>'
)
_CLR_MAP = (
    '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" '
    'accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" '
    'folHlink="folHlink"/>'
)
SLIDE_MASTER = (
    f'{XML_HEAD}<p:sldMaster xmlns:a="{A_NS}" xmlns:r="{DOC_RELS}" xmlns:p="{P_NS}">'
    f"<p:cSld><p:spTree>{_GROUP}</p:spTree></p:cSld>{_CLR_MAP}"
    '<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst>'
    "</p:sldMaster>"
)
SLIDE_LAYOUT = (
    f'{XML_HEAD}<p:sldLayout xmlns:a="{A_NS}" xmlns:r="{DOC_RELS}" xmlns:p="{P_NS}" '
    'type="blank" preserve="1">'
    f'<p:cSld name="Blank"><p:spTree>{_GROUP}</p:spTree></p:cSld>'
    "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"
)


def _text_box(shape_id, name, y, height, paragraphs, size):
    runs = "".join(
        f'<a:p><a:r><a:rPr lang="ru-RU" sz="{size}"/><a:t>{escape(text)}</a:t></a:r></a:p>'
        for text in paragraphs
    )
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr txBox="1"/><p:nvPr/>'
        f'</p:nvSpPr><p:spPr><a:xfrm><a:off x="609600" y="{y}"/>'
        f'<a:ext cx="{SLIDE_W - 1219200}" cy="{height}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
        f'<p:txBody><a:bodyPr wrap="square"><a:normAutofit/></a:bodyPr><a:lstStyle/>{runs}'
        "</p:txBody></p:sp>"
    )


def _slide(heading, lines):
    shapes = _text_box(2, "Заголовок", 457200, 1143000, [heading], 3200) + _text_box(
        3, "Текст", 1752600, 4572000, lines, 2000
    )
    return (
        f'{XML_HEAD}<p:sld xmlns:a="{A_NS}" xmlns:r="{DOC_RELS}" xmlns:p="{P_NS}">'
        f"<p:cSld><p:spTree>{_GROUP}{shapes}</p:spTree></p:cSld>"
        "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"
    )


def build_pptx(title, slides, *, author=""):
    """A 16:9 presentation: ``slides`` is a list of (heading, lines); the title goes first."""
    slides = [(title, [author] if author else []), *slides]
    numbers = range(1, len(slides) + 1)
    ct = f"{CT_OFFICE}.presentationml"
    parts = {
        "[Content_Types].xml": _content_types(
            [
                ("ppt/presentation.xml", f"{ct}.presentation.main+xml"),
                ("ppt/slideMasters/slideMaster1.xml", f"{ct}.slideMaster+xml"),
                ("ppt/slideLayouts/slideLayout1.xml", f"{ct}.slideLayout+xml"),
                ("ppt/theme/theme1.xml", f"{CT_OFFICE}.theme+xml"),
                *((f"ppt/slides/slide{n}.xml", f"{ct}.slide+xml") for n in numbers),
                ("docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
            ]
        ),
        "_rels/.rels": _rels(
            [("officeDocument", "ppt/presentation.xml"), (CORE_REL, "docProps/core.xml")]
        ),
        "docProps/core.xml": _core(title, author),
        "ppt/presentation.xml": (
            f'{XML_HEAD}<p:presentation xmlns:a="{A_NS}" xmlns:r="{DOC_RELS}" xmlns:p="{P_NS}">'
            '<p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>'
            "<p:sldIdLst>"
            + "".join(f'<p:sldId id="{255 + n}" r:id="rId{n + 2}"/>' for n in numbers)
            + f'</p:sldIdLst><p:sldSz cx="{SLIDE_W}" cy="{SLIDE_H}"/>'
            '<p:notesSz cx="6858000" cy="9144000"/></p:presentation>'
        ),
        "ppt/_rels/presentation.xml.rels": _rels(
            [
                ("slideMaster", "slideMasters/slideMaster1.xml"),
                ("theme", "theme/theme1.xml"),
                *(("slide", f"slides/slide{n}.xml") for n in numbers),
            ]
        ),
        "ppt/slideMasters/slideMaster1.xml": SLIDE_MASTER,
        "ppt/slideMasters/_rels/slideMaster1.xml.rels": _rels(
            [("slideLayout", "../slideLayouts/slideLayout1.xml"), ("theme", "../theme/theme1.xml")]
        ),
        "ppt/slideLayouts/slideLayout1.xml": SLIDE_LAYOUT,
        "ppt/slideLayouts/_rels/slideLayout1.xml.rels": _rels(
            [("slideMaster", "../slideMasters/slideMaster1.xml")]
        ),
        "ppt/theme/theme1.xml": THEME,
    }
    for number, (heading, lines) in zip(numbers, slides, strict=True):
        parts[f"ppt/slides/slide{number}.xml"] = _slide(heading, lines)
        parts[f"ppt/slides/_rels/slide{number}.xml.rels"] = _rels(
            [("slideLayout", "../slideLayouts/slideLayout1.xml")]
        )
    return _zip(parts)


# --- XLSX --------------------------------------------------------------------------------------

_MODIFIED = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def build_xlsx(title, header, rows, *, author=""):
    """A one-sheet table template: a bold header row and example rows, columns widened."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    workbook.properties.title, workbook.properties.creator = title, author
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for column, name in zip(sheet.iter_cols(min_row=1, max_row=1), header, strict=True):
        sheet.column_dimensions[column[0].column_letter].width = max(14, len(name) + 4)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    # openpyxl stamps the save time into the properties and the zip entries: re-pack without it.
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["docProps/core.xml"] = _MODIFIED.sub(
        rb"\g<1>" + FIXED_W3CDTF.encode() + rb"\g<2>", parts["docProps/core.xml"]
    )
    return _zip(parts)
