"""Risk charts (no Qt): Midshire figures, P50/P80 at the right dates, a sorted tornado, PNG/SVG export."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from matplotlib.dates import date2num
from matplotlib.figure import Figure

from app.charts import risk_charts
from app.charts.style import long_date, pounds
from app.engine.calendar import WorkingCalendar
from app.engine.model import Plan
from app.engine.risk import RiskResult, simulate
from app.storage.interchange import read_json
from tests.conftest import ROOT, SAMPLES


@pytest.fixture(scope="module")
def midshire() -> tuple[Plan, RiskResult, WorkingCalendar]:
    """The Midshire sample, 1,000 iterations with seed 1, and its calendar."""
    plan = read_json(SAMPLES / "midshire.json")
    return plan, simulate(plan, 1000, seed=1), WorkingCalendar.for_project(plan.project)


def _line(fig: Figure, gid: str) -> np.ndarray:
    lines = [line for line in fig.axes[0].get_lines() if line.get_gid() == gid]
    assert lines, gid
    return np.asarray(lines[0].get_xdata(), dtype=float)


def test_histogram_has_title_labels_and_p50_p80_lines_at_their_dates(midshire) -> None:
    _, result, calendar = midshire
    fig = risk_charts.finish_histogram(result, calendar)
    ax = fig.axes[0]
    assert "finish" in ax.get_title().lower()
    assert ax.get_xlabel() == "Finish date"
    assert "%" in ax.get_ylabel()
    for level in (50, 80):
        assert set(_line(fig, f"p{level}")) == {date2num(result.percentiles[level])}
        labels = [line.get_label() for line in ax.get_lines() if line.get_gid() == f"p{level}"]
        assert labels == [f"P{level} {long_date(result.percentiles[level])}"]
    assert set(_line(fig, "deterministic")) == {date2num(result.deterministic_finish)}
    bars = [patch.get_height() for patch in ax.patches if patch.get_gid() is None and patch.get_height() > 0]
    assert sum(bars) == pytest.approx(100.0)  # bars are shares of the iterations
    texts = [t.get_text() for t in ax.texts] + [line.get_label() for line in ax.get_lines()]
    assert any("12-month benchmark" in text for text in texts)


def test_finish_dates_follow_the_ceil_minus_one_rule(midshire) -> None:
    _, result, calendar = midshire
    values = risk_charts.finish_dates(result, calendar)
    x = float(result.finish_index[0])
    assert values[0] == date2num(calendar.date_of(int(np.ceil(x - 1e-9)) - 1))
    assert np.percentile(values, 50, method="higher") == date2num(result.percentiles[50])


def test_s_curve_marks_p50_p80_and_runs_from_0_to_100(midshire) -> None:
    _, result, calendar = midshire
    fig = risk_charts.finish_s_curve(result, calendar)
    ax = fig.axes[0]
    assert ax.get_title() and ax.get_xlabel() and "(%)" in ax.get_ylabel()
    for level in (50, 80):
        assert set(_line(fig, f"p{level}")) == {date2num(result.percentiles[level])}
    curve = ax.get_lines()[0]
    ys = np.asarray(curve.get_ydata(), dtype=float)
    assert ys[0] == 0 and ys[-1] == pytest.approx(100.0) and np.all(np.diff(ys) >= 0)
    xs = np.asarray(curve.get_xdata(), dtype=float)
    p50 = date2num(result.percentiles[50])
    assert ys[xs == p50][0] >= 50 and ys[xs < p50][-1] < 50  # P50 is the first date reaching 50%


def test_tornado_bars_are_sorted_and_labelled_by_name_and_id(midshire) -> None:
    plan, result, _ = midshire
    fig = risk_charts.criticality_tornado(result, plan, top=8)
    ax = fig.axes[0]
    assert "critical" in fig.get_suptitle().lower() and "%" in ax.get_xlabel()
    bars = sorted(ax.patches, key=lambda bar: -bar.get_y())  # top bar first
    widths = [bar.get_width() for bar in bars]
    assert len(widths) == 8 and widths == sorted(widths, reverse=True)
    top = risk_charts.top_critical_tasks(result, plan, 8)
    assert widths == pytest.approx([share * 100 for _, _, share in top])
    ticks = zip(ax.get_yticks(), ax.get_yticklabels(), strict=True)
    labels = [label.get_text() for _, label in sorted(ticks, key=lambda tick: -tick[0])]  # top first
    names = {task.id: task.name for task in plan.tasks}
    for label, (task_id, _, _) in zip(labels, top, strict=True):
        assert label.endswith(f"({task_id})") and label.startswith(names[task_id][:20])


def test_equal_estimates_give_one_spike_at_the_deterministic_finish(midshire) -> None:
    plan, _, calendar = midshire
    fixed = dataclasses.replace(plan, tasks=tuple(dataclasses.replace(t, optimistic=None, pessimistic=None)
                                                  for t in plan.tasks))
    result = simulate(fixed, 200, seed=3)
    fig = risk_charts.finish_histogram(result, calendar)
    assert set(_line(fig, "p50")) == {date2num(result.deterministic_finish)}
    risk_charts.finish_s_curve(result, calendar)
    risk_charts.criticality_tornado(result, fixed)


def test_export_writes_png_and_svg_atomically(midshire, tmp_path: Path) -> None:
    plan, result, calendar = midshire
    png, svg = tmp_path / "histogram.png", tmp_path / "tornado.SVG"
    risk_charts.export(risk_charts.finish_histogram(result, calendar), png)
    risk_charts.export(risk_charts.criticality_tornado(result, plan), svg)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = svg.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "<svg" in text
    with pytest.raises(ValueError, match="png or .svg"):
        risk_charts.export(risk_charts.finish_s_curve(result, calendar), tmp_path / "chart.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["histogram.png", "tornado.SVG"]  # no temp files


@pytest.mark.parametrize(("amount", "shown"), [
    (0, "£0"), (12_345, "£12,345"), (99_999.4, "£99,999"), (450_000, "£450k"), (999_600, "£1.0m"),
    (1_234_567, "£1.2m"), (-450_000, "-£450k"), (2.5e9, "£2.5bn"),
])
def test_pounds_is_compact(amount: float, shown: str) -> None:
    assert pounds(amount) == shown


def test_charts_import_neither_pyplot_nor_qt() -> None:
    code = ("import sys; import app.charts.risk_charts, app.charts.style; "
            "bad = [m for m in ('matplotlib.pyplot', 'PySide6') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
