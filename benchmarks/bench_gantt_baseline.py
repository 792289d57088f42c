"""Benchmark the timeline's baseline bars: array build, full rebuild and viewport repaint, baseline on vs off.

Run: ``.venv/bin/python benchmarks/bench_gantt_baseline.py [--runs 15] [--scales 5000,10000,100000]``. Each
scale runs in its own process on ``benchmarks.generate.generated_plan``: the plan is baselined and the
baseline chosen, then every 7th task's duration grows by 5 days so most baseline bars sit apart from the
current ones.
The view is shown at 1920x1080 (offscreen platform). Repaints alternate baseline on and off in one process
(ratios are what to compare; notes B16 target: repaint <= 4 ms). Medians are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generated_plan  # noqa: E402


def _median(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_scale(tasks: int, runs: int) -> dict[str, float]:
    """Measure one scale in this process; times in milliseconds."""
    import dataclasses
    from datetime import date

    from PySide6.QtWidgets import QApplication, QMainWindow

    from app.engine.edits import InsertItem, SetProjectFields
    from app.engine.tracking import capture_baseline
    from app.ui.document import Document
    from app.ui.selection import TaskSelection
    from app.ui.widgets.gantt_baseline import build_baseline_bars, index_baseline
    from app.ui.widgets.gantt_scale import SCALES
    from app.ui.widgets.gantt_view import GanttView

    app = QApplication.instance() or QApplication([])
    plan = generated_plan(tasks)
    document = Document(plan)
    schedule = document.schedule
    assert schedule is not None
    baseline = capture_baseline(plan, schedule, None, "B01", "Bench", date(2026, 5, 1))
    document.apply(InsertItem("baselines", baseline))
    document.apply(SetProjectFields((("baseline", "B01"),)))
    longer = tuple(
        dataclasses.replace(t, duration=t.duration + 5) if k % 7 == 0 else t for k, t in enumerate(plan.tasks)
    )
    document.load(dataclasses.replace(document.plan, tasks=longer))
    result: dict[str, float] = {"tasks": tasks}
    host = QMainWindow()
    host.setMinimumSize(640, 480)
    view = GanttView(document, TaskSelection())
    host.setCentralWidget(view)
    host.resize(1920, 1080)
    host.show()
    app.processEvents()
    result["baseline_bars"] = len(view.baseline_bars)
    chosen = document.plan.active_baseline
    assert chosen is not None
    result["baseline_index_ms"] = _median(lambda: index_baseline(chosen), runs) * 1e3  # once per baseline
    dates = index_baseline(chosen)
    result["baseline_bars_build_ms"] = (  # once per schedule change
        _median(lambda: build_baseline_bars(view.gantt_geometry, dates), runs) * 1e3
    )
    result["rebuild_baseline_on_ms"] = _median(view.rebuild, runs) * 1e3
    view.set_show_baseline(False)
    result["rebuild_baseline_off_ms"] = _median(view.rebuild, runs) * 1e3
    view.set_show_baseline(True)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
    for name in ("week", "month", "quarter"):
        view.set_pixels_per_day(SCALES[name])
        view.scroll_to_date(date(2027, 1, 1), 0.3)
        app.processEvents()
        on: list[float] = []
        off: list[float] = []
        for _ in range(max(runs, 15)):  # interleaved, so drift on a noisy machine hits both alike
            for shown, times in ((True, on), (False, off)):
                view.set_show_baseline(shown)
                start = time.perf_counter()
                view.viewport().repaint()
                times.append(time.perf_counter() - start)
        result[f"repaint_{name}_on_ms"] = statistics.median(on) * 1e3
        result[f"repaint_{name}_off_ms"] = statistics.median(off) * 1e3
    host.close()
    return result


def main(argv: list[str]) -> int:
    """Run every scale in a child process and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--scales", default="5000,10000,100000")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_scale(args.child, args.runs)))
        return 0
    import numpy
    import PySide6

    print(
        f"python {sys.version.split()[0]}, PySide6 {PySide6.__version__}, numpy {numpy.__version__}, "
        f"{os.cpu_count()} CPUs; medians of {args.runs} runs; 1920x1080 viewport"
    )
    for scale in (int(s) for s in args.scales.split(",")):
        command = [sys.executable, __file__, "--child", str(scale), "--runs", str(args.runs)]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        numbers = json.loads(output.strip().splitlines()[-1])
        print(f"\n{numbers.pop('tasks'):,.0f} tasks")
        for key, value in numbers.items():
            print(f"  {key:32s} {value:10.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
