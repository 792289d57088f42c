"""Scenario charts (no Qt): one mark per version in each panel, labelled by version name; PNG/PDF export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from matplotlib.collections import PathCollection
from matplotlib.dates import date2num

from app.charts import scenario_charts
from app.engine.scenarios import ScenarioFigures

VERSIONS = (
    ScenarioFigures(None, "Current plan", date(2028, 6, 5), date(2028, 8, 18), date(2028, 9, 22), 510, False,
                    1_280_925.0, 443_208.0, 5_103_299.0, 4_701_281.0, 3_453_477.0, 286_038.0),
    ScenarioFigures("S01", "Start later", date(2029, 6, 5), date(2029, 8, 20), date(2029, 9, 24), 510, False,
                    1_280_925.0, 766_736.0, 5_582_919.0, 5_172_318.0, 3_416_061.0, 402_592.0),
    ScenarioFigures("S02", "Big bang", date(2028, 1, 10), date(2028, 3, 1), date(2028, 4, 3), 420, True,
                    1_500_000.0, 200_000.0, 4_900_000.0, 4_500_000.0, 3_453_477.0, 250_000.0),
)
BROKEN = ScenarioFigures("S03", "Looped", problem="dependency cycle: T01 -> T02 -> T01")


def _scatter(ax, gid: str) -> PathCollection:
    found = [c for c in ax.collections if isinstance(c, PathCollection) and c.get_gid() == gid]
    assert len(found) == 1, gid
    return found[0]


def test_dates_panel_has_a_finish_and_a_p80_marker_per_version_at_their_dates() -> None:
    fig = scenario_charts.comparison_figure(VERSIONS)
    dates_ax = fig.axes[0]
    finish = _scatter(dates_ax, "finish").get_offsets()
    p80 = _scatter(dates_ax, "p80").get_offsets()
    assert len(finish) == len(p80) == len(VERSIONS)
    assert [x for x, _ in finish] == [date2num(v.finish) for v in VERSIONS]
    assert [x for x, _ in p80] == [date2num(v.p80) for v in VERSIONS]
    assert [y for _, y in finish] == [2.0, 1.0, 0.0]  # the first version at the top
    labels = [t.get_text() for t in dates_ax.get_yticklabels()]
    assert labels == ["Current plan (working)", "Start later", "Big bang"]
    assert "P80" in dates_ax.get_title()


def test_cost_panel_has_one_bar_per_version_in_each_series_in_millions() -> None:
    fig = scenario_charts.comparison_figure(VERSIONS)
    costs_ax = fig.axes[1]
    for field, _label, _colour in scenario_charts.COST_SERIES:
        bars = [p for p in costs_ax.patches if p.get_gid() == field]
        assert len(bars) == len(VERSIONS), field
        assert [b.get_height() for b in bars] == pytest.approx([getattr(v, field) / 1e6 for v in VERSIONS])
    labels = [t.get_text() for t in costs_ax.get_xticklabels()]
    assert labels == ["Current plan (working)", "Start later", "Big bang"]
    legend = [t.get_text() for t in costs_ax.get_legend().get_texts()]
    assert legend == ["One-off cost", "Dual running", "NPC (migrate)"]
    assert "£" in costs_ax.get_ylabel()


def test_a_version_without_figures_is_labelled_and_gets_no_marks() -> None:
    fig = scenario_charts.comparison_figure((VERSIONS[0], BROKEN))
    dates_ax = fig.axes[0]
    assert len(_scatter(dates_ax, "finish").get_offsets()) == 1
    assert any("cannot be scheduled" in t.get_text() for t in dates_ax.texts)
    assert [t.get_text() for t in dates_ax.get_yticklabels()] == ["Current plan (working)", "Looped"]
    fig.canvas.draw()  # draws without error


def test_long_names_are_shortened_on_the_axes() -> None:
    long = ScenarioFigures("S09", "A very long scenario name that would crowd the axis labels")
    assert scenario_charts.version_label(long).endswith("…")
    assert len(scenario_charts.version_label(long)) <= 28


@pytest.mark.parametrize(("suffix", "magic"), [(".png", b"\x89PNG"), (".pdf", b"%PDF"), (".svg", b"<?xml")])
def test_export_writes_the_format_of_the_suffix(tmp_path: Path, suffix: str, magic: bytes) -> None:
    path = tmp_path / f"scenarios{suffix}"
    scenario_charts.export(scenario_charts.comparison_figure(VERSIONS), path)
    assert path.read_bytes().startswith(magic) and path.stat().st_size > 1_000


def test_export_refuses_an_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="png, .pdf or .svg"):
        scenario_charts.export(scenario_charts.comparison_figure(VERSIONS), tmp_path / "chart.gif")
    assert not (tmp_path / "chart.gif").exists()
