"""Fuzzing the interchange JSON reader: any bytes, and sound documents broken in every way a file can break.

Contract (docs/interchange.md, app/errors.py): reading gives a ``Plan`` or one ``InputError`` line naming the
file and, for a problem inside the document, its JSON path; never another exception; the file is left
byte-for-byte as it was. A plan that reads can be written back, read again and saved as a project file.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import math
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.engine import model as m
from app.errors import InputError
from app.storage.interchange import MAX_WHOLE, MAXIMUMS, dumps, parse_text, plan_to_dict, read_json
from app.storage.project_file import SQLITE_MAGIC, load_plan, open_project, save_plan
from tests.fuzz.helpers import assert_input_error, fingerprint, nasty_values, odd_keys, scratch_folder
from tests.strategies import plans

# Messages about the file as a whole rather than a place inside it (no JSON path then).
FILE_LEVEL = ("not valid JSON", "not a text file", "not a ccplan project file", "a SQLite database",
              "the project file is damaged", "no such file")


def _read_both(path: Path) -> m.Plan | InputError:
    """Read ``path`` with ``read_json`` and ``open_project``; both agree; the file is unchanged."""
    before = fingerprint(path)
    outcomes: list[m.Plan | InputError] = []
    for reader in (read_json, lambda p: open_project(p).plan):
        try:
            outcomes.append(reader(path))
        except InputError as error:
            assert_input_error(error, path, json_path=not error.message.startswith(FILE_LEVEL))
            outcomes.append(error)
        assert fingerprint(path) == before, "reading changed the file"
    first, second = outcomes
    if isinstance(first, m.Plan):
        assert second == first
    return first


def _check_plan_is_sound(plan: m.Plan, folder: Path) -> None:
    """A plan the reader accepts can be written as JSON and as a project file and read back unchanged."""
    text = dumps(plan)
    assert parse_text(text) == plan
    project = folder / "again.ccplan"
    save_plan(plan, project)
    assert load_plan(project) == plan


# --- arbitrary input ------------------------------------------------------------------------------------


@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_escape_as_another_exception(data: bytes) -> None:
    with scratch_folder() as folder:
        path = folder / "plan.json"
        path.write_bytes(data)
        _read_both(path)


HEADS = (b"{", b"\xef\xbb\xbf{", b" \r\n\t{", SQLITE_MAGIC, b"[", b'"')


@given(st.sampled_from(HEADS), st.binary(max_size=300))
def test_bytes_that_look_like_json_or_sqlite_are_refused_cleanly(head: bytes, tail: bytes) -> None:
    with scratch_folder() as folder:
        path = folder / "plan.ccplan"
        path.write_bytes(head + tail)
        try:
            open_project(path)
        except InputError as error:
            assert_input_error(error, path)
        with pytest.raises(InputError) as caught:
            read_json(path)
        assert_input_error(caught.value, path)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


@given(json_values, st.booleans())
def test_any_json_value_reads_or_is_refused_with_its_path(value: Any, as_body: bool) -> None:
    doc = {"format": "ccplan", "version": 1, **value} if as_body and isinstance(value, dict) else value
    with scratch_folder() as folder:
        path = folder / "plan.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        _read_both(path)


# --- sound documents, broken ----------------------------------------------------------------------------


def _slots(doc: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) in ``doc``: each object key and list position, depth first."""
    found: list[tuple[Any, Any]] = []
    stack = [doc]
    while stack:
        node = stack.pop()
        keys = list(node) if isinstance(node, dict) else range(len(node)) if isinstance(node, list) else ()
        for key in keys:
            found.append((node, key))
            stack.append(node[key])
    return found


@st.composite
def broken_documents(draw: st.DrawFn, max_items: int = 3,
                     values: st.SearchStrategy[Any] = nasty_values) -> str:
    """A written plan with 1-3 changes of the kinds hand edits and other tools make, as JSON text."""
    plan = draw(plans(max_items=max_items))
    doc = plan_to_dict(plan)
    for _ in range(draw(st.integers(1, 3))):
        slots = _slots(doc)
        parent, key = draw(st.sampled_from(slots))
        operation = draw(st.sampled_from(("delete", "replace", "replace", "duplicate", "unknown", "wrap",
                                          "version")))
        if operation == "delete":
            del parent[key]
        elif operation == "replace":
            parent[key] = draw(values)
        elif operation == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        elif operation == "unknown" and isinstance(parent[key], dict):
            parent[key][draw(odd_keys)] = draw(values)
        elif operation == "wrap":
            parent[key] = draw(st.sampled_from(([parent[key]], {"value": parent[key]}, [[[[parent[key]]]]])))
        elif operation == "version":
            doc["version"] = draw(values)
    text = json.dumps(doc, indent=draw(st.sampled_from((None, 2))), ensure_ascii=draw(st.booleans()))
    cut = draw(st.sampled_from(("whole", "whole", "whole", "truncate", "splice", "duplicate-key")))
    if cut == "truncate":
        text = text[:draw(st.integers(0, max(0, len(text) - 1)))]
    elif cut == "splice" and text:
        at = draw(st.integers(0, len(text) - 1))
        text = text[:at] + draw(st.text(max_size=4)) + text[at + draw(st.integers(0, 3)):]
    elif cut == "duplicate-key" and '"name": ' in text:
        text = text.replace('"name": ', '"name": "first", "name": ', 1)
    return text


@settings(max_examples=40)
@given(broken_documents())
def test_broken_documents_read_or_fail_with_one_line_naming_file_and_path(text: str) -> None:
    with scratch_folder() as folder:
        path = folder / "plan.json"
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        outcome = _read_both(path)
        if isinstance(outcome, m.Plan):
            _check_plan_is_sound(outcome, folder)


@settings(max_examples=10)
@given(plans(max_items=3), st.data())
def test_truncated_files_are_refused(plan: m.Plan, data: st.DataObject) -> None:
    text = dumps(plan)
    cut = data.draw(st.integers(1, len(text.rstrip()) - 1))
    with scratch_folder() as folder:
        path = folder / "plan.json"
        path.write_text(text[:cut], encoding="utf-8")
        outcome = _read_both(path)
        assert isinstance(outcome, InputError)
        assert "not valid JSON" in outcome.message


# --- the cases that once escaped -------------------------------------------------------------------------


def _minimal(**project: object) -> dict[str, Any]:
    return {"format": "ccplan", "version": 1, "project": {"name": "P", "start_date": "2026-06-01", **project}}


def _with_task(**task: object) -> dict[str, Any]:
    return {**_minimal(), "tasks": [{"id": "T1", "name": "Task", "duration": 5, **task}]}


def _nested_scenarios(levels: int) -> dict[str, Any]:
    plan: dict[str, Any] = {"project": {"name": "P", "start_date": "2026-06-01"}}
    for _ in range(levels):
        plan = {"project": {"name": "P", "start_date": "2026-06-01"},
                "scenarios": [{"id": "S", "plan": plan}]}
    return {"format": "ccplan", "version": 1, **plan}


REFUSED: list[tuple[str, str, str]] = [
    ("week date", json.dumps(_minimal(start_date="2026-W01-1")),
     "$.project.start_date: expected a real date"),
    ("unpaired surrogate", json.dumps(_minimal(notes="a\ud800b")), "$.project.notes: not valid Unicode"),
    ("surrogate in a key", json.dumps(_minimal(**{"\udc00": 1})), "$.project: not valid Unicode"),
    ("int beyond SQLite", json.dumps({**_minimal(), "systems": [
        {"id": "S", "name": "PBX", "estate": "current", "kind": "acd", "seats": 2**63}]}),
     "$.systems[0].seats: too large"),
    ("float-as-int beyond SQLite", json.dumps(_with_task(duration=1e300)), "$.tasks[0].duration: too large"),
    ("4,000-digit number", json.dumps(_with_task(duration=10**4000)), "got a 4001-digit number"),
    ("huge duration", json.dumps(_with_task(duration=10**6)), "$.tasks[0].duration: must be at most 99,999"),
    ("huge lead", json.dumps({**_minimal(), "tasks": [
        {"id": "A", "name": "A", "duration": 1},
        {"id": "B", "name": "B", "duration": 1, "predecessors": [{"task": "A", "lag": -10**6}]}]}),
     "$.tasks[1].predecessors[0].lag: must be at least -9,999"),
    ("1,000-year appraisal", json.dumps(_minimal(appraisal_years=1000)), "must be at most 60"),
    ("huge benchmark", json.dumps(_minimal(benchmark_months=1e5)),
     "$.project.benchmark_months: must be at most"),
    ("huge discount rate", json.dumps(_minimal(discount_rate=1e300)),
     "$.project.discount_rate: must be at most"),
    ("start in year 1", json.dumps(_minimal(start_date="0001-01-01")), "$.project.start_date: must be from"),
    ("start in year 9999", json.dumps(_minimal(start_date="9999-12-30")),
     "$.project.start_date: must be from"),
    ("negative RAG days", json.dumps(_minimal(rag_amber_days=-5)), "$.project.rag_amber_days: must not be"),
    ("duplicate key", '{"format": "ccplan", "version": 1, "project": {"name": "A", "name": "B", '
     '"start_date": "2026-06-01"}}', '$.project.name: duplicate key "name"'),
    ("line break in an unknown key", json.dumps(_minimal(**{"colour\nred": 1})),
     '$.project["colour\\nred"]: unknown key "colour\\nred"'),
    ("line break in a duplicate id", json.dumps({**_minimal(), "phases": [
        {"id": "P\u2028", "name": "x"}, {"id": "P\u2028", "name": "y"}]}), "$.phases[1].id: duplicate id"),
    ("deeply nested scenarios", json.dumps(_nested_scenarios(300)), "$: nested too deeply"),
    ("deeply nested JSON", '{"format": "ccplan", "version": 1, "notes": ' + "[" * 100_000, "not valid JSON"),
    ("NaN", json.dumps(_minimal(vat_rate=math.nan)), "not valid JSON: NaN is not a number JSON allows"),
    ("newer version", json.dumps({**_minimal(), "version": 10**100}), "format version a 101-digit number"),
]


@pytest.mark.parametrize(("text", "expected"), [(t, e) for _, t, e in REFUSED],
                         ids=[n for n, _, _ in REFUSED])
def test_known_bad_input_is_refused_with_one_clear_line(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    outcome = _read_both(path)
    assert isinstance(outcome, InputError)
    assert expected in str(outcome)


def test_limits_admit_their_own_bounds(tmp_path: Path) -> None:
    doc = _minimal(appraisal_years=MAXIMUMS["appraisal_years"], benchmark_months=MAXIMUMS["benchmark_months"],
                   discount_rate=MAXIMUMS["discount_rate"], vat_rate=MAXIMUMS["vat_rate"],
                   start_date="1990-01-01", rag_amber_days=500, rag_red_days=0)
    doc["systems"] = [{"id": "S", "name": "PBX", "estate": "current", "kind": "acd", "seats": MAX_WHOLE}]
    doc["tasks"] = [{"id": "A", "name": "A", "duration": 99_999, "optimistic": 0, "pessimistic": 99_999},
                    {"id": "B", "name": "B", "duration": 0, "predecessors": [{"task": "A", "lag": -9_999}]}]
    path = tmp_path / "edge.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    plan = _read_both(path)
    assert isinstance(plan, m.Plan)
    _check_plan_is_sound(plan, tmp_path)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_plan_holding_nan_is_not_written_as_json(tmp_path: Path, bad: float) -> None:
    """NaN or infinity (which an editor once let in) would make an unreadable file: nothing is written."""
    line = m.CostLine("C1", "Licences", "CCaaS licences", "one_off", 100.0)
    plan = m.Plan(m.Project("P", date(2026, 6, 1)),
                  cost_lines=(line, dataclasses.replace(line, id="C2", quantity=bad)))
    target = tmp_path / "plan.json"
    target.write_text("previous", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        save_plan(plan, target)
    assert_input_error(caught.value, target, json_path=True)
    assert caught.value.where == "$.cost_lines[1].quantity"
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


# --- project files (SQLite) damaged on disk ----------------------------------------------------------------


@pytest.fixture(scope="module")
def project_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A small, current-schema .ccplan file's bytes."""
    path = tmp_path_factory.mktemp("project") / "plan.ccplan"
    save_plan(read_json(Path(__file__).resolve().parents[2] / "sample_projects" / "northvale.json"), path)
    return path.read_bytes()


@settings(max_examples=15)
@given(st.data())
def test_damaged_project_files_are_refused_cleanly_and_left_alone(project_bytes: bytes,
                                                                  data: st.DataObject) -> None:
    damaged = bytearray(project_bytes)
    how = data.draw(st.sampled_from(("flip", "truncate", "zero-page")))
    if how == "flip":
        for _ in range(data.draw(st.integers(1, 8))):
            at = data.draw(st.integers(0, len(damaged) - 1))
            damaged[at] ^= data.draw(st.integers(1, 255))
    elif how == "truncate":
        damaged = damaged[:data.draw(st.integers(16, len(damaged) - 1))]
    else:
        page = data.draw(st.integers(0, len(damaged) // 4096 - 1))
        damaged[page * 4096:(page + 1) * 4096] = bytes(4096)
    with scratch_folder() as folder:
        path = folder / "plan.ccplan"
        path.write_bytes(bytes(damaged))
        before = fingerprint(path)
        try:
            plan = open_project(path).plan
        except InputError as error:
            assert_input_error(error, path)
        else:
            assert isinstance(plan, m.Plan)
            assert parse_text(dumps(plan)) == plan  # what the project file reader accepts is a sound plan
        assert fingerprint(path) == before
        assert sorted(p.name for p in folder.iterdir()) == ["plan.ccplan"]
