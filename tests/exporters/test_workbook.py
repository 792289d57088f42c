"""The finance workbook reads back cleanly: sheets, labels, formats, panes, filters, print set-up, safety."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from app.engine.cost import compute_costs
from app.engine.schedule import compute_schedule
from app.errors import InputError
from app.exporters.excel import SHEETS, ExportCancelled, write_workbook
from app.exporters.excel.summary import LABELS
from app.storage.interchange import read_json
from tests.conftest import SAMPLES
from tests.exporters.payloads import PAYLOADS, injection_plan

TABLE_SHEETS = ("Systems", "Integrations", "Phases", "Schedule", "Cost lines", "Risk", "Assumptions")


@pytest.fixture(scope="module")
def midshire(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Workbook]:
    path = tmp_path_factory.mktemp("xlsx") / "midshire.xlsx"
    write_workbook(read_json(SAMPLES / "midshire.json"), path)
    return path, load_workbook(path)


def test_sheets_in_order(midshire: tuple[Path, Workbook]) -> None:
    assert midshire[1].sheetnames == list(SHEETS)


def test_summary_labels_and_values(midshire: tuple[Path, Workbook]) -> None:
    ws = midshire[1]["Summary"]
    labels = {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(2, ws.max_row + 1)}
    for label in LABELS:
        assert label in labels, label
    for label in ("Finish date", "P50 finish", "P80 finish"):
        assert isinstance(labels[label].value, datetime) and labels[label].number_format == "dd/mm/yyyy"
    for label in LABELS[5:]:
        assert labels[label].data_type == "f", label
        assert labels[label].number_format.startswith("£#,##0")
    assert labels["One-off cost"].value == (
        '=SUMIFS(CostAmount,CostKind,"one_off",CostOption,"migrate",CostView,"base")'
    )
    assert labels["Project"].value.startswith("Midshire")


def test_frozen_panes_filters_and_print_settings(midshire: tuple[Path, Workbook]) -> None:
    wb = midshire[1]
    for ws in wb:
        assert ws.freeze_panes is not None, ws.title
        assert ws.page_setup.orientation == ws.ORIENTATION_LANDSCAPE
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1", ws.title
    for title in TABLE_SHEETS:
        assert wb[title].auto_filter.ref and wb[title].auto_filter.ref.startswith("A1:"), title


def test_cost_lines_one_row_per_item_year(midshire: tuple[Path, Workbook]) -> None:
    plan = read_json(SAMPLES / "midshire.json")
    costs = compute_costs(plan, compute_schedule(plan))
    ws = midshire[1]["Cost lines"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    expected = sum(1 for item in costs.lines for v in item.by_fy.values() if v != 0.0)
    assert len(rows) == expected
    assert [c.value for c in ws[1]] == [
        "Line id",
        "Name",
        "Category",
        "Option",
        "Kind",
        "Source",
        "View",
        "System",
        "Phase",
        "FY",
        "Amount (£)",
    ]
    assert {r[6] for r in rows} == {"base", "optimism bias"}  # Midshire has no irrecoverable VAT
    assert all(isinstance(r[10], float | int) for r in rows)
    assert ws["K2"].number_format == "£#,##0.00"
    assert sum(r[10] for r in rows if r[3] == "migrate" and r[6] == "base") == pytest.approx(
        costs.total_migrate
    )


def test_schedule_rows_dates_and_gantt_band(midshire: tuple[Path, Workbook]) -> None:
    plan = read_json(SAMPLES / "midshire.json")
    schedule = compute_schedule(plan)
    ws = midshire[1]["Schedule"]
    assert ws.max_row == len(plan.tasks) + 1
    first = plan.tasks[0]
    row = [c.value for c in ws[2]][:10]
    assert row[0] == first.id and row[5].date() == schedule.start_of(first.id)
    assert row[6].date() == schedule.finish_of(first.id) and ws["F2"].number_format == "dd/mm/yyyy"
    linked = next(t for t in plan.tasks if any(d.reason for d in t.predecessors))
    text = ws.cell(plan.tasks.index(linked) + 2, 10).value
    assert all(d.task in text and d.type in text for d in linked.predecessors)
    assert any(d.reason in text for d in linked.predecessors if d.reason)
    rules = [rule for cf in ws.conditional_formatting for rule in cf.rules]
    assert len(rules) == 2 and all(r.type == "expression" for r in rules)
    assert '$I2="Yes"' in rules[0].formula[0]
    assert isinstance(ws.cell(1, 11).value, datetime) and ws.cell(1, 11).value.weekday() == 0
    assert ws.column_dimensions["K"].width < 4


def test_risk_sheet_has_percentiles_histogram_and_chart(midshire: tuple[Path, Workbook]) -> None:
    ws = midshire[1]["Risk"]
    measures = {ws.cell(r, 5).value: ws.cell(r, 6).value for r in range(2, 20)}
    for p in ("P10 finish", "P50 finish", "P80 finish", "P90 finish", "Mean finish"):
        assert isinstance(measures[p], datetime)
    assert 0.0 <= measures["Probability within the benchmark"] <= 1.0
    counts = [ws.cell(r, 11).value for r in range(2, ws.max_row + 1) if ws.cell(r, 11).value is not None]
    assert sum(counts) == 2000
    assert len(ws._charts) == 1


def test_assumptions_carry_tags_and_sources(midshire: tuple[Path, Workbook]) -> None:
    ws = midshire[1]["Assumptions"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    by_setting = {r[1]: r for r in rows}
    assert by_setting["Discount rate (r)"][2] == 0.035 and by_setting["Discount rate (r)"][3] == "[S]"
    assert "Green Book" in by_setting["Discount rate (r)"][4]
    assert any(r[0] == "Calendar" and "Christmas" in r[1] for r in rows)
    assert any(r[0] == "Cost line source" and r[4].startswith("[A]") for r in rows)
    assert {r[3] for r in rows} <= {"[S]", "[S2]", "[A]", "[V]", None}


def test_no_plan_text_is_ever_a_formula(tmp_path: Path) -> None:
    path = tmp_path / "injection.xlsx"
    write_workbook(injection_plan(), path)
    wb = load_workbook(path)
    seen_sheets = set()
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                text = str(cell.value)
                if any(text.startswith(p[:6]) for p in PAYLOADS) or "cmd|" in text:
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    assert cell.quotePrefix, (ws.title, cell.coordinate)
                    seen_sheets.add(ws.title)
                if cell.data_type == "f":
                    assert "cmd" not in text, (ws.title, cell.coordinate, text)
    assert seen_sheets == set(SHEETS)  # every sheet shows plan text, and all of it as text


def test_unwritable_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot write the workbook"):
        write_workbook(injection_plan(), tmp_path / "missing" / "out.xlsx")


def test_cancel_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"old")
    calls: list[tuple[int, int]] = []
    with pytest.raises(ExportCancelled):
        write_workbook(
            injection_plan(),
            path,
            progress=lambda d, n: calls.append((d, n)),
            cancelled=lambda: len(calls) >= 4,
        )
    assert path.read_bytes() == b"old"
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".part")]


def test_progress_reaches_the_end(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    write_workbook(injection_plan(), tmp_path / "out.xlsx", progress=lambda d, n: calls.append((d, n)))
    assert calls[-1][0] == calls[-1][1] and [d for d, _ in calls] == sorted(d for d, _ in calls)
