"""Every total of the finance workbook is a live formula over the Cost lines, through defined names."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from app.engine.cost import compute_costs
from app.engine.schedule import compute_schedule
from app.exporters.excel import write_workbook
from app.storage.interchange import read_json
from tests.conftest import SAMPLES

NAMES = {
    "OneOffCost": "Summary",
    "DualRunningCost": "Summary",
    "OptimismBiasCost": "Summary",
    "SwitchingValue": "Summary",
    "NPCMigrate": "Cost by FY",
    "NPCDoMinimum": "Cost by FY",
    "NPCMigrateWithOB": "Cost by FY",
    "TotalMigrate": "Cost by FY",
    "TotalDoMinimum": "Cost by FY",
    "BenefitAnnuity": "Cost by FY",
    "DiscountFactors": "Cost by FY",
    "DiscountRate": "Assumptions",
    "BenefitsFirstYear": "Assumptions",
    "CostAmount": "Cost lines",
    "CostCategory": "Cost lines",
    "CostFY": "Cost lines",
    "CostOption": "Cost lines",
    "CostView": "Cost lines",
    "CostKind": "Cost lines",
}


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    path = tmp_path_factory.mktemp("xlsx") / "citizen.xlsx"
    write_workbook(read_json(SAMPLES / "citizen-services.json"), path)
    return load_workbook(path)


def _rows(ws: object) -> dict[str, int]:
    rows: dict[str, int] = {}
    for r in range(1, ws.max_row + 1):  # type: ignore[attr-defined]
        label = ws.cell(r, 1).value  # type: ignore[attr-defined]
        if label and label not in rows:
            rows[label] = r  # the first row with the label (Legacy run is in both options)
    return rows


def test_defined_names_point_at_the_right_sheets(book: Workbook) -> None:
    for name, title in NAMES.items():
        assert name in book.defined_names, name
        destinations = list(book.defined_names[name].destinations)
        assert destinations and destinations[0][0] == title, name
        assert "$" in destinations[0][1]


def test_cost_by_fy_cells_are_sumifs_over_the_lines(book: Workbook) -> None:
    plan = read_json(SAMPLES / "citizen-services.json")
    costs = compute_costs(plan, compute_schedule(plan))
    ws = book["Cost by FY"]
    header = [c.value for c in ws[1]]
    assert header[1:-1] == list(costs.fy_labels) and header[-1] == "Total"
    rows = _rows(ws)
    n = len(costs.fy_labels)
    for category in costs.by_category_by_fy:
        r = rows[category]
        for c in range(2, 2 + n):
            formula = ws.cell(r, c).value
            assert formula.startswith("=SUMIFS(CostAmount,CostFY,") and "CostCategory" in formula
            assert 'CostOption,"migrate"' in formula and 'CostView,"base"' in formula
        assert ws.cell(r, 2 + n).value.startswith("=SUM(")
    for label in (
        "Total migrate",
        "Total do minimum",
        "Optimism bias (migrate)",
        "Irrecoverable VAT (migrate)",
    ):
        assert all(ws.cell(rows[label], c).value.startswith("=SUMIFS(") for c in range(2, 2 + n))
    factor = ws.cell(rows["Discount factor 1/(1+r)^t"], 3).value
    assert factor == f"=1/(1+DiscountRate)^C{rows['Year (t)']}"
    npc = ws.cell(rows["Net present cost (migrate)"], 2 + n).value
    assert npc.startswith("=SUMPRODUCT(") and str(rows["Total migrate"]) in npc
    assert "BenefitsFirstYear" in ws.cell(rows["Benefit year (1 = counted in the switching value)"], 2).value


def test_summary_switching_value_is_a_formula_of_the_npcs(book: Workbook) -> None:
    ws = book["Summary"]
    rows = _rows(ws)
    formula = ws.cell(rows["Switching value"], 2).value
    assert "NPCMigrate" in formula and "NPCDoMinimum" in formula and "BenefitAnnuity" in formula
    assert ws.cell(rows["Net present cost (migrate)"], 2).value == "=NPCMigrate"
    assert ws.cell(rows["Dual running cost"], 2).value.startswith("=SUMIFS(CostAmount,CostSource,")


def test_phase_costs_are_sumifs(book: Workbook) -> None:
    ws = book["Phases"]
    assert all(
        ws.cell(r, 8).value.startswith("=SUMIFS(CostAmount,CostPhase,") for r in range(2, ws.max_row + 1)
    )


def test_category_criteria_survive_operators_and_wildcards(tmp_path: Path) -> None:
    from tests.exporters.payloads import injection_plan

    path = tmp_path / "injection.xlsx"
    write_workbook(injection_plan(), path)
    ws = load_workbook(path)["Cost by FY"]
    wild = next(r for r in range(2, ws.max_row + 1) if "*?~" in str(ws.cell(r, 1).value))
    assert "SUBSTITUTE(SUBSTITUTE(SUBSTITUTE($A" in ws.cell(wild, 2).value
    plain = next(r for r in range(2, ws.max_row + 1) if str(ws.cell(r, 1).value).startswith("=cmd"))
    assert f'CostCategory,"="&$A{plain},' in ws.cell(plain, 2).value
