"""Benchmark the estate graph: layout, scene build, first render, repaint, hit test and memory.

Run: ``.venv/bin/python benchmarks/bench_graph.py [--runs 5] [--naive]``. Each scale runs in its own
process so peak RSS is that scale's own. Scales: typical (2,000 systems / 6,000 integrations, layered
layout) and the stress guard of performance notes B20 (10,000 nodes / 30,000 random long edges: first
render <= 2 s and <= 300 MB extra). ``--naive`` adds the baseline the notes warn about (one line item per
edge in the default BSP index) at the typical scale. Medians are printed; nothing is asserted.
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
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.engine.model import Integration, Phase, Plan, Project, System  # noqa: E402

SCALES = {"typical": (2_000, 6_000, False), "stress": (10_000, 30_000, True)}


def generated_estate(systems: int, integrations: int, random_edges: bool, seed: int = 7) -> Plan:
    """A plan with ``systems`` systems (40% current) over 8 phases and ``integrations`` links.

    ``random_edges`` joins any two systems (long edges across the drawing); otherwise links mostly join
    systems close in plan order, as real estates do, with one in five a data flow.
    """
    rng = random.Random(seed)
    phases = tuple(Phase(f"W{k}", f"Wave {k}") for k in range(8))
    current = int(systems * 0.4)
    items = []
    for i in range(systems):
        estate = "current" if i < current else "target"
        replaced = ()
        if estate == "current" and rng.random() < 0.5:
            replaced = (f"S{rng.randrange(current, systems)}",)
        phase = f"W{rng.randrange(8)}" if rng.random() < 0.9 else None
        kind = rng.choice(("acd", "ivr", "crm", "wfm", "recording", "network", "platform"))
        items.append(System(f"S{i}", f"System {i} with a longer descriptive name", estate,  # type: ignore[arg-type]
                            kind, phase=phase, replaced_by=replaced, vendor="Vendor",
                            seats=rng.randrange(500)))
    links = []
    for n in range(integrations):
        if random_edges:
            a, b = rng.randrange(systems), rng.randrange(systems)
        else:
            a = rng.randrange(systems)
            b = min(systems - 1, max(0, a + rng.randint(-60, 60)))
        a, b = min(a, b), max(a, b)
        links.append(Integration(f"I{n}", f"S{a}", f"S{b}", dependency=rng.random() < 0.8,
                                 coexistence_bridge=rng.random() < 0.01))
    return Plan(Project("Benchmark estate", date(2026, 4, 1)), systems=tuple(items),
                integrations=tuple(links), phases=phases)


def _median(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def run_scale(name: str, runs: int, naive: bool) -> dict[str, float]:
    """Measure one scale in this process and return the numbers (seconds and MB)."""
    from PySide6.QtCore import QPoint, QRectF
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QApplication, QMainWindow

    from app.engine.layout import layout_estate
    from app.ui.document import Document
    from app.ui.selection import SystemSelection
    from app.ui.widgets.graph_view import EstateGraphView

    app = QApplication.instance() or QApplication([])
    systems, integrations, random_edges = SCALES[name]
    plan = generated_estate(systems, integrations, random_edges)
    result: dict[str, float] = {"systems": systems, "integrations": integrations}
    result["layout_s"] = _median(lambda: layout_estate(plan), runs)
    document, selection = Document(plan), SystemSelection()

    def render_fit(view: EstateGraphView) -> None:
        image = QImage(1920, 1080, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.scene().render(painter, QRectF(0, 0, 1920, 1080), view.scene().sceneRect())
        painter.end()

    builds, firsts = [], []
    baseline = _rss_mb()
    for run in range(runs):
        start = time.perf_counter()
        view = EstateGraphView(document, selection)
        builds.append(time.perf_counter() - start)
        start = time.perf_counter()
        render_fit(view)  # the first render also builds the scene index
        firsts.append(time.perf_counter() - start)
        if run == 0:  # peak memory of building and first painting one view
            result["extra_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - baseline
        view.deleteLater()
        app.processEvents()
    result["scene_build_s"] = statistics.median(builds)
    result["first_render_s"] = statistics.median(firsts)
    result["build_plus_first_render_s"] = result["scene_build_s"] + result["first_render_s"]

    host = QMainWindow()
    host.setMinimumSize(640, 480)
    view = EstateGraphView(document, selection)
    host.setCentralWidget(view)
    host.resize(1920, 1080)
    host.show()
    app.processEvents()
    view.fit()
    app.processEvents()
    result["repaint_fit_s"] = _median(view.viewport().repaint, max(runs, 9))
    view.zoom_by(1.0 / view.zoom)
    view.centre_on([plan.systems[len(plan.systems) // 2].id])
    app.processEvents()
    result["repaint_zoom1_s"] = _median(view.viewport().repaint, max(runs, 9))
    node = view.nodes[plan.systems[len(plan.systems) // 2].id]
    point = view.mapFromScene(node.sceneBoundingRect().center())
    assert view.node_at(point) is node
    result["hit_test_node_s"] = _median(lambda: view.node_at(point), 200)
    result["hit_test_background_s"] = _median(lambda: view.node_at(QPoint(2, 2)), 200)
    result["impact_show_s"] = _median(lambda: view.show_impact(node.system_id), runs)
    host.close()
    if naive:
        result.update(run_naive(plan, runs))
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def run_naive(plan: Plan, runs: int) -> dict[str, float]:
    """The baseline: a rect item per system and a line item per edge, default BSP index."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QGraphicsScene

    from app.engine.layout import layout_estate

    layout = layout_estate(plan)
    width, height = layout.node_size

    def build_and_render() -> None:
        scene = QGraphicsScene()
        for x, y in layout.positions.values():
            scene.addRect(QRectF(x - width / 2, y - height / 2, width, height))
        for link in plan.integrations:
            (x1, y1), (x2, y2) = layout.positions[link.source], layout.positions[link.target]
            scene.addLine(x1, y1, x2, y2)
        image = QImage(1920, 1080, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor("white"))
        painter = QPainter(image)
        scene.render(painter, QRectF(0, 0, 1920, 1080), scene.itemsBoundingRect())
        painter.end()

    return {"naive_build_plus_first_render_s": _median(build_and_render, max(1, runs // 2))}


def main(argv: list[str]) -> int:
    """Run every scale in a child process and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--naive", action="store_true", help="also time the edge-per-item baseline (typical)")
    parser.add_argument("--child", choices=sorted(SCALES), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_scale(args.child, args.runs, args.naive and args.child == "typical")))
        return 0
    import networkx
    import numpy
    import PySide6

    print(f"python {sys.version.split()[0]}, PySide6 {PySide6.__version__}, numpy {numpy.__version__}, "
          f"networkx {networkx.__version__}, {os.cpu_count()} CPUs; medians of {args.runs} runs")
    for scale in SCALES:
        command = [sys.executable, __file__, "--child", scale, "--runs", str(args.runs)]
        if args.naive:
            command.append("--naive")
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        numbers = json.loads(output.strip().splitlines()[-1])
        print(f"\n{scale}: {numbers.pop('systems'):,} systems, {numbers.pop('integrations'):,} integrations")
        for key, value in numbers.items():
            shown = f"{value * 1000:9.2f} ms" if key.endswith("_s") else f"{value:9.1f} MB"
            print(f"  {key:34} {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
