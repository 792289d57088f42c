"""Inventory import from real-world messy workbooks: header search, row problems, ids, edits and report."""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path

import pytest

from app.engine.model import Phase, Plan, System, new_plan
from app.errors import InputError
from app.importers.inventory import (
    InventoryResult,
    RowProblem,
    format_report,
    guess_columns,
    inventory_edit,
    read_inventory,
)
from tests.importers.workbooks import HEADERS, estate_rows, write_workbook


def _problems(result: InventoryResult) -> dict[int, list[RowProblem]]:
    by_row: dict[int, list[RowProblem]] = {}
    for problem in result.problems:
        by_row.setdefault(problem.row, []).append(problem)
    return by_row


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """Title rows with a merged title cell, a blank row, the header at row 4, gaps and a note below."""
    rows: list[tuple[object, ...]] = [
        ("Midshire Council – contact centre estate",),
        ("Prepared for the CCaaS procurement, March 2026",),
        (),
        HEADERS,
        ("Avaya Aura PBX", "Avaya", "ACD", 120, 48000, datetime(2027, 3, 31), 90),
        ("Legacy IVR", "Avaya", "IVR / self-service", "40", "£12,000", "31/12/2026", "90 days"),
        (),
        ("Call recorder", "NICE", "Call recording", 120, "£9,500.50", "1 Apr 2027", None),
        ("Headsets", "Jabra", "headsets", "lots", "£2k", "2027-06-30", 30),
        ("WFM", "Verint", "WFM", 80, "£12,x00", "31/02/2027", 30),
        ("Legacy IVR", "Avaya", "IVR", 5, 100, None, None),
        ("Payments", "PCI Pal", "Payments", 40, "(500)", "31/3/27", 60),
        (),
        (),
        ("Source: finance system export, 3 March 2026",),
        ("Checked by: J. Smith",),
    ]
    return write_workbook(tmp_path / "estate.xlsx", rows, merges=["A1:G1"])


def test_header_row_is_found_below_titles(messy: Path) -> None:
    guess = guess_columns(messy)
    assert guess.sheet == "Inventory"
    assert guess.header_row == 4
    assert guess.mapping == {"name": 0, "vendor": 1, "kind": 2, "seats": 3, "annual_run_cost": 4,
                             "contract_end": 5, "notice_days": 6}
    assert guess.headers == HEADERS
    assert guess.unmatched == ()
    assert guess.preview[0][:3] == ("Avaya Aura PBX", "Avaya", "ACD")
    assert guess.preview[0][5] == "31/03/2027"


def test_messy_rows_are_read_or_named(messy: Path) -> None:
    result = read_inventory(messy)
    assert [s.name for s in result.systems] == ["Avaya Aura PBX", "Legacy IVR", "Call recorder"]
    assert result.rows_read == 7  # blank rows and the notes under the table are not data
    pbx, ivr, recorder = result.systems
    assert (pbx.id, pbx.kind, pbx.seats, pbx.annual_run_cost, pbx.contract_end, pbx.notice_days) == (
        "S01", "acd", 120, 48000.0, date(2027, 3, 31), 90)
    assert (ivr.kind, ivr.seats, ivr.annual_run_cost, ivr.contract_end, ivr.notice_days) == (
        "ivr", 40, 12000.0, date(2026, 12, 31), 90)
    assert (recorder.kind, recorder.annual_run_cost, recorder.contract_end, recorder.notice_days) == (
        "recording", 9500.5, date(2027, 4, 1), None)
    assert all(s.estate == "current" and s.action == "replace" for s in result.systems)

    problems = _problems(result)
    assert sorted(problems) == [9, 10, 11, 12]
    assert str(problems[9][0]) == "Inventory!row 9, column 'Licences': 'lots' is not a whole number of seats"
    assert [(p.column, p.reason) for p in problems[10]] == [
        ("Annual cost", "'£12,x00' is not an amount of money"),
        ("Contract end", "'31/02/2027' is not a real date"),
    ]
    assert problems[11][0].column == "System"
    assert "duplicate name 'Legacy IVR' (also at row 6)" in problems[11][0].reason
    assert problems[12][0] == RowProblem("Inventory", 12, "Annual cost",
                                         "'(500)' is negative; money must be zero or more")
    assert result.notes == ("stopped at row 15: 'Source: finance system export, 3 March 2026' looks like a "
                            "note under the table; row 16 below it was not read",)


def test_report_names_every_skipped_row(messy: Path) -> None:
    report = format_report(read_inventory(messy), messy)
    lines = report.splitlines()
    assert lines[0] == "Imported 3 of 7 rows from estate.xlsx; 4 skipped:"
    assert "  Inventory!row 10, column 'Annual cost': '£12,x00' is not an amount of money" in lines
    assert any(line.startswith("Note: stopped at row 15") for line in lines)


def test_clean_report_has_no_skips(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "ok.xlsx", [HEADERS, *estate_rows(3)])
    assert format_report(read_inventory(path), path) == "Imported 3 of 3 rows from ok.xlsx."


def test_two_row_header_under_a_merged_group_title(tmp_path: Path) -> None:
    rows = [("", "", "Contract", None, "Money"),
            ("Component", "Supplier", "End", "Notice (days)", "Annual cost"),
            ("Cloud IVR", "Genesys", "31/03/2028", 90, 1000)]
    path = write_workbook(tmp_path / "grouped.xlsx", rows, merges=["C1:D1"])
    guess = guess_columns(path)
    assert guess.header_row == 2
    assert guess.mapping["contract_end"] == 2
    assert guess.headers[2] == "Contract End"
    assert read_inventory(path).systems[0].contract_end == date(2028, 3, 31)


def test_every_field_by_synonym(tmp_path: Path) -> None:
    headers = ("Ref", "Component", "Current/Target", "Category", "Action", "Provider", "Users",
               "Annual run cost (£)", "Expiry", "Notice (days)", "Renewal term", "Exit fee", "Personal data",
               "Classification", "Replaced by", "Wave", "DDI range", "Comments")
    rows = [headers,
            ("C1", "Old ACD", "as-is", "ACD / queueing / routing", "Decommission", "BT", 100, "£1.2k",
             "31 Mar 2027", 90, "12 months", "£5,000", "Yes", "official sensitive", "T1", "Wave 1",
             "0300 123 4000-4099; 0800 1", "Main switch"),
            ("T1", "New platform", "to-be", "CCaaS", "", "Genesys", 100, 0, None, None, None, None, "No",
             "", "", "Wave 1", "", "")]
    result = read_inventory(write_workbook(tmp_path / "all.xlsx", rows))
    assert result.problems == ()
    old, new = result.systems
    assert old == System("C1", "Old ACD", "current", "acd", "retire", "BT", 100, 1200.0, date(2027, 3, 31),
                         90, 12, 5000.0, "Yes", "OFFICIAL-SENSITIVE", ("T1",), "Wave 1",
                         ("0300 123 4000-4099", "0800 1"), "Main switch")
    assert (new.estate, new.kind, new.action, new.personal_data, new.classification) == (
        "target", "platform", "new", "", "OFFICIAL")


def test_empty_sheet_has_no_header_row(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "empty.xlsx", [])
    with pytest.raises(InputError, match="no header row found") as info:
        guess_columns(path)
    assert "empty.xlsx" in str(info.value)
    with pytest.raises(InputError, match="no header row found"):
        read_inventory(path)


def test_no_name_column_is_refused(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "noname.xlsx", [("Supplier", "Seats"), ("BT", 4)])
    assert "name" not in guess_columns(path).mapping
    with pytest.raises(InputError, match="no column is mapped to Name"):
        read_inventory(path)


def test_a_corrected_mapping_is_used(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "odd.xlsx", [("Kit", "Who supplies"), ("Recorder", "NICE")])
    guess = guess_columns(path)
    assert guess.header_row == 1 and guess.mapping == {}
    result = read_inventory(path, mapping={"name": 0, "vendor": 1})
    assert (result.systems[0].name, result.systems[0].vendor) == ("Recorder", "NICE")
    assert result.guess.mapping == {"name": 0, "vendor": 1}


def test_likeliest_sheet_is_chosen(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "book.xlsx", [("Cover page",), ("Version 3",)], sheet="Cover",
                          extra_sheets={"Estate": [HEADERS, *estate_rows(2)]})
    assert guess_columns(path).sheet == "Estate"
    assert len(read_inventory(path).systems) == 2
    with pytest.raises(InputError, match="no sheet called 'Nope' \\(sheets: Cover, Estate\\)"):
        read_inventory(path, sheet="Nope")


def test_totals_and_repeated_header_rows_are_skipped(tmp_path: Path) -> None:
    rows = [HEADERS, *estate_rows(2), HEADERS, *estate_rows(4)[2:], ("Total", None, None, 42, "£4,006")]
    result = read_inventory(write_workbook(tmp_path / "tot.xlsx", rows))
    assert len(result.systems) == 4 and result.problems == ()
    assert any("repeats the header" in n for n in result.notes)
    assert any("'Total' row" in n for n in result.notes)


def test_formulas_read_as_saved_values_or_empty(tmp_path: Path) -> None:
    rows = [HEADERS, ("Recorder", "NICE", "Recording", 10, "=1000*12", None, None),
            ("=A2&\" copy\"", "NICE", "Recording", 10, 5, None, None)]
    result = read_inventory(write_workbook(tmp_path / "formulas.xlsx", rows))
    assert result.systems[0].annual_run_cost == 0.0  # no saved value: empty, never evaluated
    (problem,) = result.problems
    assert (problem.row, problem.column) == (3, "System")
    assert "formula saved without its value" in problem.reason


def test_excel_error_values_are_problems(tmp_path: Path) -> None:
    rows = [HEADERS, ("Recorder", "#N/A", "Recording", "#REF!", 5, None, None)]
    result = read_inventory(write_workbook(tmp_path / "errors.xlsx", rows))
    assert [p.column for p in result.problems] == ["Supplier", "Licences"]
    assert "spreadsheet error" in result.problems[0].reason


def test_ids_from_the_sheet_and_generated_ids_avoid_the_plan(tmp_path: Path) -> None:
    rows = [("ID", "Name"), ("S02", "A"), (None, "B"), ("X1", "C"), ("X1", "D"), ("S05", "E")]
    result = read_inventory(write_workbook(tmp_path / "ids.xlsx", rows), existing_ids=["S01", "S03", "S05"])
    assert [(s.id, s.name) for s in result.systems] == [("S02", "A"), ("S04", "B"), ("X1", "C"), ("S06", "E")]
    assert result.problems == (RowProblem("Inventory", 5, "ID", "duplicate ID 'X1' (also at row 4)"),)
    assert any("ID 'S05' is already in the plan" in n and "'S06'" in n for n in result.notes)


def test_replaced_by_resolves_ids_and_names(tmp_path: Path) -> None:
    rows = [("ID", "Name", "Estate", "Replaced by"),
            ("C1", "Old PBX", "current", "New platform, T2"),
            ("C2", "Old IVR", "legacy", "Nowhere"),
            ("C3", "Old WFM", "current", "C2"),
            ("T1", "New platform", "target", ""),
            ("T2", "New IVR", "new", "")]
    result = read_inventory(write_workbook(tmp_path / "refs.xlsx", rows))
    assert result.systems[0].replaced_by == ("T1", "T2")
    assert [s.id for s in result.systems] == ["C1", "T1", "T2"]
    assert [(p.row, p.column) for p in result.problems] == [(3, "Replaced by"), (4, "Replaced by")]
    assert "'Nowhere', which is not an ID or name" in result.problems[0].reason
    assert "which was skipped" in result.problems[1].reason


def test_names_already_in_the_plan_are_skipped(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "again.xlsx", [HEADERS, *estate_rows(2)])
    result = read_inventory(path, existing_ids=["S01"], existing_names={"system 0": "S01"})
    assert [s.name for s in result.systems] == ["System 1"]
    assert "already in the plan" in result.problems[0].reason


def test_inventory_edit_is_one_undoable_step(tmp_path: Path) -> None:
    rows = [("ID", "Name", "Phase"), ("A", "One", "Wave 1"), ("B", "Two", "build"), ("C", "Three", None)]
    plan = new_plan("Test", date(2026, 4, 1))
    plan = Plan(plan.project, phases=(Phase("P01", "Build"),))
    result = read_inventory(write_workbook(tmp_path / "p.xlsx", rows))
    edit = inventory_edit(plan, result)
    assert edit.label == "Import 3 systems"
    applied = edit.apply(plan)
    assert [s.phase for s in applied.plan.systems] == ["P02", "P01", None]
    assert [(p.id, p.name) for p in applied.plan.phases] == [("P01", "Build"), ("P02", "Wave 1")]
    assert applied.inverse.apply(applied.plan).plan == plan


def test_inventory_edit_renumbers_ids_taken_since_reading(tmp_path: Path) -> None:
    result = read_inventory(write_workbook(tmp_path / "r.xlsx", [("Name",), ("One",)]))
    plan = Plan(new_plan("T", date(2026, 4, 1)).project, systems=(System("S01", "Other", "current", "acd"),))
    applied = inventory_edit(plan, result).apply(plan)
    assert [s.id for s in applied.plan.systems] == ["S01", "S02"]


@pytest.mark.slow
def test_fifty_thousand_rows(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("Inventory")
    ws.append(["Estate inventory"])
    ws.append(HEADERS)
    for row in estate_rows(50_000):
        ws.append(row)
    path = tmp_path / "big.xlsx"
    workbook.save(path)
    started = time.perf_counter()
    result = read_inventory(path)
    elapsed = time.perf_counter() - started
    assert len(result.systems) == 50_000 and result.problems == ()
    assert result.systems[-1].id == "S50000"
    assert elapsed < 60  # generous: benchmarks/bench_import.py measures; this only guards a pathology
