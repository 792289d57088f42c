"""Data rows of an inventory table -> ``System`` values, and a ``RowProblem`` for every row that is skipped.

Rows are read below the header row; blank rows inside the table are passed over, a repeated header row
or a "Total" row is dropped with a note, and a note under the table ("Source: finance export") ends it.
Everything is built in memory: a caller applies the result in one step or not at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from app.engine.model import System
from app.importers.cells import (
    CellError,
    infer_kind,
    is_blank,
    parse_action,
    parse_classification,
    parse_date,
    parse_estate,
    parse_flag_text,
    parse_kind,
    parse_money,
    parse_text,
    parse_whole,
    shown_text,
    split_list,
)

_PARSERS: dict[str, Callable[[object], object]] = {
    "name": parse_text, "id": parse_text, "estate": parse_estate, "kind": parse_kind, "action": parse_action,
    "vendor": parse_text, "seats": lambda v: parse_whole(v, "seats"), "annual_run_cost": parse_money,
    "contract_end": parse_date, "notice_days": lambda v: parse_whole(v, "days"),
    "renewal_months": lambda v: parse_whole(v, "months"), "exit_fee": parse_money,
    "personal_data": parse_flag_text, "classification": parse_classification, "replaced_by": split_list,
    "phase": parse_text, "number_ranges": split_list, "notes": parse_text,
}
_NOTE_START = re.compile(r"^(sources?|notes?|nb|n\.b\.|key|prepared by|last updated|updated|data as at|as at)"
                         r"\s*[:\-–]", re.IGNORECASE)
_UNIQUE = frozenset({"name", "id", "notes", "replaced_by", "number_ranges"})
_TOTALS = frozenset({"total", "totals", "grand total", "sub total", "subtotal", "sum"})
# Which row numbers a workbook has formulas in, for one column (``sheets.formula_cells`` bound to a file).
FormulaProbe = Callable[[Iterable[int], int], set[int]]


@dataclass(frozen=True)
class RowProblem:
    """Why one row (or one cell of it) was not imported.

    Attributes:
        sheet: the worksheet's name, or ``None`` for CSV.
        row: the row number as the spreadsheet shows it (1-based).
        column: the header of the offending column, or ``None`` for the row as a whole.
        reason: what is wrong, in plain English.
    """

    sheet: str | None
    row: int
    column: str | None
    reason: str

    def __str__(self) -> str:
        place = f"{self.sheet}!row {self.row}" if self.sheet else f"row {self.row}"
        if self.column:
            place += f", column '{self.column}'"
        return f"{place}: {self.reason}"


@dataclass
class _Draft:
    row: int
    values: dict[str, object]
    id: str = ""


@dataclass
class Rows:
    """What ``convert_rows`` found: systems, problems (sorted by row), data rows read and notes."""

    systems: list[System] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    rows_read: int = 0
    notes: list[str] = field(default_factory=list)


def name_key(name: str) -> str:
    """Return a name as duplicates compare: case-folded, spaces collapsed."""
    return " ".join(name.casefold().split())


def _looks_like_note(row: Sequence[object], name_column: int, after_blank: bool) -> bool:
    filled = [(i, v) for i, v in enumerate(row) if not is_blank(v)]
    if len(filled) != 1 or not isinstance(filled[0][1], str):
        return False
    index, text = filled[0][0], str(filled[0][1]).strip()
    if _NOTE_START.match(text):
        return True
    return after_blank and (index != name_column or len(text) > 60)


def convert_rows(rows: Sequence[Sequence[object]], header_index: int, headers: Sequence[str],
                 mapping: Mapping[str, int], sheet: str | None, existing_ids: Iterable[str] = (),
                 existing_names: Mapping[str, str] | None = None,
                 formulas: FormulaProbe | None = None) -> Rows:
    """Turn the rows below ``rows[header_index]`` into systems.

    Args:
        rows: the sheet's cells, ``rows[i]`` being spreadsheet row ``i + 1``.
        header_index: 0-based index of the header row.
        headers: the header shown for each column (names problems).
        mapping: field -> 0-based column; must include ``name``.
        sheet: the sheet name for problems (``None`` for CSV).
        existing_ids: ids already in the plan; new ids never clash with them.
        existing_names: names already in the plan (name -> id): rows repeating one are skipped, and
            ``Replaced by`` may name them.
        formulas: tells which rows hold a formula in a column, to explain cells that read as empty.
    """
    found = Rows()
    drafts, missing_names = _read_drafts(rows, header_index, headers, mapping, sheet, found)
    if missing_names and formulas is not None:
        _explain_formulas(found, missing_names, formulas, mapping["name"], headers, sheet)
    drafts = _drop_duplicates(drafts, existing_names or {}, found, headers, mapping, sheet)
    existing = set(existing_ids)
    id_map = _assign_ids(drafts, existing, found)
    drafts = _resolve_references(drafts, id_map, existing, existing_names or {}, found, headers, mapping,
                                 sheet)
    found.systems = [_system(d) for d in drafts]
    untyped = sum(1 for s in found.systems if not s.kind)
    if untyped:
        found.notes.append(f"{untyped} system(s) have no component type; choose one on the Estate page")
    found.problems.sort(key=lambda p: p.row)
    return found


def _read_drafts(rows: Sequence[Sequence[object]], header_index: int, headers: Sequence[str],
                 mapping: Mapping[str, int], sheet: str | None,
                 found: Rows) -> tuple[list[_Draft], list[int]]:
    drafts: list[_Draft] = []
    missing_names: list[int] = []
    name_column, header = mapping["name"], tuple(rows[header_index])
    blank_run = 0
    # Inventories repeat suppliers, types, dates and prices: parse each distinct cell once per field.
    cache: dict[str, dict[tuple[type, object], object]] = {}
    for index in range(header_index + 1, len(rows)):
        row, number = rows[index], index + 1
        filled = sum(1 for v in row if not is_blank(v))
        if not filled:
            blank_run += 1
            continue
        if filled == 1 and _looks_like_note(row, name_column, blank_run > 0):
            _note_stop(rows, index, found)
            break
        blank_run = 0
        if tuple(row) == header:
            found.notes.append(f"row {number} repeats the header row and was skipped")
            continue
        name_cell = row[name_column] if name_column < len(row) else None
        if isinstance(name_cell, str) and name_key(name_cell) in _TOTALS:
            found.notes.append(f"row {number} is a '{name_cell.strip()}' row and was skipped")
            continue
        found.rows_read += 1
        values: dict[str, object] = {}
        problems: list[RowProblem] = []
        for key, column in mapping.items():
            cell = row[column] if column < len(row) else None
            memo = cache.setdefault(key, {}) if key not in _UNIQUE else None
            try:
                parsed = memo[(type(cell), cell)] if memo is not None and (type(cell), cell) in memo \
                    else _PARSERS[key](cell)
            except CellError as exc:
                parsed = exc
            if memo is not None:
                memo[(type(cell), cell)] = parsed
            if isinstance(parsed, CellError):
                problems.append(RowProblem(sheet, number, headers[column], str(parsed)))
            else:
                values[key] = parsed
        if not values.get("name") and not any(p.column == headers[name_column] for p in problems):
            problems.append(RowProblem(sheet, number, headers[name_column], "the name is empty"))
            missing_names.append(number)
        if problems:
            found.problems.extend(problems)
        else:
            drafts.append(_Draft(number, values))
    return drafts, missing_names


def _note_stop(rows: Sequence[Sequence[object]], index: int, found: Rows) -> None:
    text = next(shown_text(v) for v in rows[index] if not is_blank(v))
    later = [i + 1 for i in range(index + 1, len(rows)) if not all(is_blank(v) for v in rows[i])]
    message = f"stopped at row {index + 1}: '{text[:60]}' looks like a note under the table"
    if len(later) == 1:
        message += f"; row {later[0]} below it was not read"
    elif later:
        message += f"; {len(later)} rows below it (to row {later[-1]}) were not read"
    found.notes.append(message)


def _explain_formulas(found: Rows, missing: list[int], formulas: FormulaProbe, column: int,
                      headers: Sequence[str], sheet: str | None) -> None:
    with_formula = formulas(missing, column)
    reason = ("the name is a formula saved without its value (save the workbook in Excel, then import "
              "again)")
    found.problems = [
        RowProblem(p.sheet, p.row, p.column, reason)
        if p.row in with_formula and p.column == headers[column] and p.reason == "the name is empty" else p
        for p in found.problems]


def _drop_duplicates(drafts: list[_Draft], existing_names: Mapping[str, str], found: Rows,
                     headers: Sequence[str], mapping: Mapping[str, int], sheet: str | None) -> list[_Draft]:
    in_plan = {name_key(n) for n in existing_names}
    names: dict[str, int] = {}
    ids: dict[str, int] = {}
    kept: list[_Draft] = []
    for draft in drafts:
        name, sheet_id = str(draft.values["name"]), str(draft.values.get("id") or "")
        key = name_key(name)
        if key in in_plan:
            reason, column = f"a system called '{name}' is already in the plan", "name"
        elif key in names:
            reason, column = f"duplicate name '{name}' (also at row {names[key]})", "name"
        elif sheet_id and sheet_id.casefold() in ids:
            reason, column = f"duplicate ID '{sheet_id}' (also at row {ids[sheet_id.casefold()]})", "id"
        else:
            names[key] = draft.row
            if sheet_id:
                ids[sheet_id.casefold()] = draft.row
            kept.append(draft)
            continue
        found.problems.append(RowProblem(sheet, draft.row, headers[mapping[column]], reason))
    return kept


def _assign_ids(drafts: list[_Draft], existing: set[str], found: Rows) -> dict[str, str]:
    """Give every draft its id; return sheet id (case-folded) -> final id for ``Replaced by``."""
    reserved = existing | {str(d.values.get("id")) for d in drafts if d.values.get("id")}
    counter = 0

    def fresh() -> str:
        nonlocal counter
        while True:
            counter += 1
            candidate = f"S{counter:02d}"
            if candidate not in reserved:
                reserved.add(candidate)
                return candidate

    id_map: dict[str, str] = {}
    for draft in drafts:
        sheet_id = str(draft.values.get("id") or "")
        if sheet_id and sheet_id not in existing:
            draft.id = sheet_id
        else:
            draft.id = fresh()
            if sheet_id:
                found.notes.append(f"row {draft.row}: ID '{sheet_id}' is already in the plan, so the system "
                                   f"was imported as '{draft.id}'")
        if sheet_id:
            id_map[sheet_id.casefold()] = draft.id
    return id_map


def _resolve_references(drafts: list[_Draft], id_map: dict[str, str], existing: set[str],
                        existing_names: Mapping[str, str], found: Rows, headers: Sequence[str],
                        mapping: Mapping[str, int], sheet: str | None) -> list[_Draft]:
    if "replaced_by" not in mapping:
        return drafts
    lookup = {name_key(n): i for n, i in existing_names.items()}
    lookup.update({i.casefold(): i for i in existing})
    lookup.update({name_key(str(d.values["name"])): d.id for d in drafts})
    lookup.update(id_map)
    column = headers[mapping["replaced_by"]]
    for draft in drafts:
        resolved: list[str] = []
        tokens: tuple[str, ...] = draft.values.get("replaced_by") or ()  # type: ignore[assignment]
        for token in tokens:
            target = lookup.get(str(token).casefold()) or lookup.get(name_key(str(token)))
            if target is None:
                draft.values["problem"] = (f"replaced by '{token}', which is not an ID or name in this sheet "
                                           f"or the plan")
            elif target == draft.id:
                draft.values["problem"] = f"a system cannot be replaced by itself ('{token}')"
            else:
                resolved.append(target)
        draft.values["replaced_by"] = tuple(resolved)
    while True:  # a row replaced by a skipped row is skipped too, until nothing changes
        bad = {d.id for d in drafts if "problem" in d.values}
        if not bad:
            return drafts
        for draft in drafts:
            if draft.id in bad:
                found.problems.append(RowProblem(sheet, draft.row, column, str(draft.values["problem"])))
            else:
                targets: tuple[str, ...] = draft.values["replaced_by"]  # type: ignore[assignment]
                for target in targets:
                    if target in bad:
                        draft.values["problem"] = f"replaced by '{target}', which was skipped"
        drafts = [d for d in drafts if d.id not in bad]


def _system(draft: _Draft) -> System:
    v = draft.values
    name = str(v["name"])
    estate = str(v.get("estate") or "current")
    kind = v.get("kind") or infer_kind(name) or ""
    return System(
        id=draft.id, name=name, estate=estate, kind=str(kind),  # type: ignore[arg-type]
        action=str(v.get("action") or ("new" if estate == "target" else "replace")),
        vendor=str(v.get("vendor") or ""), seats=int(v.get("seats") or 0),  # type: ignore[call-overload]
        annual_run_cost=float(v.get("annual_run_cost") or 0.0),  # type: ignore[arg-type]
        contract_end=v.get("contract_end"),  # type: ignore[arg-type]
        notice_days=v.get("notice_days"),  # type: ignore[arg-type]
        renewal_months=v.get("renewal_months"),  # type: ignore[arg-type]
        exit_fee=float(v.get("exit_fee") or 0.0),  # type: ignore[arg-type]
        personal_data=str(v.get("personal_data") or ""),
        classification=v.get("classification") or "OFFICIAL",  # type: ignore[arg-type]
        replaced_by=tuple(v.get("replaced_by") or ()),  # type: ignore[arg-type]
        phase=str(v["phase"]) if v.get("phase") else None,
        number_ranges=tuple(v.get("number_ranges") or ()),  # type: ignore[arg-type]
        notes=str(v.get("notes") or ""),
    )
