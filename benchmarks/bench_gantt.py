"""Benchmark the timeline: geometry and scene build, first render, repaint, scroll, hit test, live edit.

Run: ``.venv/bin/python benchmarks/bench_gantt.py [--runs 7] [--scales 5000,10000,100000] [--naive]``. Each
scale runs in its own process (plans from ``benchmarks.generate.generated_plan``). The view is shown in a
1920x1080 window (offscreen platform). ``--naive`` adds the baseline of performance notes B15: one
``QGraphicsRectItem`` per bar. Targets (notes §3): B15 scene build <= 50 ms at 10k and <= 0.5 s at 100k;
B16 viewport repaint <= 4 ms; B17 hit test <= 1 ms. Medians are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generated_plan  # noqa: E402

TARGETS_MS = {"scene_build": {10_000: 50.0, 100_000: 500.0}, "repaint": 4.0, "hit_test": 1.0}


def _median(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_scale(tasks: int, runs: int, naive: bool) -> dict[str, float]:
    """Measure one scale in this process; times in milliseconds."""
    from PySide6.QtCore import QPointF
    from PySide6.QtWidgets import QApplication, QMainWindow

    from app.engine.edits import set_item_fields
    from app.ui.document import Document
    from app.ui.selection import TaskSelection
    from app.ui.widgets.gantt_geometry import ROW_HEIGHT, build_geometry, build_links
    from app.ui.widgets.gantt_scale import SCALES
    from app.ui.widgets.gantt_view import GanttView

    app = QApplication.instance() or QApplication([])
    plan = generated_plan(tasks)
    document, selection = Document(plan), TaskSelection()
    schedule = document.schedule
    assert schedule is not None
    result: dict[str, float] = {"tasks": tasks, "links": sum(len(t.predecessors) for t in plan.tasks)}
    host = QMainWindow()
    host.setMinimumSize(640, 480)
    view = GanttView(document, selection)
    host.setCentralWidget(view)
    host.resize(1920, 1080)
    host.show()
    app.processEvents()
    texts = {"benchmark": "{months}-month", "pstn": "PSTN", "contract": "{name}", "status": "S", "today": "T"}
    calendar = view._calendar_of(plan.project)  # noqa: SLF001 - cached, as in the view
    result["links_build_ms"] = _median(lambda: build_links(plan), runs) * 1e3
    links = build_links(plan)
    result["geometry_build_ms"] = (
        _median(lambda: build_geometry(plan, schedule, calendar, texts, links=links), runs) * 1e3
    )
    geometry = build_geometry(plan, schedule, calendar, texts, links=links)
    result["scene_build_ms"] = _median(lambda: view.set_geometry(geometry), runs) * 1e3  # with link routing

    def bar_layers() -> None:  # what B15 compares with one item per bar: the bars (and backdrop) alone
        view.calendar_layer.set_frame(geometry, view.pixels_per_day)
        view.bar_layer.set_frame(geometry, view.pixels_per_day)

    result["bar_layers_build_ms"] = _median(bar_layers, runs) * 1e3
    result["rebuild_from_schedule_ms"] = _median(view.rebuild, runs) * 1e3

    view.set_scale("month")
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
    firsts = []
    for _ in range(runs):
        view.set_geometry(geometry)
        start = time.perf_counter()
        view.viewport().repaint()
        firsts.append(time.perf_counter() - start)
    result["first_render_ms"] = statistics.median(firsts) * 1e3
    for name in ("week", "month", "quarter"):
        view.set_pixels_per_day(SCALES[name])
        app.processEvents()
        result[f"repaint_{name}_ms"] = _median(view.viewport().repaint, max(runs, 15)) * 1e3
    view.set_scale("month")
    bar = view.verticalScrollBar()

    def scroll_step() -> None:
        bar.setValue(bar.value() + 3 * int(ROW_HEIGHT))
        app.processEvents()

    result["scroll_step_ms"] = _median(scroll_step, max(runs, 15)) * 1e3
    hbar = view.horizontalScrollBar()

    def sideways_step() -> None:
        hbar.setValue(hbar.value() + 40 if hbar.value() + 40 < hbar.maximum() else 0)
        app.processEvents()

    result["scroll_sideways_ms"] = _median(sideways_step, max(runs, 15)) * 1e3
    rng = random.Random(3)
    width, height = view.gantt_geometry.days * view.pixels_per_day, view.gantt_geometry.rows * ROW_HEIGHT
    points = [QPointF(rng.uniform(0, width), rng.uniform(0, height)) for _ in range(2000)]
    result["hit_test_us"] = _median(lambda: [view.task_at(p) for p in points], runs) / len(points) * 1e6

    edited = plan.tasks[tasks // 3].id
    durations = iter(range(1, 10_000))
    pushes: list[float] = []
    repaints: list[float] = []

    def edit() -> None:
        before = view.rebuild_count
        change = set_item_fields(document.plan, "tasks", edited, duration=next(durations) % 25 + 1)
        start = time.perf_counter()
        document.push(change)  # engine review (CPM, gaps, validation) + the view's rebuild
        after_push = time.perf_counter()
        view.viewport().repaint()
        pushes.append(after_push - start)
        repaints.append(time.perf_counter() - after_push)
        assert view.rebuild_count == before + 1

    for _ in range(runs):
        edit()
    result["edit_push_total_ms"] = statistics.median(pushes) * 1e3
    result["edit_view_rebuild_ms"] = result["rebuild_from_schedule_ms"]
    result["edit_repaint_ms"] = statistics.median(repaints) * 1e3
    host.close()
    if naive:
        result["naive_item_per_bar_build_ms"] = run_naive(view, runs) * 1e3
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def run_naive(view: object, runs: int) -> float:
    """The B15 baseline: a ``QGraphicsRectItem`` per bar in a fresh scene; returns the median build time."""
    from PySide6.QtWidgets import QGraphicsScene

    from app.ui.widgets.gantt_geometry import ROW_HEIGHT, row_extents

    geometry = view.gantt_geometry  # type: ignore[attr-defined]
    left, right = row_extents(geometry, view.pixels_per_day, slice(None))  # type: ignore[attr-defined]
    rows = list(zip(left.tolist(), right.tolist(), strict=True))

    def build() -> None:
        scene = QGraphicsScene()
        for row, (x0, x1) in enumerate(rows):
            scene.addRect(x0, row * ROW_HEIGHT + 5, x1 - x0, ROW_HEIGHT - 10)

    return _median(build, max(1, runs // 2))


def main(argv: list[str]) -> int:
    """Run every scale in a child process and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--scales", default="5000,10000,100000")
    parser.add_argument("--naive", action="store_true", help="also time one rect item per bar")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_scale(args.child, args.runs, args.naive)))
        return 0
    import numpy
    import PySide6

    print(
        f"python {sys.version.split()[0]}, PySide6 {PySide6.__version__}, numpy {numpy.__version__}, "
        f"{os.cpu_count()} CPUs; medians of {args.runs} runs; 1920x1080 viewport, month scale unless named"
    )
    for scale in (int(s) for s in args.scales.split(",")):
        command = [sys.executable, __file__, "--child", str(scale), "--runs", str(args.runs)]
        if args.naive:
            command.append("--naive")
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        numbers = json.loads(output.strip().splitlines()[-1])
        print(f"\n{numbers.pop('tasks'):,.0f} tasks, {numbers.pop('links'):,.0f} links")
        for key, value in numbers.items():
            print(f"  {key:32s} {value:10.3f}")
    print(f"\ntargets (ms): {TARGETS_MS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
