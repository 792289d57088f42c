"""LibreOffice recalculates the finance workbook to the app's own figures, to the penny.

openpyxl writes formulas without cached values; LibreOffice recalculates such files on load, so converting
each workbook headless (``soffice --convert-to xlsx``) and reading the result with ``data_only=True`` gives
the spreadsheet's own answers. Skipped only when ``soffice`` is not on PATH (CI installs
libreoffice-calc-nogui).
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from app.engine.calendar import WorkingCalendar
from app.engine.cost import CostReport, compute_costs
from app.engine.model import Plan
from app.engine.scenarios import compare
from app.engine.schedule import compute_schedule
from app.engine.tracking import variance
from app.exporters.excel import write_workbook
from app.exporters.excel.comparison import DIFFERENCE, LABELS
from app.exporters.excel.workbook import RISK_ITERATIONS, RISK_SEED
from app.storage.interchange import read_json
from tests.conftest import SAMPLES
from tests.exporters.payloads import injection_plan
from tests.exporters.tracked import tracked_plan

SOFFICE = shutil.which("soffice")
PENNY = 0.005
pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not on PATH: apt-get install libreoffice-calc-nogui"
)
NAMES = ("midshire", "northvale", "citizen-services", "injection")


def _plans() -> dict[str, Plan]:
    plans = {name: read_json(SAMPLES / f"{name}.json") for name in NAMES[:3]}
    plans["injection"] = injection_plan()
    plans["tracked"] = tracked_plan()  # a scenario and a chosen baseline: Comparison and Status formulas
    return plans


def convert(files: list[Path], out: Path, profile: Path) -> None:
    """Recalculate ``files`` with LibreOffice headless, writing the results to ``out``."""
    assert SOFFICE is not None
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Plan, CostReport, Any]]:
    folder = tmp_path_factory.mktemp("lo")
    plans = _plans()
    files = []
    for name, plan in plans.items():
        files.append(folder / f"{name}.xlsx")
        write_workbook(plan, files[-1])
    convert(files, folder / "out", folder / "profile")
    result = {}
    for name, plan in plans.items():
        costs = compute_costs(plan, compute_schedule(plan))
        result[name] = (plan, costs, load_workbook(folder / "out" / f"{name}.xlsx", data_only=True))
    return result


def _rows(ws: Any, first: int = 1) -> dict[str, int]:
    rows: dict[str, int] = {}
    for r in range(first, ws.max_row + 1):
        label = ws.cell(r, 1).value
        if label is not None and label not in rows:
            rows[label] = r
    return rows


@pytest.mark.parametrize("name", NAMES)
def test_summary_figures_match_the_cost_report(recalculated: dict[str, Any], name: str) -> None:
    plan, costs, wb = recalculated[name]
    ws = wb["Summary"]
    value = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, ws.max_row + 1)}
    expected = {
        "One-off cost": costs.one_off,
        "Dual running cost": costs.dual_running,
        "Optimism bias": costs.optimism_bias,
        "Total cost (migrate)": costs.total_migrate,
        "Total cost (do minimum)": costs.total_do_minimum,
        "Net present cost (migrate)": costs.npc_migrate,
        "Net present cost (do minimum)": costs.npc_do_minimum,
        "Net present cost (migrate, with optimism bias)": costs.npc_migrate_with_ob,
        "Irrecoverable VAT (migrate)": costs.irrecoverable_vat,
    }
    for label, figure in expected.items():
        assert value[label] == pytest.approx(figure, abs=PENNY), label
    if costs.switching_value is None:
        assert value["Switching value"] == "n/a"
    else:
        assert value["Switching value"] == pytest.approx(costs.switching_value, abs=PENNY)
    schedule = compute_schedule(plan)
    assert isinstance(value["Finish date"], datetime) and value["Finish date"].date() == schedule.finish


@pytest.mark.parametrize("name", NAMES)
def test_cost_by_fy_matches_the_cost_report(recalculated: dict[str, Any], name: str) -> None:
    _, costs, wb = recalculated[name]
    ws = wb["Cost by FY"]
    labels = costs.fy_labels
    n = len(labels)
    rows = _rows(ws)
    do_minimum_start = rows["Do minimum: base view (the estate runs on unchanged)"]
    do_minimum_rows = _rows(ws, do_minimum_start)

    def check(row: int, by_fy: dict[str, float], what: str, total: bool = True) -> None:
        for k, label in enumerate(labels):
            assert ws.cell(row, 2 + k).value == pytest.approx(by_fy[label], abs=PENNY), (what, label)
        if total:
            assert ws.cell(row, 2 + n).value == pytest.approx(sum(by_fy.values()), abs=PENNY), what

    for category, by_fy in costs.by_category_by_fy.items():
        check(rows[category], by_fy, category)
    do_minimum_by_fy: dict[str, dict[str, float]] = {}
    for item in costs.items("do_minimum"):
        years = do_minimum_by_fy.setdefault(item.category, dict.fromkeys(labels, 0.0))
        for label, v in item.by_fy.items():
            years[label] += v
    for category, by_fy in do_minimum_by_fy.items():
        check(do_minimum_rows[category], by_fy, f"do minimum {category}")
    check(rows["Total migrate"], costs.by_fy_migrate, "total migrate")
    check(rows["Total do minimum"], costs.by_fy_do_minimum, "total do minimum")
    check(
        rows["Discount factor 1/(1+r)^t"], dict(zip(labels, costs.discount_factors, strict=True)), "df", False
    )
    check(rows["Discounted migrate"], costs.discounted_by_fy_migrate, "discounted migrate")
    check(rows["Discounted do minimum"], costs.discounted_by_fy_do_minimum, "discounted do minimum")
    check(rows["Optimism bias (migrate)"], costs.optimism_bias_by_fy, "optimism bias")
    check(rows["Migrate with optimism bias"], costs.by_fy_migrate_with_ob, "with optimism bias")
    check(rows["Irrecoverable VAT (migrate)"], costs.irrecoverable_vat_by_fy_migrate, "vat")
    check(rows["Irrecoverable VAT (do minimum)"], costs.irrecoverable_vat_by_fy_do_minimum, "vat do minimum")
    check(
        rows["Migrate, financial view (inc. irrecoverable VAT)"], costs.by_fy_migrate_financial, "financial"
    )
    for label, figure in (
        ("Net present cost (migrate)", costs.npc_migrate),
        ("Net present cost (do minimum)", costs.npc_do_minimum),
        ("Net present cost (migrate, with optimism bias)", costs.npc_migrate_with_ob),
    ):
        assert ws.cell(rows[label], 2 + n).value == pytest.approx(figure, abs=PENNY), label


@pytest.mark.parametrize("name", NAMES[:3])
def test_phase_costs_match(recalculated: dict[str, Any], name: str) -> None:
    plan, costs, wb = recalculated[name]
    ws = wb["Phases"]
    for r in range(2, ws.max_row + 1):
        assert ws.cell(r, 8).value == pytest.approx(costs.by_phase.get(ws.cell(r, 1).value, 0.0), abs=PENNY)


def test_editing_a_line_moves_the_totals(tmp_path: Path) -> None:
    """Totals are live: change one Cost lines amount, recalculate, and the totals follow."""
    plan = read_json(SAMPLES / "northvale.json")
    costs = compute_costs(plan, compute_schedule(plan))
    path = tmp_path / "edit.xlsx"
    write_workbook(plan, path)
    wb = load_workbook(path)
    ws = wb["Cost lines"]
    row = next(
        r
        for r in range(2, ws.max_row + 1)
        if (ws.cell(r, 4).value, ws.cell(r, 5).value, ws.cell(r, 7).value) == ("migrate", "one_off", "base")
    )
    ws.cell(row, 11).value = ws.cell(row, 11).value + 1000.0
    wb.save(path)
    convert([path], tmp_path / "out", tmp_path / "profile")
    summary = load_workbook(tmp_path / "out" / "edit.xlsx", data_only=True)["Summary"]
    value = {summary.cell(r, 1).value: summary.cell(r, 2).value for r in range(2, summary.max_row + 1)}
    assert value["One-off cost"] == pytest.approx(costs.one_off + 1000.0, abs=PENNY)
    assert value["Total cost (migrate)"] == pytest.approx(costs.total_migrate + 1000.0, abs=PENNY)
    assert value["Net present cost (migrate)"] > costs.npc_migrate + 900.0


@pytest.mark.parametrize("name", ["midshire", "tracked"])
def test_comparison_formulas_match_compare(recalculated: dict[str, Any], name: str) -> None:
    plan, _, wb = recalculated[name]
    ws = wb["Comparison"]
    rows = _rows(ws)
    versions = compare(plan, RISK_ITERATIONS, RISK_SEED)
    for k, figures in enumerate(versions):
        gap = ws.cell(rows[LABELS[10]], 2 + k).value
        assert gap == pytest.approx(figures.npc_migrate - figures.npc_do_minimum, abs=PENNY), figures.name
    working = versions[0]
    differences = _rows(ws, rows[DIFFERENCE] + 1)
    for k, figures in enumerate(versions[1:], start=1):
        shown = {label: ws.cell(r, 2 + k).value for label, r in differences.items()}
        for label, field in (
            ("Finish date (calendar days later)", "finish"),
            ("P50 finish (calendar days later)", "p50"),
            ("P80 finish (calendar days later)", "p80"),
        ):
            assert shown[label] == (getattr(figures, field) - getattr(working, field)).days, label
        assert shown["Working days (more)"] == figures.working_days - working.working_days
        for label, field in (
            ("One-off cost (£ more)", "one_off"),
            ("Dual running cost (£ more)", "dual_running"),
            ("Total cost, migrate (£ more)", "total_migrate"),
            ("Net present cost, migrate (£ more)", "npc_migrate"),
            ("Net present cost, do minimum (£ more)", "npc_do_minimum"),
            ("Switching value (£ more)", "switching_value"),
        ):
            assert shown[label] == pytest.approx(getattr(figures, field) - getattr(working, field), abs=PENNY)
        gap = (figures.npc_migrate - figures.npc_do_minimum) - (working.npc_migrate - working.npc_do_minimum)
        assert shown["Net present cost difference (£ more)"] == pytest.approx(gap, abs=PENNY)
    if name == "tracked":
        assert len(versions) == 2 and versions[1].finish != working.finish


def test_status_cost_variance_matches_the_engine(recalculated: dict[str, Any]) -> None:
    plan, costs, wb = recalculated["tracked"]
    baseline = plan.active_baseline
    schedule = compute_schedule(plan)
    moved = variance(plan, baseline, schedule, WorkingCalendar.for_project(plan.project), costs)
    ws = wb["Status"]
    header = _rows(ws)["Cost item"]
    for k, item in enumerate(moved.costs):
        row = header + 1 + k
        assert ws.cell(row, 1).value == item.item
        assert ws.cell(row, 6).value == pytest.approx(item.variance, abs=PENNY), item.item
    total = header + 1 + len(moved.costs)
    assert ws.cell(total, 4).value == pytest.approx(sum(i.baseline or 0.0 for i in moved.costs), abs=PENNY)
    assert ws.cell(total, 5).value == pytest.approx(costs.total_migrate, abs=PENNY)
    assert ws.cell(total, 6).value == pytest.approx(sum(i.variance for i in moved.costs), abs=PENNY)
    assert ws.cell(total + 1, 4).value == pytest.approx(baseline.total_migrate, abs=PENNY)
    assert ws.cell(total + 1, 5).value == pytest.approx(costs.total_migrate, abs=PENNY)
    assert ws.cell(total + 1, 6).value == pytest.approx(moved.total_change, abs=PENNY)
