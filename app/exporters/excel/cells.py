"""The only place that writes workbook cells (style guide §6): text, money, dates, numbers and formulas.

Every sheet is a write-only (streamed) worksheet filled row by row through a ``Sheet``: its column widths,
frozen panes and page set-up are fixed before the first row, as openpyxl's write-only mode requires. Cell
factories build ``WriteOnlyCell`` objects:

- ``write_text`` forces ``data_type = "s"`` and ``quotePrefix``, so text from a plan that starts with ``=``,
  ``+``, ``-`` or ``@`` is always shown as text, never run as a formula (formula injection);
- ``write_money`` uses the one GBP number format (``£#,##0.00``; ``£#,##0`` on summaries), keeping pennies;
- ``write_formula`` is the only way to write a formula: callers pass formula text built from defined names
  (``defined_name``) or absolute references (``reference``), never from plan text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeAlias

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import absolute_coordinate, get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.properties import PageSetupProperties

MONEY = "£#,##0.00"
MONEY_SUMMARY = "£#,##0"
DATE = "dd/mm/yyyy"
PERCENT = "0.0%"
FACTOR = "0.0000"
INTEGER = "0"
DECIMAL = "0.00"
MAX_TEXT = 32_767  # Excel's limit on the characters of a cell

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
SECTION_FONT = Font(bold=True, size=12, color="1F4E78")
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14, color="1F4E78")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
ROTATED = Alignment(text_rotation=90, horizontal="center")

_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
_UNSAFE_TITLE = re.compile(r"[\\*?:/\[\]]")

Cell: TypeAlias = "XlCell | None"


def safe_title(title: str) -> str:
    """A legal sheet title: no ``\\ * ? : / [ ]``, at most 31 characters (tablib's rule), never empty."""
    cleaned = _UNSAFE_TITLE.sub("-", title).strip("'")[:31]
    return cleaned or "Sheet"


def reference(title: str, ref: str) -> str:
    """An absolute reference to ``ref`` on sheet ``title``, e.g. ``'Cost lines'!$K:$K``."""
    return f"{quote_sheetname(title)}!{absolute_coordinate(ref)}"


def defined_name(wb: Workbook, name: str, title: str, ref: str) -> str:
    """Define workbook name ``name`` for ``ref`` on sheet ``title`` (absolute); return the name."""
    wb.defined_names[name] = DefinedName(name, attr_text=reference(title, ref))
    return name


def criterion(ref: str, escape: bool = False) -> str:
    """A SUMIFS criterion matching the text of cell ``ref`` exactly.

    ``"="&A5`` makes a leading ``=``, ``<`` or ``>`` in the text part of the value, not an operator; with
    ``escape`` the wildcards ``* ? ~`` are escaped too (use it when the text holds one).
    """
    if escape:
        ref = f'SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({ref},"~","~~"),"*","~*"),"?","~?")'
    return f'"="&{ref}'


def needs_escape(text: str) -> bool:
    """True when ``text`` holds a SUMIFS wildcard character."""
    return any(ch in text for ch in "*?~")


def clean_text(value: str) -> str:
    """Text a worksheet can hold: control characters removed, cut to Excel's cell limit."""
    return _ILLEGAL.sub("", value)[:MAX_TEXT]


def write_text(
    ws: WriteOnlyWorksheet,
    value: str | None,
    *,
    font: Font | None = None,
    alignment: Alignment | None = None,
    fill: PatternFill | None = None,
) -> Cell:
    """A text cell that is never a formula (``data_type "s"``, ``quotePrefix``); None for empty text."""
    if value is None or value == "":
        return None
    cell = WriteOnlyCell(ws)
    cell.value = clean_text(str(value))
    cell.data_type = "s"
    cell.quotePrefix = True
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if fill is not None:
        cell.fill = fill
    return cell


def write_money(
    ws: WriteOnlyWorksheet, value: float | None, *, summary: bool = False, font: Font | None = None
) -> Cell:
    """A pounds cell (the GBP format; pennies kept in the value); None stays empty."""
    if value is None:
        return None
    return _number(ws, float(value), MONEY_SUMMARY if summary else MONEY, font)


def write_number(
    ws: WriteOnlyWorksheet,
    value: float | int | None,
    number_format: str = "General",
    font: Font | None = None,
) -> Cell:
    """A number cell in ``number_format``; None stays empty."""
    if value is None:
        return None
    return _number(ws, value, number_format, font)


def write_date(
    ws: WriteOnlyWorksheet,
    value: date | None,
    *,
    font: Font | None = None,
    number_format: str = DATE,
    alignment: Alignment | None = None,
) -> Cell:
    """A real date cell (``dd/mm/yyyy``); None stays empty."""
    if value is None:
        return None
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = number_format
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def write_formula(
    ws: WriteOnlyWorksheet, formula: str, number_format: str = "General", font: Font | None = None
) -> XlCell:
    """A formula cell; ``formula`` starts with ``=`` and refers to defined names or absolute references."""
    if not formula.startswith("="):
        raise ValueError(f"not a formula: {formula!r}")
    cell = WriteOnlyCell(ws, value=formula)
    cell.number_format = number_format
    if font is not None:
        cell.font = font
    return cell


def _number(ws: WriteOnlyWorksheet, value: float | int, number_format: str, font: Font | None) -> XlCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = number_format
    if font is not None:
        cell.font = font
    return cell


def yes_no(ws: WriteOnlyWorksheet, flag: bool) -> Cell:
    """``Yes`` or ``No`` as text."""
    return write_text(ws, "Yes" if flag else "No")


@dataclass(frozen=True)
class Column:
    """A table column: its header, width in characters, and whether its text wraps."""

    header: str
    width: float
    wrap: bool = False


LINE_HEIGHT = 15.0  # points per line of 11-point text
_CHARS_PER_WIDTH = 1.2  # average characters per unit of column width (a unit is one "0")


def text_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes when wrapped in a column ``width`` wide (an estimate)."""
    per_line = max(1, int(width * _CHARS_PER_WIDTH))
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


class Sheet:
    """A write-only worksheet filled row by row; knows the number of the last row written."""

    def __init__(
        self,
        wb: Workbook,
        title: str,
        columns: Sequence[Column] | Sequence[float],
        *,
        freeze: str | None = "A2",
        landscape: bool = True,
    ) -> None:
        """Create the sheet with its widths, frozen panes and page set-up (all before the first row).

        Args:
            wb: a write-only workbook.
            title: the sheet title (sanitised).
            columns: the table columns, or just the column widths.
            freeze: the top-left unfrozen cell, or None.
            landscape: landscape, fit to one page wide (else portrait).
        """
        self.ws: WriteOnlyWorksheet = wb.create_sheet(safe_title(title))
        self.title = self.ws.title
        self.row = 0
        self.columns = len(columns)
        self.widths = [c.width if isinstance(c, Column) else c for c in columns]
        self.wrapped = [i for i, c in enumerate(columns) if isinstance(c, Column) and c.wrap]
        for index, width in enumerate(self.widths, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width
        if freeze:
            self.ws.freeze_panes = freeze
        self.ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        setup = self.ws.page_setup
        setup.orientation = "landscape" if landscape else "portrait"
        setup.paperSize = "9"  # A4
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        self.ws.oddFooter.left.text = "&A"
        self.ws.oddFooter.right.text = "Page &P of &N"

    def set_width(self, column: int, width: float) -> None:
        """Set a column's width (before the first row is written)."""
        self.ws.column_dimensions[get_column_letter(column)].width = width

    def append(self, cells: Iterable[Cell], wrap_all: bool = False) -> int:
        """Append one row of cells (None leaves a cell empty); return its row number.

        Text in the wrapping columns (or in every column with ``wrap_all``) wraps, and the row is made tall
        enough for it (spreadsheets do not size rows on opening a file).
        """
        row = list(cells)
        lines = 1
        wrapped: set[int] = set()
        for index in range(len(row)) if wrap_all else self.wrapped:
            cell = row[index] if index < len(row) else None
            if cell is not None and cell.data_type == "s" and index < len(self.widths):
                wrapped.add(index)
                if not wrap_all:
                    cell.alignment = WRAP
                lines = max(lines, text_lines(str(cell.value), self.widths[index]))
        self.row += 1
        if lines > 1:
            self.ws.row_dimensions[self.row].height = LINE_HEIGHT * lines
            if not wrap_all:
                for index, cell in enumerate(row):
                    if cell is not None and index not in wrapped:
                        cell.alignment = TOP
        self.ws.append(row)
        return self.row

    def blank(self) -> int:
        """Append an empty row."""
        return self.append([])

    def header(self, headers: Sequence[str] | Sequence[Column]) -> int:
        """Append a header row (white on blue, bold, wrapped)."""
        align = Alignment(wrap_text=True, vertical="center", horizontal="center")
        return self.append(
            (
                write_text(
                    self.ws,
                    h.header if isinstance(h, Column) else h,
                    font=HEADER_FONT,
                    fill=HEADER_FILL,
                    alignment=align,
                )
                for h in headers
            ),
            wrap_all=True,
        )

    def section(self, title: str) -> int:
        """Append a section heading in column A."""
        return self.append([write_text(self.ws, title, font=SECTION_FONT)])

    def table(self, header_row: int, last_column: int | None = None) -> None:
        """Mark rows ``header_row``..last row as a table: autofilter, header repeated on printed pages."""
        last = get_column_letter(last_column or self.columns)
        self.ws.auto_filter.ref = f"A{header_row}:{last}{max(self.row, header_row)}"
        self.ws.print_title_rows = f"{header_row}:{header_row}"

    def print_titles(self, rows: str) -> None:
        """Repeat ``rows`` (e.g. ``"1:1"``) at the top of every printed page."""
        self.ws.print_title_rows = rows


def column_range(column: int, first: int, last: int) -> str:
    """``C2:C40``-style range of one column."""
    letter = get_column_letter(column)
    return f"{letter}{first}:{letter}{last}"


def row_range(row: int, first: int, last: int) -> str:
    """``C5:L5``-style range of one row."""
    return f"{get_column_letter(first)}{row}:{get_column_letter(last)}{row}"


def cell_ref(row: int, column: int) -> str:
    """``C5``-style reference."""
    return f"{get_column_letter(column)}{row}"
