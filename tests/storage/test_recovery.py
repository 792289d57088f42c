"""Autosaves in the user data folder: written with a sidecar, found after a real crash, never stolen from a
live process, discarded cleanly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app import __version__
from app.storage import recovery
from tests.storage.bigplan import big_plan

ROOT = Path(__file__).resolve().parents[2]

CRASHING_WRITER = """
import os, signal, sys
sys.path.insert(0, {root!r})
from pathlib import Path
from app.storage import recovery
from tests.storage.bigplan import big_plan
recovery.write_autosave(big_plan(30, 7), recovery.new_key(), name="plan.ccplan",
                        original=Path({original!r}))
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_data_folder_follows_ccplan_data_dir(tmp_path: Path) -> None:
    assert recovery.data_folder() == tmp_path / "data"
    assert recovery.autosave_folder() == tmp_path / "data" / "autosave"


def test_autosave_writes_interchange_json_and_a_sidecar(tmp_path: Path) -> None:
    plan = big_plan(20, 1)
    original = tmp_path / "plan.ccplan"
    autosave = recovery.write_autosave(plan, "k1", name="plan.ccplan", original=original)
    assert autosave.plan_path == recovery.autosave_folder() / "k1.json"
    assert sorted(p.name for p in recovery.autosave_folder().iterdir()) == ["k1.json", "k1.meta.json"]
    meta = json.loads(autosave.meta_path.read_text(encoding="utf-8"))
    assert meta["original"] == str(original)
    assert meta["pid"] == os.getpid()
    assert meta["app_version"] == __version__
    assert datetime.fromisoformat(meta["saved_at"]).tzinfo is not None
    assert recovery.load_autosave(autosave) == plan


def test_autosaves_of_this_live_process_are_not_recoverable() -> None:
    recovery.write_autosave(big_plan(5, 1), recovery.new_key(), name="x", original=None)
    assert recovery.list_recoverable() == []


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_the_autosave_of_a_killed_process_is_recoverable(tmp_path: Path) -> None:
    original = tmp_path / "plan.ccplan"
    code = CRASHING_WRITER.format(root=str(ROOT), original=str(original))
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert child.returncode == -signal.SIGKILL, child.stderr
    [found] = recovery.list_recoverable()
    assert found.original == original
    assert found.name == "plan.ccplan"
    assert found.pid != os.getpid()
    assert found.app_version == __version__
    assert recovery.load_autosave(found) == big_plan(30, 7)
    recovery.discard(found)
    assert list(recovery.autosave_folder().iterdir()) == []
    assert recovery.list_recoverable() == []


def test_newest_first_and_damage_tolerated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recovery, "process_alive", lambda pid: False)
    older = recovery.write_autosave(big_plan(5, 1), "a", name="older", original=None)
    newer = recovery.write_autosave(big_plan(5, 2), "b", name="newer", original=None)
    meta = json.loads(older.meta_path.read_text(encoding="utf-8"))
    meta["saved_at"] = (datetime.now().astimezone() - timedelta(hours=1)).isoformat()
    older.meta_path.write_text(json.dumps(meta), encoding="utf-8")
    folder = recovery.autosave_folder()
    (folder / "junk.meta.json").write_text("{broken", encoding="utf-8")  # unreadable: skipped
    orphan = recovery.write_autosave(big_plan(5, 3), "c", name="orphan", original=None)
    orphan.plan_path.unlink()  # a crash between the two writes: the lone sidecar is pruned
    assert [a.name for a in recovery.list_recoverable()] == ["newer", "older"]
    assert not orphan.meta_path.exists()
    assert newer.key == "b"


def test_autosaves_from_another_computer_wait_a_day(monkeypatch: pytest.MonkeyPatch) -> None:
    autosave = recovery.write_autosave(big_plan(5, 1), "k", name="elsewhere", original=None)
    meta = json.loads(autosave.meta_path.read_text(encoding="utf-8"))
    meta["host"] = "another-host.example"
    autosave.meta_path.write_text(json.dumps(meta), encoding="utf-8")
    assert recovery.list_recoverable() == []
    later = datetime.now().astimezone() + timedelta(days=2)
    assert [a.name for a in recovery.list_recoverable(now=later)] == ["elsewhere"]


def test_discard_key_is_quiet_when_nothing_is_there() -> None:
    recovery.discard_key("never-written")
