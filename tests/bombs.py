"""Files that cost a reader far more than they weigh, built in a moment for the limit tests.

* ``zip_archive`` writes a zip archive by hand, so that a member can be a deflate stream of a
  gigabyte made by repeating one compressed block (zipfile would compress the gigabyte itself);
* ``workbook`` wraps a sheet's XML into the smallest XLSX calamine and pandas read;
* the ``*_sheet`` functions are the sheets of the known «cell bombs».

``measure`` tells the peak of Python memory (tracemalloc) and the time of a call.
"""

import random
import struct
import time
import tracemalloc
import zlib

MEGABYTE = 1024 * 1024
LOCAL_HEADER = struct.Struct("<4s5H3L2H")
CENTRAL_HEADER = struct.Struct("<4s6H3L5H2L")
END_RECORD = struct.Struct("<4s4H2LH")
STORED, DEFLATED = 0, 8
SHEET = "xl/worksheets/sheet1.xml"
SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
SHEET_OPEN = SHEET_START + b"<sheetData>"
SHEET_CLOSE = b"</sheetData></worksheet>"


class Member:
    """A member of ``zip_archive``: its name, stored bytes, method, CRC-32 and size."""

    def __init__(self, name, data, *, method=STORED, crc=None, size=None):
        self.name = name.encode()
        self.data = data
        self.method = method
        self.crc = zlib.crc32(data) if crc is None else crc
        self.size = len(data) if size is None else size


def stored(name, text):
    return Member(name, text.encode() if isinstance(text, str) else text)


def deflated(name, data, level=6):
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    packed = compressor.compress(data) + compressor.flush()
    return Member(name, packed, method=DEFLATED, crc=zlib.crc32(data), size=len(data))


def repeated(name, block, times, *, head=b"", tail=b""):
    """A member of ``head``, ``block`` repeated ``times`` times and ``tail``, each compressed
    once: after a full flush a deflate stream refers to nothing before it, so a block's copies
    can follow one another."""
    parts = [_flushed(head), _flushed(block) * times]
    final = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts.append(final.compress(tail) + final.flush())
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(block) * times + len(tail)
    return Member(name, b"".join(parts), method=DEFLATED, crc=crc, size=size)


def zip_archive(*members, prefix=b"", suffix=b""):
    """A zip archive of ``members``, with ``prefix`` before it and ``suffix`` after."""
    body, directory = bytearray(prefix), bytearray()
    for member in members:
        offset = len(body)
        fields = (20, 0, member.method, 0, 0x21, member.crc, len(member.data), member.size)
        body += LOCAL_HEADER.pack(b"PK\x03\x04", *fields, len(member.name), 0)
        body += member.name + member.data
        directory += CENTRAL_HEADER.pack(
            b"PK\x01\x02", 20, *fields, len(member.name), 0, 0, 0, 0, 0, offset
        )
        directory += member.name
    end = END_RECORD.pack(
        b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), len(body), 0
    )
    return bytes(body + directory + end + suffix)


def workbook(sheet):
    """An XLSX file whose one sheet is the Member ``sheet`` (named xl/worksheets/sheet1.xml)."""
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    )
    relations = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="{target}" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/{kind}"/></Relationships>'
    )
    book = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    return zip_archive(
        stored("[Content_Types].xml", types),
        stored("_rels/.rels", relations.format(target="xl/workbook.xml", kind="officeDocument")),
        stored("xl/workbook.xml", book),
        stored(
            "xl/_rels/workbook.xml.rels",
            relations.format(target="worksheets/sheet1.xml", kind="worksheet"),
        ),
        sheet,
    )


def sheet_xml(rows, dimension=None):
    declared = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
    return SHEET_START + declared + b"<sheetData>" + rows + SHEET_CLOSE


def compressed_cells_sheet(rows=60_000, columns=100):
    """The bomb of the issue: 6 million cells whose XML compresses a thousand times."""
    row = b"<row>" + b"<c><v>1</v></c>" * columns + b"</row>"
    return repeated(SHEET, row * 1000, rows // 1000, head=SHEET_OPEN, tail=SHEET_CLOSE)


def unreferenced_cells_sheet(rows=40_000, columns=100):
    """4 million cells without references, with random values: it compresses about ten times,
    like a real sheet, so that only counting its cells finds it out."""
    randomness = random.Random(0)
    block = b"".join(
        b"<row>"
        + b"".join(b"<c><v>%d</v></c>" % randomness.randrange(10**6) for _ in range(columns))
        + b"</row>"
        for _ in range(1000)
    )
    return repeated(SHEET, block, rows // 1000, head=SHEET_OPEN, tail=SHEET_CLOSE)


def referenced_cells_sheet(rows=40_000, columns=100):
    """4 million cells written as Excel writes them, ``<c r="AB12">``, each row its own."""
    letters = [_letters(number).encode() for number in range(1, columns + 1)]
    template = b'<row r="#">' + b"".join(b'<c r="%s#"><v>7</v></c>' % c for c in letters)
    template += b"</row>"
    body = b"".join(template.replace(b"#", b"%d" % number) for number in range(1, rows + 1))
    return deflated(SHEET, SHEET_OPEN + body + SHEET_CLOSE, level=1)


def far_apart_sheet(prefix=""):
    """Two cells, A1 and ZZ100000: calamine lays out the 70 million between them."""
    c, row = f"{prefix}c".encode(), f"{prefix}row".encode()
    rows = b'<%s r="1"><%s r="A1"><v>1</v></%s></%s>' % (
        row,
        c,
        c,
        row,
    ) + b'<%s r="100000"><%s r="ZZ100000"><v>2</v></%s></%s>' % (row, c, c, row)
    return deflated(SHEET, sheet_xml(rows))


def declared_sheet():
    """A sheet that declares A1:XFD1048576, every cell of a sheet, and holds one."""
    return deflated(SHEET, sheet_xml(b'<row r="1"><c r="A1"><v>1</v></c></row>', "A1:XFD1048576"))


def measure(call):
    """(peak of Python memory in bytes, seconds) of ``call()``. It runs twice: once timed, once
    under tracemalloc, which makes every allocation several times slower."""
    started = time.perf_counter()
    call()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    try:
        call()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak, seconds


def _flushed(data):
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


def _letters(number):
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
