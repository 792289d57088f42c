"""Import a contact-centre estate inventory (.xlsx or .csv) as ``System`` values, with a row-level report.

``guess_columns`` finds the header row and which column holds which field, for the GUI to show and
correct; ``read_inventory`` reads every row into memory and names each skipped row; ``inventory_edit``
turns the result into one undoable edit; ``format_report`` is the text the CLI prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from app.engine.edits import CompoundEdit, Edit, InsertItems, next_id
from app.engine.model import Phase, Plan, System
from app.errors import InputError
from app.importers.cells import shown_text
from app.importers.columns import FIELD_BY_KEY, display_headers, find_header_row, header_texts, map_headers
from app.importers.rows import RowProblem, convert_rows
from app.importers.sheets import Table, formula_cells, read_table

__all__ = ["ColumnGuess", "InventoryResult", "RowProblem", "format_report", "guess_columns",
           "guess_table", "inventory_edit", "read_inventory", "read_table", "read_table_inventory"]

PREVIEW_ROWS = 20
# Enough rows for the header search (30) and a preview below it.
_GUESS_LIMIT = 80


@dataclass(frozen=True)
class ColumnGuess:
    """Where the table is and which column holds which field.

    Attributes:
        sheet: the worksheet read, or ``None`` for CSV.
        header_row: the header row's number as the spreadsheet shows it (1-based).
        headers: each column's header ("Column F" for a blank one).
        mapping: field key (``name``, ``vendor``, ...) -> 0-based column index.
        preview: the first data rows as shown text, one tuple per row, one entry per column.
        unmatched: headers of columns no field is mapped to.
    """

    sheet: str | None
    header_row: int
    headers: tuple[str, ...]
    mapping: dict[str, int]
    preview: tuple[tuple[str, ...], ...]
    unmatched: tuple[str, ...]


@dataclass(frozen=True)
class InventoryResult:
    """Everything read from an inventory: the systems to add and every row skipped, with why.

    Attributes:
        systems: the systems built from good rows, in sheet order, with ids unique in the plan.
        problems: one entry per bad cell or row (a row may have several); sorted by row.
        rows_read: data rows read (blank rows, repeated headers, totals and notes are not counted).
        guess: the columns used.
        notes: things worth knowing that skipped nothing (an encoding guess, re-numbered ids, a note row).
    """

    systems: tuple[System, ...]
    problems: tuple[RowProblem, ...]
    rows_read: int
    guess: ColumnGuess
    notes: tuple[str, ...] = ()

    @property
    def skipped_rows(self) -> int:
        """How many data rows were not imported."""
        return len({p.row for p in self.problems})


def guess_table(table: Table, header_row: int | None = None) -> ColumnGuess:
    """Return the column guess for an already read ``table``.

    Args:
        table: the sheet's cells.
        header_row: the 1-based header row to use; found automatically when ``None``.

    Raises:
        InputError: the sheet is empty (no header row found), or ``header_row`` is outside it.
    """
    where = f"sheet '{table.sheet}'" if table.sheet else None
    if header_row is None:
        index = find_header_row(table.rows)
        if index is None:
            raise InputError("no header row found: the sheet is empty (the first row of the inventory should "
                             "name its columns, such as Name, Supplier, Seats)", where=where)
    else:
        index = header_row - 1
        if not 0 <= index < len(table.rows):
            raise InputError(f"no header row found at row {header_row}: the sheet has {len(table.rows)} rows",
                             where=where)
    above = table.rows[index - 1] if index else ()
    texts = header_texts(table.rows[index], above)
    headers = display_headers(texts)
    mapping = map_headers(texts)
    used = set(mapping.values())
    preview: list[tuple[str, ...]] = []
    for row in table.rows[index + 1:]:
        if len(preview) == PREVIEW_ROWS:
            break
        if any(v is not None and shown_text(v) for v in row):
            preview.append(tuple(shown_text(v) for v in row))
    unmatched = tuple(h for i, h in enumerate(headers) if i not in used and texts[i])
    return ColumnGuess(table.sheet, index + 1, headers, mapping, tuple(preview), unmatched)


def guess_columns(path: str | Path, sheet: str | None = None, header_row: int | None = None) -> ColumnGuess:
    """Find the header row of ``path`` and guess which column holds which field (reads only the top rows).

    Raises:
        InputError: the file cannot be read, is not a workbook or CSV, or the sheet is empty.
    """
    table = read_table(path, sheet, limit=_GUESS_LIMIT)
    try:
        return guess_table(table, header_row)
    except InputError as exc:
        raise exc.located(path) from None


def read_inventory(path: str | Path, mapping: dict[str, int] | None = None, sheet: str | None = None,
                   existing_ids: Iterable[str] = (), *, header_row: int | None = None,
                   existing_names: Mapping[str, str] | None = None) -> InventoryResult:
    """Read every row of an inventory into ``System`` values and a problem for each row skipped.

    Args:
        path: an .xlsx/.xlsm workbook or a .csv file.
        mapping: field -> 0-based column, as corrected by a user; the guess when ``None``.
        sheet: the worksheet; the one that looks most like an inventory when ``None``.
        existing_ids: system ids already in the plan: new ids never clash with them.
        header_row: the 1-based header row; found automatically when ``None``.
        existing_names: names of systems already in the plan (name -> id): rows repeating one are
            skipped, and ``Replaced by`` may name them.

    Raises:
        InputError: the file cannot be read at all, or no column is mapped to Name.
    """
    table = read_table(path, sheet)
    try:
        return read_table_inventory(table, mapping, existing_ids, header_row=header_row,
                                    existing_names=existing_names, path=path)
    except InputError as exc:
        raise exc.located(path) from None


def read_table_inventory(table: Table, mapping: dict[str, int] | None = None,
                         existing_ids: Iterable[str] = (), *, header_row: int | None = None,
                         existing_names: Mapping[str, str] | None = None,
                         path: str | Path | None = None) -> InventoryResult:
    """``read_inventory`` over a table already read (the dialog re-reads with each changed mapping).

    Raises:
        InputError: no column is mapped to Name, or a mapped column is outside the table.
    """
    guess = guess_table(table, header_row)
    if mapping is not None:
        guess = ColumnGuess(guess.sheet, guess.header_row, guess.headers, dict(mapping), guess.preview,
                            tuple(h for i, h in enumerate(guess.headers) if i not in set(mapping.values())))
    where = f"sheet '{table.sheet}'" if table.sheet else None
    unknown = sorted(set(guess.mapping) - set(FIELD_BY_KEY))
    if unknown:
        raise InputError(f"unknown field(s) in the column mapping: {', '.join(unknown)}", where=where)
    outside = [k for k, i in guess.mapping.items() if not 0 <= i < len(guess.headers)]
    if outside:
        raise InputError(f"the column mapping points outside the sheet for: {', '.join(outside)}",
                         where=where)
    if "name" not in guess.mapping:
        raise InputError(f"no column is mapped to Name (headers found at row {guess.header_row}: "
                         f"{', '.join(guess.headers) or 'none'})", where=where)
    probe = None
    if path is not None and table.sheet is not None:
        sheet_name, source = table.sheet, path

        def probe(rows: Iterable[int], column: int) -> set[int]:
            return formula_cells(source, sheet_name, rows, column)

    found = convert_rows(table.rows, guess.header_row - 1, guess.headers, guess.mapping, table.sheet,
                         existing_ids, existing_names, probe)
    return InventoryResult(tuple(found.systems), tuple(found.problems), found.rows_read, guess,
                           table.notes + tuple(found.notes))


def _phase_ids(plan: Plan, systems: Iterable[System]) -> tuple[dict[str, str], list[Phase]]:
    """Map each phase text of ``systems`` to a phase id of ``plan`` (by id or name), creating the rest."""
    known: dict[str, str] = {}
    for phase in plan.phases:
        known.setdefault(phase.name.casefold().strip(), phase.id)
    for phase in plan.phases:
        known[phase.id.casefold()] = phase.id
    used = {p.id for p in plan.phases}
    created: list[Phase] = []
    resolved: dict[str, str] = {}
    for system in systems:
        text = system.phase
        if text is None or text in resolved:
            continue
        phase_id = known.get(text.casefold().strip())
        if phase_id is None:
            phase_id = next_id(used, "P")
            used.add(phase_id)
            created.append(Phase(phase_id, text))
            known[text.casefold().strip()] = phase_id
        resolved[text] = phase_id
    return resolved, created


def inventory_edit(plan: Plan, result: InventoryResult) -> CompoundEdit:
    """Return one undoable edit that adds ``result``'s systems to ``plan`` (and any phase they name).

    A phase cell naming a phase of the plan (by id or name) refers to it; other phase names become new
    phases. Ids that clash with ``plan`` (the result was read against another plan) are renumbered.
    """
    resolved, created = _phase_ids(plan, result.systems)
    taken = {s.id for s in plan.systems}
    used = taken | {s.id for s in result.systems}
    renamed: dict[str, str] = {}
    for system in result.systems:
        if system.id in taken:
            renamed[system.id] = next_id(used, "S")
            used.add(renamed[system.id])
    edits: list[Edit] = [InsertItems("phases", tuple(created))] if created else []
    edits.append(InsertItems("systems", tuple(_retarget(s, resolved, renamed) for s in result.systems)))
    count = len(result.systems)
    return CompoundEdit(tuple(edits), f"Import {count} system{'s' if count != 1 else ''}")


def _retarget(system: System, phases: dict[str, str], renamed: dict[str, str]) -> System:
    return replace(
        system,
        id=renamed.get(system.id, system.id),
        phase=phases.get(system.phase) if system.phase is not None else None,
        replaced_by=tuple(renamed.get(r, r) for r in system.replaced_by),
    )


def format_report(result: InventoryResult, path: str | Path) -> str:
    """Return the import report: a summary line, then one line per problem and per note.

    Example: ``Imported 48 of 50 rows from estate.xlsx; 2 skipped:`` then
    ``  Inventory!row 14, column 'Annual cost': '£12,x00' is not an amount of money``.
    """
    name = Path(path).name
    imported = len(result.systems)
    skipped = result.rows_read - imported
    if skipped or result.problems:
        lines = [f"Imported {imported} of {result.rows_read} rows from {name}; {skipped} skipped:"]
        lines += [f"  {problem}" for problem in result.problems]
    else:
        lines = [f"Imported {imported} of {result.rows_read} rows from {name}."]
    lines += [f"Note: {note}" for note in result.notes]
    return "\n".join(lines)
