"""What every import and every uploaded document goes through before anything reads it whole.

* ``limits``: the limits (settings ``IMPORT_MAX_*``), their Russian messages, the file-size
  check and bounded reading of a file;
* ``archives``: a zip archive (XLSX, DOCX, PPTX, ODF) opened only when its declared member count,
  sizes and compression ratios are sane, and its members read in chunks;
* ``workbooks``: an XLSX workbook's declared and real extent (rows, cells) counted in a stream,
  before calamine lays its sheets out in memory;
* ``tables``: small tables typed by people (CSV in either Russian encoding, or XLSX) as rows of
  text cells, within those limits;
* ``wizard``: the admin import screens' shared steps (upload → preview → confirm), the upload
  waiting in private storage for its user's confirmation.

Every check raises ``FileRefused`` with the message the user sees; each import turns it into its
own kind of refusal.
"""
