"""Untrusted .xlsx and .csv files -> a ``Table`` of raw cell values, with size caps and clear refusals.

Workbooks are read with openpyxl in read-only, data-only mode (formulas give their saved values and are
never evaluated; macros in .xlsm files are never loaded) and only while defusedxml protects the XML
parser. CSV text is UTF-8 (with or without BOM), UTF-16 with BOM, or else Windows-1252 with a note.
"""

from __future__ import annotations

import codecs
import csv
import io
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from app.errors import InputError
from app.importers.cells import is_blank
from app.importers.columns import find_header_row, header_texts, map_headers

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024  # a 50 MB workbook may hold ~700 MB of XML; more is a zip bomb
MAX_ROWS = 200_000
MAX_COLUMNS = 250
# This many blank rows in a row end the sheet: cells formatted down to row 1,048,576 are not data.
BLANK_RUN_END = 1_000
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
Rows = tuple[tuple[object, ...], ...]


@dataclass(frozen=True)
class Table:
    """The cells of one sheet: ``rows[i]`` is spreadsheet row ``i + 1``; trailing blank rows are dropped.

    Attributes:
        sheet: the worksheet's name, or ``None`` for a CSV file.
        rows: raw cell values (``str``, numbers, ``datetime``, ``bool`` or ``None``), padded to one width.
        sheets: every worksheet in the workbook (empty for CSV).
        notes: things the reader did that the user should know (an encoding guess).
        complete: False when only the first rows were read (``limit``).
    """

    sheet: str | None
    rows: tuple[tuple[object, ...], ...]
    sheets: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    complete: bool = True


def read_table(path: str | Path, sheet: str | None = None, limit: int | None = None) -> Table:
    """Read one sheet of ``path`` (the sheet that looks most like an inventory when ``sheet`` is None).

    Args:
        path: an .xlsx/.xlsm workbook or a .csv file (other names are sniffed).
        sheet: the worksheet to read; ignored for CSV.
        limit: read at most this many rows (for a quick look at the headers).

    Raises:
        InputError: missing, too big, not a workbook or CSV, damaged, or no such sheet.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", path=path) from None
    if size > MAX_FILE_BYTES:
        raise InputError(f"the file is {size / 1048576:.0f} MB; ccplan imports inventories up to "
                         f"{MAX_FILE_BYTES // 1048576} MB (split it, or delete unused sheets)", path=path)
    suffix = path.suffix.lower()
    if head.startswith(_OLE_MAGIC):
        raise InputError("not an Excel workbook ccplan can read: it is an Excel 97-2003 (.xls) file or is "
                         "password-protected; save it as .xlsx without a password and import that", path=path)
    if suffix == ".ods":
        raise InputError("OpenDocument spreadsheets are not supported: save it as .xlsx", path=path)
    if suffix in WORKBOOK_SUFFIXES or head.startswith(_ZIP_MAGIC):
        return _read_workbook(path, sheet, limit)
    return _read_csv(path, limit)


# --- workbooks --------------------------------------------------------------------------------------------


def _check_workbook_zip(path: Path) -> None:
    not_workbook = InputError(f"not an Excel workbook: '{path.name}' is not an .xlsx file (if it is a "
                              f"CSV file, name it .csv)", path=path)
    if not zipfile.is_zipfile(path):
        raise not_workbook
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise not_workbook from None
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or not any(n.endswith("workbook.xml") for n in names):
        raise not_workbook
    if sum(info.file_size for info in infos) > MAX_UNZIPPED_BYTES:
        raise InputError("the workbook unpacks to more than 1 GB; ccplan refuses it", path=path)


def _open_workbook(handle: io.BufferedReader, path: Path) -> object:
    import openpyxl
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:
        raise InputError("refusing to read a workbook without defusedxml installed (it protects against "
                         "malicious XML); reinstall ccplan", path=path)
    try:
        return openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_vba=False,
                                      keep_links=False)
    except Exception as exc:  # untrusted input: any parser failure means "damaged", never a traceback
        raise InputError(f"not an Excel workbook, or it is damaged ({type(exc).__name__}: {exc})",
                         path=path) from None


def _read_workbook(path: Path, sheet: str | None, limit: int | None) -> Table:
    _check_workbook_zip(path)
    with warnings.catch_warnings(), path.open("rb") as handle:
        # openpyxl warns about features it drops (data validation extensions, conditional formats): we
        # only read values, so those warnings are noise, and pytest would turn them into errors.
        warnings.simplefilter("ignore", UserWarning)
        workbook = _open_workbook(handle, path)
        try:
            worksheets = {ws.title: ws for ws in workbook.worksheets}  # type: ignore[attr-defined]
            if not worksheets:
                raise InputError("the workbook has no worksheets", path=path)
            if sheet is None:
                sheet = _likeliest_sheet(worksheets, path)
            elif sheet not in worksheets:
                raise InputError(f"no sheet called '{sheet}' (sheets: {', '.join(worksheets)})", path=path)
            rows, complete = _sheet_rows(worksheets[sheet], path, sheet, limit)
        except InputError:
            raise
        except Exception as exc:  # damaged XML inside a valid zip surfaces lazily, while rows are parsed
            raise InputError(f"the workbook is damaged ({type(exc).__name__}: {exc})", path=path) from None
        finally:
            workbook.close()  # type: ignore[attr-defined]
    return Table(sheet, rows, tuple(worksheets), (), complete)


def _likeliest_sheet(worksheets: dict[str, object], path: Path) -> str:
    best_name, best_score = next(iter(worksheets)), -1
    for name, ws in worksheets.items():
        rows, _ = _sheet_rows(ws, path, name, 30)
        index = find_header_row(rows)
        if index is None:
            continue
        score = len(map_headers(header_texts(rows[index], rows[index - 1] if index else ())))
        if score > best_score:
            best_name, best_score = name, score
    return best_name


def _sheet_rows(ws: object, path: Path, sheet: str, limit: int | None) -> tuple[Rows, bool]:
    ws.reset_dimensions()  # type: ignore[attr-defined]  # trust the cells, not a stale <dimension> tag
    values = ws.iter_rows(values_only=True)  # type: ignore[attr-defined]
    return _collect(values, path, f"sheet '{sheet}'", limit)


def _collect(rows: Iterable[Iterable[object]], path: Path, where: str,
             limit: int | None) -> tuple[Rows, bool]:
    kept: list[tuple[object, ...]] = []
    blank_run, width, complete = 0, 0, True
    for number, raw in enumerate(rows, start=1):
        row = list(raw)
        while row and is_blank(row[-1]):
            row.pop()
        if not row:
            blank_run += 1
            if blank_run >= BLANK_RUN_END:
                break
            kept.append(())
            continue
        blank_run = 0
        if len(row) > MAX_COLUMNS:
            raise InputError(f"row {number} has {len(row)} columns; ccplan reads at most {MAX_COLUMNS}",
                             path=path, where=where)
        if number > MAX_ROWS:
            raise InputError(f"more than {MAX_ROWS:,} rows; split the inventory into several files",
                             path=path, where=where)
        width = max(width, len(row))
        kept.append(tuple(row))
        if limit is not None and number >= limit:
            complete = False
            break
    while kept and not kept[-1]:
        kept.pop()
    return tuple(r + (None,) * (width - len(r)) for r in kept), complete


def formula_cells(path: str | Path, sheet: str, rows: Iterable[int], column: int) -> set[int]:
    """Return which of ``rows`` (1-based) hold a formula in ``column`` (0-based) of a workbook sheet.

    Used only to explain an empty required cell: a formula saved without its value (files written by
    scripts rather than Excel) reads as empty in data-only mode.
    """
    import openpyxl

    wanted = set(rows)
    found: set[int] = set()
    if not wanted:
        return found
    with warnings.catch_warnings(), Path(path).open("rb") as handle:
        warnings.simplefilter("ignore", UserWarning)
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=False)
        try:
            ws = workbook[sheet]
            ws.reset_dimensions()
            for number, row in enumerate(ws.iter_rows(max_row=max(wanted), values_only=True), start=1):
                if number in wanted and column < len(row):
                    value = row[column]
                    if isinstance(value, str) and value.startswith("="):
                        found.add(number)
        finally:
            workbook.close()
    return found


# --- CSV ----------------------------------------------------------------------------------------------------


def _decode(data: bytes, path: Path) -> tuple[str, tuple[str, ...]]:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), ()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), ()
    if b"\x00" in data[:65536]:
        raise InputError(f"not a CSV file or an Excel workbook: '{path.name}' holds binary data", path=path)
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        note = (f"{path.name} is not UTF-8, so it was read as Windows-1252 (what Excel's plain 'CSV' "
                f"saves); check £ signs and accented names")
        return data.decode("cp1252", errors="replace"), (note,)


def _delimiter(text: str) -> str:
    sample = text[:65536]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        lines = [line for line in sample.splitlines()[:30] if line.strip()]
        counts = {d: sum(line.count(d) for line in lines) for d in ",;\t|"}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _read_csv(path: Path, limit: int | None) -> Table:
    data = path.read_bytes()
    text, notes = _decode(data, path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))

    def records() -> Iterator[list[str]]:
        try:
            yield from reader
        except csv.Error as exc:
            raise InputError(f"not a readable CSV file ({exc})", path=path,
                             where=f"row {reader.line_num}") from None

    rows, complete = _collect(records(), path, "", limit)
    return Table(None, rows, (), notes, complete)
