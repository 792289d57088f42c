"""Interchange JSON: lossless round trips, and bad input named by its JSON path."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given

from app.engine import model as m
from app.errors import InputError
from app.storage.interchange import dumps, parse_text, plan_to_dict, read_json, write_json
from tests.conftest import SAMPLES
from tests.strategies import plans

SAMPLE_FILES = sorted(SAMPLES.glob("*.json"))


def _minimal(**extra: object) -> dict[str, object]:
    doc: dict[str, object] = {"format": "ccplan", "version": 1,
                              "project": {"name": "Test", "start_date": "2026-06-01"}}
    doc.update(extra)
    return doc


def _error(doc: object) -> str:
    with pytest.raises(InputError) as caught:
        parse_text(json.dumps(doc), "plan.json")
    message = str(caught.value)
    assert "\n" not in message
    return message


@given(plans())
def test_generated_plans_round_trip_exactly(plan: m.Plan) -> None:
    text = dumps(plan)
    again = parse_text(text)
    assert again == plan
    assert dumps(again) == text


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_samples_round_trip(path: Path) -> None:
    plan = read_json(path)
    assert parse_text(dumps(plan)) == plan


def test_minimal_document_takes_defaults() -> None:
    plan = parse_text(json.dumps(_minimal()))
    assert plan.project.start_date == date(2026, 6, 1)
    assert plan.project.nation == "england-and-wales"
    assert plan.project.benchmark_months == 12.0
    assert plan.tasks == ()


def test_write_json_is_readable_and_atomic(tmp_path: Path) -> None:
    plan = parse_text(json.dumps(_minimal()))
    target = tmp_path / "out.json"
    target.write_text("previous")
    write_json(plan, target)
    assert read_json(target) == plan
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


@pytest.mark.parametrize(("doc", "expected"), [
    (_minimal(tasks=[{"id": "a", "name": "A", "duration": "two"}]),
     '$.tasks[0].duration: expected a whole number, got "two"'),
    (_minimal(tasks=[{"id": "a", "name": "A", "duration": 2.5}]), "$.tasks[0].duration: expected a whole number"),
    (_minimal(tasks=[{"id": "a", "name": "A", "duration": True}]), "$.tasks[0].duration: expected a whole number"),
    (_minimal(tasks=[{"id": "a", "name": "A", "duration": 3, "predecessors": [{"task": "zz"}]}]),
     "$.tasks[0].predecessors[0].task: unknown task 'zz'"),
    (_minimal(tasks=[{"id": "a", "name": "A", "duration": 3}, {"id": "a", "name": "B", "duration": 1}]),
     "$.tasks[1].id: duplicate id 'a'"),
    (_minimal(tasks=[{"id": "a", "name": "A", "duration": 3, "predecessors": [{"task": "a", "type": "XX"}]}]),
     '$.tasks[0].predecessors[0].type: expected one of "FS", "SS", "FF", "SF", got "XX"'),
    (_minimal(tasks=[{"id": "a", "duration": 3}]), '$.tasks[0]: missing required key "name"'),
    (_minimal(tasks=[{"id": "a", "name": "A", "duration": 3, "colour": "red"}]),
     '$.tasks[0].colour: unknown key "colour"'),
    (_minimal(tasks=[{"id": "a", "name": "A", "duration": -3}]), "$.tasks[0].duration: must not be negative"),
    (_minimal(systems=[{"id": "s", "name": "PBX", "estate": "current", "kind": "acd", "annual_run_cost": -1}]),
     "$.systems[0].annual_run_cost: must not be negative"),
    (_minimal(systems=[{"id": "s", "name": "PBX", "estate": "legacy", "kind": "acd"}]),
     '$.systems[0].estate: expected one of "current", "target"'),
    (_minimal(systems=[{"id": "s", "name": "PBX", "estate": "current", "kind": "acd", "replaced_by": ["nope"]}]),
     "$.systems[0].replaced_by[0]: unknown system 'nope'"),
    (_minimal(cost_lines=[{"id": "c", "name": "Lic", "category": "x", "kind": "one_off", "unit_cost": 5,
                           "vat_irrecoverable": 1.5}]),
     "$.cost_lines[0].vat_irrecoverable: must be a fraction from 0 to 1"),
    ({"format": "ccplan", "version": 1, "project": {"name": "x", "start_date": "2026-02-30"}},
     '$.project.start_date: expected a real date YYYY-MM-DD, got "2026-02-30"'),
    ({"format": "ccplan", "version": 1, "project": {"name": "x", "start_date": "01/06/2026"}},
     "$.project.start_date: expected a real date YYYY-MM-DD"),
    ({"format": "ccplan", "version": 1, "project": {"name": "x", "start_date": "2026-06-01"}, "tasks": {}},
     "$.tasks: expected a list, got an object"),
    ({"format": "ccplan", "version": 2}, "$.version: written by a newer ccplan (format version 2)"),
    ({"format": "other", "version": 1}, "$.format: not a ccplan interchange file"),
    ({"format": "ccplan", "version": 1}, '$: missing required key "project"'),
    ([1, 2], "$: expected a JSON object, got a list"),
    (_minimal(project={"name": "x", "start_date": "2026-06-01", "baseline": "B9"}),
     "$.project.baseline: unknown baseline 'B9'"),
    (_minimal(baselines=[{"id": "B1", "name": "FBC", "saved": "2026-05-01", "start": "2026-06-01",
                          "finish": "2027-13-01"}]),
     "$.baselines[0].finish: expected a real date YYYY-MM-DD"),
    (_minimal(scenarios=[{"id": "S1", "plan": {"project": {"name": "x", "start_date": "2026-06-01"},
                                               "tasks": [{"id": "a", "name": "A", "duration": -1}]}}]),
     "$.scenarios[0].plan.tasks[0].duration: must not be negative"),
    (_minimal(scenarios=[{"id": "S1", "plan": {"project": {"name": "x", "start_date": "2026-06-01"},
                                               "tasks": [{"id": "a", "name": "A", "duration": 1,
                                                          "predecessors": [{"task": "b"}]}]}}]),
     "$.scenarios[0].plan.tasks[0].predecessors[0].task: unknown task 'b'"),
    (_minimal(scenarios=[{"id": "S1", "plan": {"project": {"name": "x", "start_date": "2026-06-01"},
                                               "scenarios": [{"id": "S2", "plan": {"project": {
                                                   "name": "y", "start_date": "2026-06-01"}}}]}}]),
     "$.scenarios[0].plan.scenarios: a scenario cannot hold scenarios of its own"),
])
def test_bad_documents_name_the_json_path(doc: object, expected: str) -> None:
    message = _error(doc)
    assert message.startswith("plan.json: ")
    assert expected in message


def test_truncated_json_says_so(tmp_path: Path) -> None:
    text = dumps(parse_text(json.dumps(_minimal(tasks=[{"id": "a", "name": "A", "duration": 3}]))))
    path = tmp_path / "cut.json"
    path.write_text(text[: len(text) // 2])
    with pytest.raises(InputError) as caught:
        read_json(path)
    assert str(caught.value).startswith(f"{path}: not valid JSON at line ")
    assert "truncated" in str(caught.value)


@pytest.mark.parametrize("raw", [b"\xff\xfe\x00garbage", b"", b"NaN", b'{"format": "ccplan", "version": Infinity}'])
def test_unreadable_bytes_are_input_errors(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(raw)
    with pytest.raises(InputError):
        read_json(path)


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_json(tmp_path / "nowhere.json")


def test_dump_lists_every_field_in_model_order() -> None:
    plan = parse_text(json.dumps(_minimal(tasks=[{"id": "a", "name": "A", "duration": 3}])))
    task = plan_to_dict(plan)["tasks"][0]
    assert list(task) == [f for f in m.Task.__dataclass_fields__]


def test_write_json_keeps_the_old_file_permissions(tmp_path: Path) -> None:
    plan = parse_text(json.dumps(_minimal()))
    target = tmp_path / "shared.json"
    target.write_text("previous")
    target.chmod(0o644)
    write_json(plan, target)
    assert target.stat().st_mode & 0o777 == 0o644
