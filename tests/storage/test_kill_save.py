"""SIGKILL a process at random moments while it saves a big plan over and over, as ``.ccplan`` and as
interchange ``.json``: the file always reopens whole, equal to the old or the new plan, and the temporary
files a kill leaves are hidden ``.part`` files that the next save removes.

A "zygote" process imports the storage layer and builds the plans once, then forks one saver per round, so
each round costs a fork rather than a Python start-up; the test kills the saver with SIGKILL (no clean-up
runs) after a seeded random delay.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.storage.project_file import open_project, save_plan
from tests.storage.bigplan import big_plan

ROOT = Path(__file__).resolve().parents[2]
N_TASKS = 1500
ROUNDS = 6

ZYGOTE = """
import os, signal, sys
sys.path.insert(0, {root!r})
from app.storage.project_file import save_plan
from tests.storage.bigplan import big_plan
path = sys.argv[1]
plans = [big_plan({n}, 1), big_plan({n}, 2)]
save_plan(plans[0], path)
print("ready", flush=True)

def die(*_args):
    os.kill(os.getpid(), signal.SIGKILL)

for line in sys.stdin:
    n, hook = line.split()
    n = int(n)
    pid = os.fork()
    if pid == 0:
        if hook != "none":
            setattr(os, hook, die)  # die at the first os.fsync (file written) or os.replace (about to rename)
        while True:
            save_plan(plans[n % 2], path)
            n += 1
    print(pid, flush=True)
    os.waitpid(pid, 0)
    print("reaped", flush=True)
"""
# Rounds: two deterministic kills inside the save (after the temporary file is written but before it is
# flushed, and just before the rename), then kills after seeded random delays.
HOOKS = ("fsync", "replace") + ("none",) * ROUNDS


def _parts(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(".part"))


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork") or not hasattr(signal, "SIGKILL"),
                    reason="needs fork and SIGKILL")
@pytest.mark.parametrize("suffix", [".ccplan", ".json"])
def test_killed_mid_save_the_file_reopens_whole(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"plan{suffix}"
    candidates = [big_plan(N_TASKS, 1), big_plan(N_TASKS, 2)]
    rng = random.Random(20260401 + len(suffix))
    killed_inside: list[str] = []
    command = [sys.executable, "-c", ZYGOTE.format(root=str(ROOT), n=N_TASKS), str(path)]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as zygote:
        assert zygote.stdin is not None and zygote.stdout is not None
        assert zygote.stdout.readline().strip() == "ready"
        for round_number, hook in enumerate(HOOKS):
            zygote.stdin.write(f"{round_number} {hook}\n")
            zygote.stdin.flush()
            saver = int(zygote.stdout.readline())
            if hook == "none":
                time.sleep(rng.uniform(0.05, 0.6))
                os.kill(saver, signal.SIGKILL)
            assert zygote.stdout.readline().strip() == "reaped"
            leftovers = _parts(tmp_path)
            if any(f".{saver}-" in p.name for p in leftovers):
                killed_inside.append(hook)
            # Hidden and never named *.ccplan or *.json, so nothing opens them by mistake.
            assert all(p.name.startswith(f".{path.name}.") for p in leftovers)
            assert [p for p in tmp_path.iterdir() if not p.name.startswith(".")] == [path]
            assert open_project(path).plan in candidates
        zygote.stdin.close()
        assert zygote.wait(timeout=30) == 0
    assert killed_inside[:2] == ["fsync", "replace"]  # each left its temporary file, never the target
    save_plan(candidates[1], path)  # the next save sweeps the dead savers' temporary files
    assert _parts(tmp_path) == []
    assert open_project(path).plan == candidates[1]
