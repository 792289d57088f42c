"""The command line as a user runs it: a subprocess per command, exit codes and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from app.storage.interchange import parse_text, read_json
from tests.conftest import ROOT, SAMPLES, ccplan_command

SAMPLE_FILES = sorted(SAMPLES.glob("*.json"))


def ccplan(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CCPLAN_DEBUG", None)
    return subprocess.run([*ccplan_command(), *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=120)


def assert_one_clear_line(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_version() -> None:
    result = ccplan("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("ccplan ")


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_sample_validates_clean(path: Path) -> None:
    result = ccplan("validate", path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors" in result.stdout


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_sample_round_trips_through_import_and_dump(path: Path, tmp_path: Path) -> None:
    project = tmp_path / f"{path.stem}.ccplan"
    result = ccplan("import", path, "--out", project)
    assert result.returncode == 0, result.stderr
    dumped = ccplan("dump", project)
    assert dumped.returncode == 0, dumped.stderr
    assert parse_text(dumped.stdout) == read_json(path)
    again = tmp_path / "again.ccplan"
    (tmp_path / "dump.json").write_text(dumped.stdout, encoding="utf-8")
    assert ccplan("import", tmp_path / "dump.json", "--out", again).returncode == 0
    assert ccplan("dump", again).stdout == dumped.stdout


def test_new_empty_and_from_sample(tmp_path: Path) -> None:
    empty = tmp_path / "empty.ccplan"
    result = ccplan("new", empty, "--name", "Borough telephony", "--start", "2027-04-01", "--nation", "scotland")
    assert result.returncode == 0, result.stderr
    doc = json.loads(ccplan("dump", empty).stdout)
    assert doc["project"]["name"] == "Borough telephony"
    assert doc["project"]["start_date"] == "2027-04-01"
    assert doc["project"]["nation"] == "scotland"
    if SAMPLE_FILES:
        from_sample = tmp_path / "midshire.ccplan"
        assert ccplan("new", from_sample, "--sample", "midshire").returncode == 0
        assert json.loads(ccplan("dump", from_sample).stdout)["project"]["name"].startswith("Midshire")


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    existing = tmp_path / "mine.ccplan"
    existing.write_bytes(b"precious")
    assert_one_clear_line(ccplan("new", existing), "already exists")
    assert existing.read_bytes() == b"precious"


def test_unknown_sample(tmp_path: Path) -> None:
    assert_one_clear_line(ccplan("new", tmp_path / "x.ccplan", "--sample", "atlantis"), "no sample project")
    assert not (tmp_path / "x.ccplan").exists()


def test_random_bytes_project_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ccplan"
    bad.write_bytes(os.urandom(4096))
    before = bad.read_bytes()
    for command in ("validate", "dump"):
        assert_one_clear_line(ccplan(command, bad), str(bad), "not a ccplan project")
    assert bad.read_bytes() == before


def test_truncated_json(tmp_path: Path) -> None:
    source = SAMPLE_FILES[0] if SAMPLE_FILES else None
    text = source.read_text(encoding="utf-8") if source else '{"format": "ccplan", "version": 1, "project": {}}'
    cut = tmp_path / "cut.json"
    cut.write_text(text[: len(text) // 3], encoding="utf-8")
    out = tmp_path / "out.ccplan"
    result = ccplan("import", cut, "--out", out)
    assert_one_clear_line(result, str(cut), "not valid JSON")
    assert not out.exists()
    assert_one_clear_line(ccplan("validate", cut), "truncated")


def test_bad_json_names_path_and_writes_nothing(tmp_path: Path) -> None:
    doc = {"format": "ccplan", "version": 1, "project": {"name": "x", "start_date": "2026-06-01"},
           "tasks": [{"id": "a", "name": "A", "duration": 3, "predecessors": [{"task": "ghost"}]}]}
    src = tmp_path / "bad.json"
    src.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "out.ccplan"
    out.write_bytes(b"old")
    assert_one_clear_line(ccplan("import", src, "--out", out), "$.tasks[0].predecessors[0].task", "ghost")
    assert out.read_bytes() == b"old"


def test_missing_file() -> None:
    assert_one_clear_line(ccplan("validate", "nowhere.json"), "nowhere.json", "no such file")


def test_plan_errors_exit_1_and_strict_warnings(tmp_path: Path) -> None:
    doc = {"format": "ccplan", "version": 1, "project": {"name": "x", "start_date": "2026-06-01"},
           "tasks": [{"id": "a", "name": "Design", "duration": 3, "predecessors": [{"task": "b"}]},
                     {"id": "b", "name": "Build", "duration": 3, "predecessors": [{"task": "a"}]}]}
    src = tmp_path / "cycle.json"
    src.write_text(json.dumps(doc), encoding="utf-8")
    result = ccplan("validate", src)
    assert result.returncode == 1
    assert "Design" in result.stdout and "Build" in result.stdout
    report = json.loads(ccplan("validate", src, "--json").stdout)
    assert report["ok"] is False and report["errors"] >= 1
    warn = {"format": "ccplan", "version": 1, "project": {"name": "x", "start_date": "2026-06-01"},
            "systems": [{"id": "s", "name": "Old PBX", "estate": "current", "kind": "acd"}]}
    src.write_text(json.dumps(warn), encoding="utf-8")
    assert ccplan("validate", src).returncode == 0
    assert ccplan("validate", src, "--strict").returncode == 1


def test_inventory_import_reports_rows_and_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "estate.csv"
    good.write_text("Name,Estate,Component type,Supplier,Annual run cost,Contract end\n"
                    "Legacy PBX,current,ACD,Avaya,\"£150,000\",31/03/2027\n"
                    "CCaaS,target,Contact-centre platform,Genesys,£0,\n", encoding="utf-8")
    out = tmp_path / "estate.ccplan"
    result = ccplan("import", good, "--out", out, "--start", "2027-01-04")
    assert result.returncode == 0, result.stdout + result.stderr
    doc = json.loads(ccplan("dump", out).stdout)
    assert [s["name"] for s in doc["systems"]] == ["Legacy PBX", "CCaaS"]
    assert doc["systems"][0]["annual_run_cost"] == 150000 and doc["systems"][0]["contract_end"] == "2027-03-31"
    bad = tmp_path / "messy.csv"
    bad.write_text("Name,Estate,Annual run cost\nRecorder,current,£12x\nWFM,current,£9,000\n", encoding="utf-8")
    result = ccplan("import", bad, "--out", tmp_path / "messy.ccplan")
    assert result.returncode == 1
    assert "row 2" in result.stdout and "Annual run cost" in result.stdout


def test_inventory_import_of_a_renamed_file_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "estate.xlsx"
    src.write_bytes(b"this is not a workbook")
    out = tmp_path / "o.ccplan"
    assert_one_clear_line(ccplan("import", src, "--out", out), "estate.xlsx", "not an Excel workbook")
    assert not out.exists()


def test_template_then_import(tmp_path: Path) -> None:
    template = tmp_path / "template.xlsx"
    assert ccplan("template", template).returncode == 0
    assert_one_clear_line(ccplan("template", template), "already exists")


def test_unbuilt_commands_are_usage_errors() -> None:
    result = ccplan("frobnicate", "x", "--json")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_schedule_json_follows_the_contract(path: Path) -> None:
    result = ccplan("schedule", path, "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    for key in ("start", "finish", "working_days", "calendar_months", "benchmark_months", "within_benchmark",
                "tasks", "phases", "violations"):
        assert key in doc
    assert len(doc["tasks"]) == len(read_json(path).tasks)
    assert max(t["finish"] for t in doc["tasks"]) == doc["finish"]
    assert any(t["critical"] for t in doc["tasks"])
    for task in doc["tasks"]:
        assert task["start"] <= task["finish"]
        assert isinstance(task["total_float"], int) and not isinstance(task["total_float"], bool)


def test_simulate_json_follows_the_contract_and_repeats_with_a_seed() -> None:
    path = SAMPLES / "northvale.json"
    first = ccplan("simulate", path, "--iterations", "400", "--seed", "7", "--json")
    assert first.returncode == 0, first.stderr
    doc = json.loads(first.stdout)
    assert doc["iterations"] == 400 and doc["seed"] == 7 and doc["distribution"] in ("pert", "triangular")
    finish = doc["finish"]
    assert finish["p10"] <= finish["p50"] <= finish["p80"] <= finish["p90"]
    assert set(doc["criticality"]) == {t.id for t in read_json(path).tasks}
    assert 0 <= doc["p_within_benchmark"] <= 1
    again = ccplan("simulate", path, "--iterations", "400", "--seed", "7", "--json")
    assert again.stdout == first.stdout
    assert_one_clear_line(ccplan("simulate", path, "--iterations", "0"), "must be 1 or more")


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_cost_json_follows_the_contract_and_reconciles(path: Path) -> None:
    result = ccplan("cost", path, "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["currency"] == "GBP"
    plan = read_json(path)
    assert len(doc["by_fy"]) == plan.project.appraisal_years
    assert doc["by_fy"][0]["fy"][:4] == str(plan.project.start_date.year - (plan.project.start_date.month < 4))
    rate = plan.project.discount_rate
    for option in ("migrate", "do_minimum"):
        discounted = sum(row[option] / (1 + rate) ** t for t, row in enumerate(doc["by_fy"]))
        assert doc[f"npc_{option}"] == pytest.approx(discounted, abs=0.005)
    assert sum(doc["by_category"].values()) == pytest.approx(sum(r["migrate"] for r in doc["by_fy"]), abs=0.005)
    assert doc["one_off"] > 0 and doc["optimism_bias"] > 0 and doc["annual_run_current"] > 0


def test_export_mspdi_and_csv(tmp_path: Path) -> None:
    from app.exporters.mspdi import read_mspdi

    path = SAMPLES / "northvale.json"
    xml, folder = tmp_path / "plan.xml", tmp_path / "tables"
    result = ccplan("export", path, "--mspdi", xml, "--csv", folder)
    assert result.returncode == 0, result.stderr
    project = read_mspdi(xml)
    names = {t.name for t in project.tasks}
    assert {t.name for t in read_json(path).tasks} <= names
    assert sorted(p.name for p in folder.iterdir()) == [
        "cost-by-fy.csv", "cost-lines.csv", "integrations.csv", "phases.csv", "schedule.csv", "systems.csv"]
    assert_one_clear_line(ccplan("export", path), "--xlsx")
    assert_one_clear_line(ccplan("export", tmp_path / "missing.json", "--mspdi", xml), "no such file")


def test_export_xlsx_writes_a_workbook_with_live_totals(tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "plan.xlsx"
    out.write_bytes(b"old")
    result = ccplan("export", SAMPLES / "midshire.json", "--xlsx", out)
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(out)
    summary = {row[0].value: row[1] for row in book["Summary"].iter_rows(min_row=1) if row[0].value}
    for label in ("Project", "Finish date", "P50 finish", "P80 finish", "Benchmark months", "One-off cost",
                  "Dual running cost", "Optimism bias", "Net present cost (migrate)",
                  "Net present cost (do minimum)", "Switching value"):
        assert label in summary
    assert summary["One-off cost"].data_type == "f" and summary["Net present cost (migrate)"].data_type == "f"
    assert not list(tmp_path.glob(".*.part"))
