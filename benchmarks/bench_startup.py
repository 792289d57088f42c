"""Benchmark: start-up time of the desktop app, from process start to the main window on screen.

Each run is a fresh ``python -c`` subprocess that starts the app the way the ``ccplan`` console script does
(``app.cli.main([FILE])``) on the offscreen Qt platform, with settings in a scratch folder (no saved geometry,
no reopened recent file). The parent notes the time before it starts the process and when the child reports:

* ``shown``: the main window's first expose event (the window is on screen, possibly still empty);
* ``ready``: the file given on the command line is open (the window title names it) and the event loop has
  gone round once more (the pages have repainted). Without a file, ``ready`` is the first idle loop after
  ``shown``;
* ``shown cpu``: the CPU time the process had used when shown (user + system, from interpreter start, so it
  leaves out the fork and exec), which varies far less than wall time when other processes load the machine.

The target (issue 8) is ``shown`` within 1.5 s on the 2-core reference machine. Run on demand, not in the
test suite::

    .venv/bin/python benchmarks/bench_startup.py [--runs 7] [--file sample_projects/midshire.json]

``--exe dist/ccplan/ccplan`` times a built executable instead (Linux). It cannot run the probe, so ``shown``
is the first time Qt flushes the main window's pixels to its window (Qt's ``qt.widgets.painting`` log,
stamped with the monotonic clock), and ``ready`` and ``shown cpu`` are not measured.

``--checkout DIR`` times another checkout of ccplan instead (e.g. ``git archive HEAD | tar -x -C /tmp/base``);
repeat it to compare several: runs alternate between them, so load from other processes falls on all alike.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / "sample_projects" / "midshire.json"
TIMEOUT = 60.0

# The child: create the QApplication (app.ui.app reuses it), watch for the first expose of a top-level window,
# then run the app exactly as the console script does. It prints one line per milestone and exits at once.
CHILD = r"""
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication

EXPECT = sys.argv[1]


class Probe(QObject):
    shown = False

    def eventFilter(self, obj, event):
        if (not self.shown and event.type() == QEvent.Type.Expose and isinstance(obj, QWindow)
                and obj.isExposed()):
            self.shown = True
            print("shown", time.process_time(), flush=True)
            QTimer.singleShot(0, self.poll)
        return False

    def poll(self):
        titles = [w.windowTitle() for w in QApplication.topLevelWidgets() if w.isVisible()]
        if EXPECT and not any(EXPECT in t for t in titles):
            QTimer.singleShot(5, self.poll)
            return
        QTimer.singleShot(0, self.done)

    def done(self):
        print("ready", time.process_time(), flush=True)
        sys.stdout.flush()
        os._exit(0)


application = QApplication(sys.argv[:1])
probe = Probe()
application.installEventFilter(probe)
from app.cli import main
sys.exit(main(sys.argv[2:]))
"""


def one_run(file: Path | None, root: Path = ROOT) -> dict[str, float]:
    """Start the app once; return the seconds from process start to ``shown`` and ``ready``."""
    with tempfile.TemporaryDirectory(prefix="ccplan-bench-") as scratch:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CCPLAN_CONFIG_DIR=str(Path(scratch) / "config"),
                   CCPLAN_DATA_DIR=str(Path(scratch) / "data"))
        env.pop("PYTHONPROFILEIMPORTTIME", None)
        args = [sys.executable, "-c", CHILD, file.stem if file else "", *([str(file)] if file else [])]
        times: dict[str, float] = {}
        start = time.perf_counter()
        with subprocess.Popen(args, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) as child:
            assert child.stdout is not None
            for line in child.stdout:
                key, cpu = line.split()
                times[key] = time.perf_counter() - start
                times[f"{key} cpu"] = float(cpu)
                if key == "ready":
                    break
            try:
                child.wait(TIMEOUT)
            except subprocess.TimeoutExpired:
                child.kill()
            err = child.stderr.read() if child.stderr else ""
        if "ready" not in times:
            raise RuntimeError(f"the app did not start (exit {child.returncode}):\n{err}")
        return times


def one_exe_run(exe: Path, file: Path | None) -> dict[str, float]:
    """Start a built ccplan once; return the seconds from process start to the main window's first flush."""
    with tempfile.TemporaryDirectory(prefix="ccplan-bench-") as scratch:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CCPLAN_CONFIG_DIR=str(Path(scratch) / "config"),
                   CCPLAN_DATA_DIR=str(Path(scratch) / "data"), QT_LOGGING_RULES="qt.widgets.painting=true",
                   QT_MESSAGE_PATTERN="%{time boot} %{message}")
        start = time.clock_gettime(time.CLOCK_MONOTONIC)
        with subprocess.Popen([str(exe), *([str(file)] if file else [])], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) as child:
            assert child.stderr is not None
            shown = None
            for line in child.stderr:
                if "Flushing" in line and "of MainWindow" in line:
                    shown = float(line.split()[0]) - start
                    break
            child.kill()
        if shown is None:
            raise RuntimeError(f"{exe} did not show its window (exit {child.returncode})")
        return {"shown": shown}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per case (median reported)")
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="the file opened in the second case")
    parser.add_argument("--exe", type=Path, help="time this built executable (Linux) instead of a checkout")
    parser.add_argument("--checkout", type=Path, metavar="DIR", action="append", default=[],
                        help="a checkout of ccplan to time (repeat to compare several; default: this one)")
    args = parser.parse_args()
    import PySide6

    roots = {str(path): path.resolve() for path in args.checkout} or {"this checkout": ROOT}
    print(f"Python {platform.python_version()}, PySide6 {PySide6.__version__}, {platform.platform()}, "
          f"{os.cpu_count()} CPUs; median of {args.runs} runs (min-max), seconds from process start")
    file = args.file.resolve()
    if args.exe:
        one_exe_run(args.exe, None)
        for label, case in (("no file", None), (f"with {file.name}", file)):
            values = [one_exe_run(args.exe, case)["shown"] for _ in range(args.runs)]
            print(f"  {label:<20} {str(args.exe):<16} shown {statistics.median(values):.2f} "
                  f"({min(values):.2f}-{max(values):.2f})")
        return 0
    for root in roots.values():
        one_run(None, root)  # warm the file cache and write .pyc files
    for label, case in (("no file", None), (f"with {file.name}", file)):
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in roots}
        for _ in range(args.runs):
            for name, root in roots.items():
                runs[name].append(one_run(case, root))
        for name in roots:
            cells = []
            for key in ("shown", "ready", "shown cpu"):
                values = [r[key] for r in runs[name]]
                cells.append(f"{key} {statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})")
            print(f"  {label:<20} {name:<16} " + "   ".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
