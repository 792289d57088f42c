"""Fuzzing the inventory importer: random headers, cells, types, blank rows, formulas, huge text, bad dates.

Contract: reading gives an ``InventoryResult`` or one ``InputError`` line naming the file (and sheet where
there is one); every skipped row is a one-line ``RowProblem`` naming sheet, row and column; the systems
read are valid and, added to a plan, give a plan that saves and reads back; the source file is unchanged.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.engine import model as m
from app.engine.references import structural_problems
from app.errors import InputError
from app.importers.cells import MAX_WHOLE as CELL_MAX_WHOLE
from app.importers.columns import FIELDS
from app.importers.inventory import (
    InventoryResult,
    format_report,
    guess_columns,
    inventory_edit,
    read_inventory,
)
from app.storage import interchange
from tests.fuzz.helpers import assert_input_error, assert_one_line, fingerprint, scratch_folder
from tests.importers.workbooks import HEADERS, write_workbook

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what openpyxl refuses to write in a cell

BASE = m.Plan(
    m.Project("Base", date(2026, 4, 1)),
    systems=(m.System("S01", "Avaya Aura PBX", "current", "acd"),
             m.System("T1", "Cloud IVR", "target", "ivr")),
    phases=(m.Phase("P1", "Wave 1"),),
)

known_headers = st.sampled_from(sorted({h for f in FIELDS for h in (f.header, f.key, *f.synonyms)}
                                       | set(HEADERS)))
headers = st.one_of(known_headers, known_headers, st.none(), st.text(max_size=15))

text_cells = st.one_of(
    st.sampled_from((
        "", " ", "-", "n/a", "TBC", "#DIV/0!", "#REF!", "=SUM(A1:A3)", "=1/0", "Total", "Source: finance",
        "£12,000", "£12k", "1.2m", "(500)", "-5", "£-1", "12,x00", "1e400", "9" * 400, "nan", "inf",
        "31/03/2027", "31/02/2027", "2027-06-30", "1 Apr 2027", "31/3/27", "31/12/0001", "00/00/0000",
        "31/12/9999", "13/13/2013", "99999", "90 days", "3 months", "2 years", "Yes", "no", "OFFICIAL",
        "official-sensitive", "SECRET", "restricted", "current", "Target", "legacy", "retire", "keep",
        "IVR", "ACD / queueing / routing", "wfm", "nonsense kind", "S01", "T1, T2", "Avaya Aura PBX",
        "Wave 1", "a\nb", "line\r\nbreak", "\u2028", "tab\tin", "’quotes’ «»", "💥", "x" * 3000,
        "1" * 20_000 + "!",
    )),
    st.text(max_size=30),
)
number_cells = st.one_of(
    st.sampled_from((0, -1, 1, 25, 10**30, -(10**30), 2**53, 2**63, 0.5, -0.0, 1e300, -1e300, 25000, 45000.0,
                     80001)),
    st.integers(), st.floats(allow_nan=False, allow_infinity=False),
)
other_cells = st.sampled_from((None, True, False, datetime(2027, 3, 31), datetime(1900, 1, 1),
                               datetime(9999, 12, 31, 23, 59), date(2026, 2, 28), time(12, 30),
                               timedelta(days=3)))
cells = st.one_of(text_cells, text_cells, number_cells, other_cells, st.none())


@st.composite
def sheets(draw: st.DrawFn) -> list[list[Any]]:
    """A sheet: optional title rows, a header row (mostly known names), data rows with blanks among them."""
    width = draw(st.integers(1, 9))
    rows: list[list[Any]] = [[draw(text_cells)] for _ in range(draw(st.integers(0, 2)))]
    header = [draw(headers) for _ in range(width)]
    if draw(st.integers(0, 4)):  # mostly a table someone meant as an inventory: it names its systems
        names = st.sampled_from(("Name", "System", "Application name"))
        header[draw(st.integers(0, width - 1))] = draw(names)
    rows.append(header)
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.integers(0, 5)) == 0:
            rows.append([])
        else:
            rows.append([draw(cells) for _ in range(draw(st.integers(0, width + 1)))])
    return rows


def _check_result(result: InventoryResult, path: Path) -> None:
    """Every system valid, every problem one line naming sheet/row/column, the plan sound after the edit."""
    ids = [s.id for s in result.systems]
    assert len(set(ids)) == len(ids)
    existing = {s.id for s in BASE.systems}
    assert not set(ids) & existing
    for system in result.systems:
        assert system.name.strip()
        assert system.estate in m.ESTATES
        assert system.kind == "" or system.kind in m.COMPONENT_KIND_KEYS
        assert system.action in m.SYSTEM_ACTIONS
        assert system.classification in m.CLASSIFICATIONS
        for whole in (system.seats, system.notice_days, system.renewal_months):
            assert whole is None or (type(whole) is int and 0 <= whole <= CELL_MAX_WHOLE)
        for money in (system.annual_run_cost, system.exit_fee):
            assert math.isfinite(money) and money >= 0
        assert system.contract_end is None or type(system.contract_end) is date
        assert set(system.replaced_by) <= set(ids) | existing
    for problem in result.problems:
        assert problem.row > result.guess.header_row
        assert problem.sheet == result.guess.sheet
        assert problem.reason.strip()
        assert_one_line(str(problem))
    for note in result.notes:
        assert_one_line(note)
    assert result.rows_read >= len(result.systems)
    report = format_report(result, path)
    assert report.splitlines()[0].startswith("Imported ")
    if result.systems:
        plan = inventory_edit(BASE, result).apply(BASE).plan
        assert not structural_problems(plan)
        assert interchange.parse_text(interchange.dumps(plan)) == plan


def _read(path: Path, mapping: dict[str, int] | None = None) -> InventoryResult | None:
    before = fingerprint(path)
    try:
        guess = guess_columns(path)
        assert guess.header_row >= 1
        result: InventoryResult | None = read_inventory(
            path, mapping, existing_ids=[s.id for s in BASE.systems],
            existing_names={s.name: s.id for s in BASE.systems})
    except InputError as error:
        assert_input_error(error, path)
        result = None
    if result is not None:
        _check_result(result, path)
    assert fingerprint(path) == before, "reading changed the source file"
    return result


def _csv_text(rows: list[list[Any]], delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


@given(sheets(), st.sampled_from((",", ";", "\t", "|")),
       st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "cp1252")))
def test_csv_inventories_read_or_fail_cleanly(rows: list[list[Any]], delimiter: str, encoding: str) -> None:
    with scratch_folder() as folder:
        path = folder / "estate.csv"
        path.write_bytes(_csv_text(rows, delimiter).encode(encoding, errors="replace"))
        _read(path)


@given(st.binary(max_size=400), st.sampled_from(("estate.csv", "estate.xlsx", "estate.txt", "estate.xlsm")))
def test_arbitrary_bytes_are_refused_or_read_cleanly(data: bytes, name: str) -> None:
    with scratch_folder() as folder:
        path = folder / name
        path.write_bytes(data)
        _read(path)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return _ILLEGAL.sub("", value)[:32_767]  # Excel's longest cell
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 1e300:
        return float(value) if abs(value) < 1e308 else None  # openpyxl cannot write such integers
    return value


@settings(max_examples=20)
@given(sheets(), st.sampled_from(("Inventory", "Estate 'A' £", "Sheet1")), st.booleans())
def test_workbook_inventories_read_or_fail_cleanly(rows: list[list[Any]], title: str, extra: bool) -> None:
    with scratch_folder() as folder:
        path = folder / "estate.xlsx"
        cleaned = [[_clean(v) for v in row] for row in rows]
        others: dict[str, Sequence[Sequence[object]]] | None = (
            {"Notes": [["Prepared by", "J. Smith"]], "Lookups": [[1, 2, 3]]} if extra else None)
        write_workbook(path, cleaned, sheet=title, extra_sheets=others)
        _read(path)


@settings(max_examples=15)
@given(sheets(), st.dictionaries(st.sampled_from([f.key for f in FIELDS] + ["colour", ""]),
                                 st.integers(-2, 12), max_size=6))
def test_any_column_mapping_reads_or_fails_cleanly(rows: list[list[Any]], mapping: dict[str, int]) -> None:
    with scratch_folder() as folder:
        path = folder / "estate.csv"
        path.write_text(_csv_text(rows, ","), encoding="utf-8")
        _read(path, mapping)


# --- the cases that once escaped -------------------------------------------------------------------------


def _patched_workbook(folder: Path, replacements: dict[str, str]) -> Path:
    """A workbook whose sheet XML holds numbers openpyxl cannot write (``<v>1000...0</v>``)."""
    plain = write_workbook(folder / "plain.xlsx", [("Name", "Seats", "Annual cost", "Notice period"),
                                                   ("PBX", 777001, 777002, 777003), ("IVR", 1e300, 5, 1e20)])
    target = folder / "estate.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                for old, new in replacements.items():
                    data = data.replace(old.encode(), new.encode())
            out.writestr(info, data)
    return target


def test_integers_beyond_float_and_sqlite_are_row_problems(tmp_path: Path) -> None:
    huge = {"777001": "1" + "0" * 30, "777002": "9" * 400, "777003": "-" + "9" * 30}
    path = _patched_workbook(tmp_path, huge)
    result = _read(path)
    assert result is not None and not result.systems
    reasons = {(p.row, p.column): p.reason for p in result.problems}
    assert "too large a number of seats" in reasons[(2, "Seats")]
    assert "is not an amount of money" in reasons[(2, "Annual cost")]
    assert reasons[(2, "Annual cost")].endswith("...' is not an amount of money")  # cut short, not 400 digits
    assert "negative" in reasons[(2, "Notice period")]
    assert "too large a number of seats" in reasons[(3, "Seats")]


@pytest.mark.parametrize(("cell", "reason"), [
    ("31/12/0001", "is not a real date (the year is before 1900)"),
    ("0001-01-01", "is not a real date (the year is before 1900)"),
    ("1" * 20_000 + "!", "is not a whole number of seats"),
])
def test_cells_that_once_misread_or_hung(tmp_path: Path, cell: str, reason: str) -> None:
    column = "Contract end" if "/" in cell or "-" in cell else "Seats"
    path = tmp_path / "estate.csv"
    path.write_text(f"Name,{column}\nPBX,{cell}\n", encoding="utf-8")
    result = _read(path)
    assert result is not None and not result.systems
    assert result.problems[0].reason.endswith(reason)
    assert len(result.problems[0].reason) < 200


def test_the_importers_largest_whole_number_is_the_files() -> None:
    """A number a cell may give is one JSON and a project file hold (importers cannot import storage)."""
    assert CELL_MAX_WHOLE == interchange.MAX_WHOLE
