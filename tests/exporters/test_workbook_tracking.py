"""The Comparison and Status sheets read back with the engine's own figures, live formulas and safe text."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from app.engine.calendar import WorkingCalendar
from app.engine.cost import compute_costs
from app.engine.gaps import analyse_gaps
from app.engine.model import Plan
from app.engine.scenarios import ScenarioFigures, compare
from app.engine.schedule import compute_schedule
from app.engine.tracking import StatusReport, Variance, assess, variance
from app.exporters.excel import ExportCancelled, write_workbook
from app.exporters.excel.comparison import DIFFERENCE, LABELS, NAMES
from app.exporters.excel.status_sheet import NO_BASELINE
from app.exporters.excel.workbook import RISK_ITERATIONS, RISK_SEED, steps
from tests.exporters.tracked import BASELINE_NAME, SCENARIO_NAME, midshire, tracked_plan, with_later_scenario

RAG_COLOURS = {"Green": "C6EFCE", "Amber": "FFEB9C", "Red": "FFC7CE"}


def _write(plan: Plan, path: Path, **kwargs: Any) -> Workbook:
    write_workbook(plan, path, **kwargs)
    return load_workbook(path)


@pytest.fixture(scope="module")
def tracked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Plan, Workbook]:
    plan = tracked_plan()
    return plan, _write(plan, tmp_path_factory.mktemp("xlsx") / "tracked.xlsx")


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> tuple[Plan, Workbook]:
    plan = midshire()
    return plan, _write(plan, tmp_path_factory.mktemp("xlsx") / "midshire.xlsx")


def _labels(ws: Any, column: int = 1) -> dict[str, int]:
    rows: dict[str, int] = {}
    for r in range(1, ws.max_row + 1):
        label = ws.cell(r, column).value
        if isinstance(label, str) and label not in rows:
            rows[label] = r
    return rows


def _day(value: Any) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _tracking(plan: Plan) -> tuple[StatusReport, Variance | None, Any]:
    schedule = compute_schedule(plan)
    costs = compute_costs(plan, schedule)
    calendar = WorkingCalendar.for_project(plan.project)
    chosen = plan.active_baseline
    status = assess(plan, schedule, calendar, analyse_gaps(plan, schedule, calendar), chosen)
    moved = None if chosen is None else variance(plan, chosen, schedule, calendar, costs)
    return status, moved, costs


# --- Comparison --------------------------------------------------------------------------------------------


def _check_version(ws: Any, rows: dict[str, int], column: int, figures: ScenarioFigures) -> None:
    cell = ws.cell
    assert _day(cell(rows["Finish date"], column).value) == figures.finish
    assert _day(cell(rows["P50 finish"], column).value) == figures.p50
    assert _day(cell(rows["P80 finish"], column).value) == figures.p80
    assert cell(rows["Finish date"], column).number_format == "dd/mm/yyyy"
    assert cell(rows["Working days"], column).value == figures.working_days
    assert cell(rows["Within benchmark"], column).value == ("Yes" if figures.within_benchmark else "No")
    for label, value in (
        ("One-off cost", figures.one_off),
        ("Dual running cost", figures.dual_running),
        ("Total cost (migrate)", figures.total_migrate),
        ("Net present cost (migrate)", figures.npc_migrate),
        ("Net present cost (do minimum)", figures.npc_do_minimum),
        ("Switching value", figures.switching_value),
    ):
        assert cell(rows[label], column).value == pytest.approx(value, abs=1e-6), label
        assert cell(rows[label], column).number_format.startswith("£#,##0"), label
    gap = cell(rows[LABELS[10]], column)
    assert gap.data_type == "f"
    assert gap.value == (
        f"={gap.column_letter}{rows['Net present cost (migrate)']}"
        f"-{gap.column_letter}{rows['Net present cost (do minimum)']}"
    )


def test_comparison_shows_every_version_with_compares_figures(tracked: tuple[Plan, Workbook]) -> None:
    plan, wb = tracked
    ws = wb["Comparison"]
    expected = compare(plan, RISK_ITERATIONS, RISK_SEED)
    assert [c.value for c in ws[1]] == ["Measure", *(f.name for f in expected)]
    assert ws.freeze_panes == "B2" and ws.print_title_rows == "$1:$1"
    assert ws.column_dimensions["A"].width > 40 and ws.column_dimensions["B"].width >= 15
    rows = _labels(ws)
    for label in (*LABELS, "Version", "Project", "Start date", DIFFERENCE):
        assert label in rows, label
    for k, figures in enumerate(expected):
        _check_version(ws, rows, 2 + k, figures)
    assert _day(ws.cell(rows["Start date"], 3).value) == plan.scenarios[0].plan.project.start_date
    assert ws.cell(rows["Start date"], 3).value != ws.cell(rows["Start date"], 2).value
    assert expected[0].finish != expected[1].finish  # the later start moves the finish


def test_comparison_differences_are_formulas_against_the_working_plan(tracked: tuple[Plan, Workbook]) -> None:
    ws = tracked[1]["Comparison"]
    rows = _labels(ws)
    first = rows[DIFFERENCE] + 1
    differences = list(range(first, ws.max_row + 1))
    assert len(differences) == 11
    for r in differences:
        assert ws.cell(r, 2).value is None  # the working plan against itself: left empty
        cell = ws.cell(r, 3)
        assert cell.data_type == "f" and cell.value.startswith("=C") and "-$B" in cell.value, r
    finish = ws.cell(first, 3)
    assert finish.value == f"=C{rows['Finish date']}-$B{rows['Finish date']}"
    assert finish.number_format == "+0;-0;0"
    money = ws.cell(rows["Net present cost, migrate (£ more)"], 3)
    assert money.value == f"=C{rows['Net present cost (migrate)']}-$B{rows['Net present cost (migrate)']}"
    assert "£" in money.number_format


def test_comparison_names_and_scenario_text_is_not_a_formula(tracked: tuple[Plan, Workbook]) -> None:
    wb = tracked[1]
    ws = wb["Comparison"]
    header = ws.cell(1, 3)
    assert header.value == SCENARIO_NAME and header.data_type == "s" and header.quotePrefix
    for name in (*NAMES.values(), "ComparisonVersions"):
        destinations = list(wb.defined_names[name].destinations)
        assert destinations[0][0] == "Comparison" and "$B$" in destinations[0][1], name


def test_comparison_without_scenarios_still_shows_the_working_plan(plain: tuple[Plan, Workbook]) -> None:
    plan, wb = plain
    ws = wb["Comparison"]
    assert [c.value for c in ws[1]] == ["Measure", plan.project.scenario_name]
    rows = _labels(ws)
    _check_version(ws, rows, 2, compare(plan, RISK_ITERATIONS, RISK_SEED)[0])
    assert DIFFERENCE in rows


def test_given_comparison_is_used_and_a_problem_is_text(tmp_path: Path) -> None:
    plan = with_later_scenario(midshire())
    working = compare(plan, 200, 3)[0]
    broken = ScenarioFigures("S01", "=broken", problem="=cmd|' /C calc'!A0 the tasks form a cycle")
    ws = _write(plan, tmp_path / "given.xlsx", comparison=(working, broken))["Comparison"]
    rows = _labels(ws)
    problem = ws.cell(rows["Cannot be scheduled because"], 3)
    assert problem.value == broken.problem and problem.data_type == "s" and problem.quotePrefix
    assert ws.cell(rows["Cannot be scheduled because"], 2).value is None
    assert _day(ws.cell(rows["P50 finish"], 2).value) == working.p50  # the given figures, not recomputed
    for label in LABELS:
        assert ws.cell(rows[label], 3).value is None, label
    for r in range(rows[DIFFERENCE] + 1, ws.max_row + 1):
        assert ws.cell(r, 3).value == "n/a"


# --- Status ------------------------------------------------------------------------------------------------


def test_status_header_matches_the_assessment(tracked: tuple[Plan, Workbook]) -> None:
    plan, wb = tracked
    status, moved, _ = _tracking(plan)
    assert moved is not None and status.baseline is not None
    ws = wb["Status"]
    assert ws.freeze_panes == "A2" and ws.print_title_rows == "$1:$1"
    rows = _labels(ws)
    value = {label: ws.cell(r, 2) for label, r in rows.items()}
    assert _day(value["Status date"].value) == plan.project.status_date
    assert value["Baseline"].value == BASELINE_NAME and value["Baseline"].data_type == "s"
    assert value["Baseline"].quotePrefix
    assert _day(value["Baseline saved"].value) == status.baseline.saved
    assert _day(value["Baseline finish"].value) == status.programme.baseline_finish
    assert _day(value["Forecast finish"].value) == status.programme.forecast_finish
    assert value["Finish slip (working days)"].value == status.programme.slip_days == moved.finish_days
    rag = value["Programme RAG"]
    assert rag.value == status.programme.status.capitalize()
    assert rag.fill.fgColor.rgb.endswith(RAG_COLOURS[rag.value])
    assert value["Programme % complete"].value == pytest.approx(status.programme.percent_complete / 100)
    first = rows["Reasons"]
    shown = [ws.cell(r, 2).value for r in range(first, first + len(status.programme.reasons))]
    assert shown == list(status.programme.reasons)
    for name in ("StatusDate", "ProgrammeRAG", "BaselineCostTotal", "CurrentCostTotal", "CostVarianceTotal"):
        assert list(wb.defined_names[name].destinations)[0][0] == "Status", name


def test_status_phase_and_task_tables_match_the_engine(tracked: tuple[Plan, Workbook]) -> None:
    plan, wb = tracked
    status, moved, _ = _tracking(plan)
    assert moved is not None
    ws = wb["Status"]
    rows = _labels(ws)
    assert [c.value for c in ws[rows["Phase"]]][:8] == [
        "Phase",
        "Name",
        "RAG",
        "Baseline start",
        "Baseline finish",
        "Forecast start",
        "Forecast finish",
        "Finish slip (working days)",
    ]
    assert status.programme.status != "green" and any(p.status != "green" for p in status.phases)
    for phase in status.phases:
        r = rows[phase.phase or ""]
        row = [c.value for c in ws[r]]
        assert row[1] == phase.name and row[2] == phase.status.capitalize()
        assert ws.cell(r, 3).fill.fgColor.rgb.endswith(RAG_COLOURS[row[2]])
        assert _day(row[4]) == phase.baseline_finish and _day(row[6]) == phase.forecast_finish
        assert row[7] == phase.slip_days and row[10] == pytest.approx(phase.percent_complete / 100)
        assert row[11] == phase.reason
    header = rows["Task"]
    assert ws.auto_filter.ref.startswith(f"A{header}:K")
    for k, task in enumerate(moved.tasks):
        row = [c.value for c in ws[header + 1 + k]]
        assert row[0] == task.id and row[1] == task.name and row[2] == task.phase
        assert [_day(v) for v in row[3:7]] == [
            task.baseline_start,
            task.baseline_finish,
            task.forecast_start,
            task.forecast_finish,
        ]
        assert row[7] == task.finish_days
        source = plan.task_by_id[task.id]
        assert (_day(row[8]), _day(row[9])) == (source.actual_start, source.actual_finish)
        done = 100.0 if source.actual_finish else source.percent_complete
        assert row[10] == pytest.approx(done / 100)
    lengthened = next(t for t in moved.tasks if t.id == "T07")
    assert lengthened.finish_days and lengthened.finish_days > 0
    assert ws.cell(header + 1, 9).number_format == "dd/mm/yyyy"


def test_status_cost_variance_is_live(tracked: tuple[Plan, Workbook]) -> None:
    plan, wb = tracked
    _, moved, costs = _tracking(plan)
    assert moved is not None
    ws = wb["Status"]
    rows = _labels(ws)
    header = rows["Cost item"]
    assert [c.value for c in ws[header]][:6] == [
        "Cost item",
        "Name",
        "Category",
        "Baseline (£)",
        "Current (£)",
        "Variance (£)",
    ]
    for k, item in enumerate(moved.costs):
        r = header + 1 + k
        assert [c.value for c in ws[r]][:3] == [item.item, item.name, item.category]
        for column, value in ((4, item.baseline), (5, item.current)):
            assert ws.cell(r, column).value == (None if value is None else pytest.approx(value, abs=1e-6))
        assert ws.cell(r, 6).value == f"=E{r}-D{r}" and ws.cell(r, 4).number_format == "£#,##0.00"
    total = header + 1 + len(moved.costs)
    assert ws.cell(total, 1).value == "Total"
    last = total - 1
    assert [ws.cell(total, c).value for c in (4, 5, 6)] == [
        f"=SUM(D{header + 1}:D{last})",
        f"=SUM(E{header + 1}:E{last})",
        f"=SUM(F{header + 1}:F{last})",
    ]
    assert ws.cell(total + 1, 4).value == pytest.approx(moved.baseline.total_migrate, abs=1e-6)
    assert ws.cell(total + 1, 5).value == "=TotalMigrate"
    assert sum(i.variance for i in moved.costs) > 0  # the longer task costs more


def test_status_without_a_baseline_says_so(plain: tuple[Plan, Workbook]) -> None:
    plan, wb = plain
    status, _, _ = _tracking(plan)
    ws = wb["Status"]
    rows = _labels(ws)
    assert ws.cell(rows["Baseline"], 2).value == "None chosen"
    assert ws.cell(rows["Baseline"] + 1, 2).value == NO_BASELINE
    assert ws.cell(rows["Status date"], 2).value == "Not set"
    assert ws.cell(rows["Programme RAG"], 2).value == status.programme.status.capitalize()
    assert "Cost item" not in rows and "Baseline saved" not in rows
    header = rows["Task"]
    schedule = compute_schedule(plan)
    for k, task in enumerate(plan.tasks):
        row = [c.value for c in ws[header + 1 + k]]
        assert row[0] == task.id and row[3] is None and row[4] is None and row[7] is None
        assert _day(row[6]) == schedule.finish_of(task.id)
    for phase in status.phases:
        assert ws.cell(rows[phase.phase or ""], 3).value == phase.status.capitalize()


# --- progress and cancel -----------------------------------------------------------------------------------


def test_progress_counts_each_version(tmp_path: Path) -> None:
    plan = with_later_scenario(midshire())
    calls: list[tuple[int, int]] = []
    write_workbook(plan, tmp_path / "out.xlsx", progress=lambda d, n: calls.append((d, n)))
    total = steps(plan)
    assert {n for _, n in calls} == {total} and calls[-1] == (total, total)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_cancel_during_the_comparison(tmp_path: Path) -> None:
    plan = with_later_scenario(midshire())
    path = tmp_path / "out.xlsx"
    seen: list[int] = []
    with pytest.raises(ExportCancelled):
        write_workbook(
            plan, path, progress=lambda d, n: seen.append(d), cancelled=lambda: bool(seen) and seen[-1] >= 5
        )
    assert not path.exists()
