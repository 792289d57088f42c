"""Fuzzing the command line on broken interchange files: exit 1 or 2, one line on stderr, nothing written.

``ccplan validate`` runs as a user runs it (a subprocess, so only a few examples); ``validate`` and
``import --out`` also run in-process on more examples, which is quicker and checks the same contract.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import cli
from app.errors import InputError
from app.storage.interchange import read_json
from tests.conftest import ROOT, ccplan_command
from tests.fuzz.helpers import NASTY_SCALARS, assert_one_line, fingerprint, scratch_folder
from tests.fuzz.test_interchange_fuzz import broken_documents

# Every nasty value, far-future dates included: the working calendar stops at 31 Dec 3999 and a schedule
# that would run past it is reported as an error (exit 1), quickly (see the far-future tests below).
tame_values = st.sampled_from(NASTY_SCALARS) | st.recursive(
    st.sampled_from((None, 0, "", "x", -1)), lambda inner: st.lists(inner, max_size=2), max_leaves=3)


def _in_process(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(args))
    return code, out.getvalue(), err.getvalue()


def _assert_clean_failure(code: int, stderr: str, path: Path) -> None:
    assert code == 2, stderr
    assert "Traceback" not in stderr and "unexpected error" not in stderr, stderr
    line = stderr.strip()
    assert_one_line(line)
    assert str(path) in line


@settings(max_examples=3)
@given(broken_documents(max_items=2, values=tame_values))
def test_validate_subprocess_on_broken_files(text: str) -> None:
    with scratch_folder() as folder:
        path = folder / "broken.json"
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        before = fingerprint(path)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop("CCPLAN_DEBUG", None)
        result = subprocess.run([*ccplan_command(), "validate", str(path)], capture_output=True, text=True,
                                cwd=ROOT, env=env, timeout=120)
        assert fingerprint(path) == before
        try:
            read_json(path)
        except InputError:
            _assert_clean_failure(result.returncode, result.stderr, path)
        else:
            assert result.returncode in (0, 1), result.stderr
            assert "Traceback" not in result.stderr and "unexpected error" not in result.stderr


@settings(max_examples=20)
@given(broken_documents(max_items=2, values=tame_values))
def test_validate_and_import_in_process_on_broken_files(text: str) -> None:
    with scratch_folder() as folder:
        path = folder / "broken.json"
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        before = fingerprint(path)
        out = folder / "out.ccplan"
        try:
            plan = read_json(path)
        except InputError:
            plan = None
        code, _, err = _in_process("validate", str(path))
        if plan is None:
            _assert_clean_failure(code, err, path)
        else:
            assert code in (0, 1) and not err, err
        code, _, err = _in_process("import", str(path), "--out", str(out))
        assert fingerprint(path) == before
        if plan is None:
            _assert_clean_failure(code, err, path)
            assert not out.exists(), "a failed import wrote its output"
        else:
            assert code == 0, err
            code, dumped, err = _in_process("dump", str(out))
            assert code == 0, err
            assert json.loads(dumped) == json.loads(_in_process("dump", str(path))[1])


def _far_deadline() -> dict[str, Any]:
    return {"format": "ccplan", "version": 1, "project": {"name": "P", "start_date": "2026-06-01"},
            "tasks": [{"id": "T1", "name": "Task", "duration": 5, "deadline": "9999-12-31"}]}


def test_validate_with_a_far_future_deadline_finishes_quickly(tmp_path: Path) -> None:
    path = tmp_path / "far.json"
    path.write_text(json.dumps(_far_deadline()), encoding="utf-8")
    code, _, err = _in_process("validate", str(path))
    assert code in (0, 1, 2) and "unexpected error" not in err


def _far_plan(tasks: list[dict[str, Any]], **project: Any) -> dict[str, Any]:
    return {"format": "ccplan", "version": 1,
            "project": {"name": "P", "start_date": "2026-06-01", **project}, "tasks": tasks}


def _chain(length: int) -> list[dict[str, Any]]:
    """``length`` tasks of 99,999 working days one after another, 9,999-day lags between them."""
    return [{"id": f"T{i}", "name": f"Step {i}", "duration": 99_999, "pessimistic": 99_999,
             "predecessors": [{"task": f"T{i - 1}", "lag": 9_999}] if i else []} for i in range(length)]


@pytest.mark.parametrize("doc", [
    _far_plan(_chain(5)),
    _far_plan(_chain(40)),
    _far_plan([{"id": "T1", "name": "Task", "duration": 5, "start_no_earlier_than": "9999-12-31"}]),
    _far_plan([{"id": "T1", "name": "Task", "duration": 5, "actual_start": "9999-01-01"}]),
    _far_plan([{"id": "T1", "name": "Task", "duration": 5}], status_date="9999-12-31"),
    _far_plan([{"id": "T1", "name": "Task", "duration": 5, "kind": "cutover"}],
              freezes=[{"name": "Forever", "start": "2026-06-01", "end": "9999-12-31"}]),
], ids=["5-long-tasks", "40-long-tasks", "start-no-earlier-than", "actual-start", "status-date", "freeze"])
def test_a_schedule_past_the_calendar_is_a_plan_error(tmp_path: Path, doc: dict[str, Any]) -> None:
    """validate and schedule say the schedule runs past the calendar's last day (exit 1), and quickly."""
    import time

    path = tmp_path / "far.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    began = time.perf_counter()
    code, out, err = _in_process("validate", str(path))
    assert code == 1 and not err, err
    assert "The schedule runs past 31 Dec 3999" in out and "[unschedulable]" in out
    code, out, err = _in_process("schedule", str(path))
    assert code == 1 and not out
    assert_one_line(err.strip())
    assert err.startswith("ccplan: the schedule runs past 31 Dec 3999"), err
    assert time.perf_counter() - began < 5


def test_far_deadlines_and_freezes_bound_nothing(tmp_path: Path) -> None:
    """A deadline or a freeze in 9999 is past every working day the calendar holds: the plan schedules."""
    doc = _far_plan([{"id": "T1", "name": "Task", "duration": 5, "deadline": "9999-12-31",
                      "kind": "cutover"}],
                    freezes=[{"name": "Later", "start": "9999-01-01", "end": "9999-12-31"}])
    path = tmp_path / "far.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, out, err = _in_process("schedule", str(path))
    assert code == 0 and not err, err
    assert "2026-06-01 2026-06-05" in out
    assert _in_process("validate", str(path))[0] == 0
