"""Cost charts on the three samples: they build without Qt, and every bar is a figure of the report."""

from __future__ import annotations

import subprocess
import sys

import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from app.charts.cost_charts import (
    OTHER_CATEGORIES,
    cost_by_fy,
    item_segments,
    npc_comparison,
    shown_categories,
)
from app.engine.cost import CostReport, compute_costs
from app.engine.schedule import compute_schedule
from app.storage.interchange import read_json
from tests.conftest import SAMPLES

SAMPLE_NAMES = ("midshire", "northvale", "citizen-services")


@pytest.fixture(scope="module", params=SAMPLE_NAMES)
def report(request: pytest.FixtureRequest) -> CostReport:
    """The cost report of each sample."""
    plan = read_json(SAMPLES / f"{request.param}.json")
    return compute_costs(plan, compute_schedule(plan))


def test_charts_import_neither_qt_nor_pyplot() -> None:
    code = (
        "import sys; sys.modules['PySide6'] = None; import app.charts.cost_charts; "
        "assert 'matplotlib.pyplot' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=SAMPLES.parent)


def test_cost_by_fy_draws_each_items_years_and_the_do_minimum_line(report: CostReport) -> None:
    fig = cost_by_fy(report)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    segments = item_segments(fig)
    drawn = {i.id: i for i in report.items("migrate") if any(i.by_fy.values())}
    assert set(segments) == set(drawn)
    for item_id, heights in segments.items():
        assert heights == pytest.approx([drawn[item_id].by_fy[fy] for fy in report.fy_labels], rel=1e-9)
    # The stacked bar of each year reaches the report's migrate total for that year.
    for k, fy in enumerate(report.fy_labels):
        assert sum(h[k] for h in segments.values()) == pytest.approx(report.by_fy_migrate[fy], rel=1e-9)
    line = next(line for line in ax.get_lines() if line.get_gid() == "do-minimum")
    assert list(line.get_ydata()) == [report.by_fy_do_minimum[fy] for fy in report.fy_labels]
    assert [t.get_text() for t in ax.get_xticklabels()] == list(report.fy_labels)


def test_cost_by_fy_has_title_axis_labels_pounds_ticks_and_a_legend_outside(report: CostReport) -> None:
    fig = cost_by_fy(report)
    ax = fig.axes[0]
    assert ax.get_title() == "Cost by financial year: migrate vs do minimum"
    assert ax.get_xlabel() == "Financial year" and "Cost" in ax.get_ylabel()
    fig.canvas.draw()
    assert all(t.get_text().startswith("£") for t in ax.get_yticklabels() if t.get_text())
    legend = ax.get_legend()
    assert legend is not None
    texts = [t.get_text() for t in legend.get_texts()]
    assert texts[-1] == "Do minimum"
    named = shown_categories(report)
    assert len(named) <= 7 and set(texts[:-1]) <= {*named, OTHER_CATEGORIES}
    assert named[0] == texts[0] == max(report.by_category, key=report.by_category.__getitem__)
    assert legend.get_bbox_to_anchor().x0 > ax.get_window_extent().x1 - 1  # right of the plot


def test_npc_comparison_bars_equal_the_reports_npcs_with_labels(report: CostReport) -> None:
    fig = npc_comparison(report)
    ax = fig.axes[0]
    bars = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_gid() == "npc"]
    assert [b.get_height() for b in bars] == [
        report.npc_migrate,
        report.npc_migrate_with_ob,
        report.npc_do_minimum,
    ]
    labels = [t.get_text() for t in ax.texts]
    assert len(labels) == 3 and all(text.startswith("£") for text in labels)
    assert "Net present cost" in ax.get_title()
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Migrate",
        "Migrate with\noptimism bias",
        "Do minimum",
    ]


def test_midshire_npc_labels_are_compact_pounds() -> None:
    plan = read_json(SAMPLES / "midshire.json")
    fig = npc_comparison(compute_costs(plan, compute_schedule(plan)))
    assert [t.get_text() for t in fig.axes[0].texts] == ["£4.7m", "£8.3m", "£3.5m"]
