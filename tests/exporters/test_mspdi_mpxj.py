"""The MS Project XML opens in MPXJ, the reader behind ProjectLibre and GanttProject, with every task intact."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.engine.schedule import compute_schedule
from app.exporters.mspdi import write_mspdi
from app.storage.interchange import read_json
from tests.conftest import SAMPLES

pytestmark = pytest.mark.skipif(shutil.which("java") is None,
                                reason="needs a Java runtime (Debian default-jre-headless) for MPXJ")


@pytest.mark.parametrize("sample", ["midshire", "northvale", "citizen-services"])
def test_mpxj_reads_every_task_date_and_link(sample: str, tmp_path: Path) -> None:
    plan = read_json(SAMPLES / f"{sample}.json")
    schedule = compute_schedule(plan)
    path = tmp_path / f"{sample}.xml"
    write_mspdi(plan, path, schedule=schedule)
    result = subprocess.run([sys.executable, str(Path(__file__).with_name("mpxj_dump.py")), str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    read = json.loads(result.stdout.strip().splitlines()[-1])
    by_name = {t["name"]: t for t in read["tasks"] if not t["summary"]}
    names = {t.id: t.name for t in plan.tasks}
    for task in plan.tasks:
        got = by_name[task.name]
        assert got["start"] == schedule.start_of(task.id).isoformat(), task.id
        assert got["finish"] == schedule.finish_of(task.id).isoformat() or task.duration == 0, task.id
        assert got["milestone"] == (task.duration == 0)
        assert got["predecessors"] == sorted([names[d.task], d.type] for d in task.predecessors), task.id
    assert {t["wbs"].split(".")[0] for t in read["tasks"] if t["summary"]}  # phases are WBS summaries
    assert read["exceptions"], "the calendar carries the bank holidays"
