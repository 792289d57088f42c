"""Saving is atomic: a failure or a kill at any moment leaves the previous file whole and readable."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.errors import InputError
from app.storage import project_file
from app.storage.project_file import load_plan, save_plan
from tests.storage.bigplan import big_plan

ROOT = Path(__file__).resolve().parents[2]


def test_failing_replace_leaves_old_file_and_no_temp_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.ccplan"
    old_plan = big_plan(200, 1)
    save_plan(old_plan, path)
    before = path.read_bytes()

    def no_space(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_space)
    with pytest.raises(InputError, match="cannot save: no space left on device"):
        save_plan(big_plan(300, 2), path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.ccplan"]
    assert load_plan(path) == old_plan


def test_interrupt_while_writing_rows_leaves_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.ccplan"
    save_plan(big_plan(20, 1), path)
    before = path.read_bytes()

    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(project_file, "write_plan", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_plan(big_plan(20, 2), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.ccplan"]


CHILD = """
import sys
sys.path.insert(0, {root!r})
from app.storage.project_file import save_plan
from tests.storage.bigplan import big_plan
plans = [big_plan(3000, 1), big_plan(2500, 2)]
save_plan(plans[0], {path!r})
print("ready", flush=True)
n = 1
while True:
    save_plan(plans[n % 2], {path!r})
    n += 1
"""


@pytest.mark.slow
def test_killing_a_saving_process_never_leaves_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "p.ccplan"
    candidates = [big_plan(3000, 1), big_plan(2500, 2)]
    rng = random.Random(2025)
    for _ in range(4):
        child = subprocess.Popen([sys.executable, "-c", CHILD.format(root=str(ROOT), path=str(path))],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "ready", child.stderr.read() if child.stderr else ""
            time.sleep(rng.uniform(0.0, 0.6))
        finally:
            child.kill()  # SIGKILL on POSIX: no cleanup runs
            child.communicate()
        assert child.returncode != 0
        assert load_plan(path) in candidates
    leftovers = [p for p in tmp_path.iterdir() if p.name != "p.ccplan"]
    assert all(p.name.startswith(".p.ccplan.") and p.name.endswith(".part") for p in leftovers)
