"""Status dashboard (no Qt): a tile per phase and for the programme, RAG in words, finishes at their dates."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from matplotlib.dates import date2num
from matplotlib.figure import Figure

from app.charts.status_charts import (
    MAX_PHASE_ROWS,
    RAG_WORDS,
    export_dashboard,
    shown_phases,
    slip_text,
    status_dashboard,
)
from app.engine.cost import compute_costs
from app.engine.model import Plan
from app.engine.review import review
from app.engine.tracking import RagAssessment, StatusReport, Variance, assess, capture_baseline, variance
from app.storage.interchange import read_json
from tests.conftest import SAMPLES


def _tracked(plan: Plan) -> tuple[StatusReport, Variance | None]:
    checked = review(plan)
    assert checked.schedule is not None and checked.calendar is not None
    status = assess(plan, checked.schedule, checked.calendar, checked.gaps)
    base = plan.active_baseline
    costs = compute_costs(plan, checked.schedule, checked.calendar)
    return status, None if base is None else variance(plan, base, checked.schedule, checked.calendar, costs)


@pytest.fixture(scope="module")
def midshire() -> Plan:
    """Midshire as shipped: no baseline, no status date."""
    return read_json(SAMPLES / "midshire.json")


@pytest.fixture(scope="module")
def slipped(midshire: Plan) -> tuple[StatusReport, Variance | None]:
    """Midshire baselined as planned, then reported 120 days after its start with no progress."""
    checked = review(midshire)
    assert checked.schedule is not None and checked.calendar is not None
    costs = compute_costs(midshire, checked.schedule, checked.calendar)
    baseline = capture_baseline(midshire, checked.schedule, costs, "B01", "Agreed plan", date(2026, 5, 1))
    project = dataclasses.replace(
        midshire.project, baseline="B01", status_date=midshire.project.start_date + timedelta(days=120)
    )
    return _tracked(dataclasses.replace(midshire, project=project, baselines=(baseline,)))


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def _gids(fig: Figure) -> set[str]:
    return {p.get_gid() for ax in fig.axes for p in ax.patches if p.get_gid()}


def test_status_charts_import_neither_qt_nor_pyplot() -> None:
    code = (
        "import sys; sys.modules['PySide6'] = None; import app.charts.status_charts; "
        "assert 'matplotlib.pyplot' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=SAMPLES.parent)


def test_a_tile_per_phase_and_the_programme_each_with_its_rag_word(
    slipped: tuple[StatusReport, Variance | None],
) -> None:
    report, moved = slipped
    fig = status_dashboard(report, moved, "Midshire")
    assert isinstance(fig, Figure) and len(fig.axes) == 3
    assert _gids(fig) == {"tile:programme"} | {f"tile:{p.phase}" for p in report.phases}
    word = RAG_WORDS[report.programme.status]
    assert report.programme.status in ("red", "amber")
    assert word in fig.get_suptitle() and "Midshire" in fig.get_suptitle()
    programme = next(t for t in fig.axes[0].texts if t.get_gid() == "programme-status")
    assert programme.get_text() == f"Programme: {word}"
    reason = next(t for t in fig.axes[0].texts if t.get_gid() == "programme-reason")
    assert reason.get_text().startswith(report.programme.reasons[0][:60])
    for phase in report.phases:
        status = next(t for t in fig.axes[1].texts if t.get_gid() == f"status:{phase.phase}")
        assert status.get_text().startswith(RAG_WORDS[phase.status])
        assert slip_text(phase.slip_days, "day") in status.get_text()
    assert any("cost" in text and "£" in text for text in _texts(fig))


def test_tiles_are_coloured_by_status(slipped: tuple[StatusReport, Variance | None]) -> None:
    report, moved = slipped
    fig = status_dashboard(report, moved)
    fills = {p.get_gid(): p.get_facecolor() for p in fig.axes[1].patches}
    red = [p.phase for p in report.phases if p.status == "red"]
    green = [p.phase for p in report.phases if p.status == "green"]
    assert red
    assert len({fills[f"tile:{k}"] for k in red}) == 1
    assert all(fills[f"tile:{k}"] != fills[f"tile:{red[0]}"] for k in green)


def test_finish_chart_puts_baseline_and_forecast_at_their_dates(
    slipped: tuple[StatusReport, Variance | None],
) -> None:
    report, moved = slipped
    fig = status_dashboard(report, moved)
    chart = fig.axes[2]
    lines = {line.get_gid(): line for line in chart.get_lines()}
    for row, phase in enumerate(report.phases):
        assert phase.baseline_finish is not None
        assert list(lines[f"forecast:{phase.phase}"].get_xdata()) == [date2num(phase.forecast_finish)]
        assert list(lines[f"baseline:{phase.phase}"].get_xdata()) == [date2num(phase.baseline_finish)]
        assert list(lines[f"forecast:{phase.phase}"].get_ydata()) == [row]
    assert report.status_date is not None
    assert list(lines["status-date"].get_xdata()) == [date2num(report.status_date)] * 2
    assert "baseline vs forecast" in chart.get_title(loc="left")
    assert [t.get_text() for t in chart.get_legend().get_texts()][:2] == [
        "Baseline finish",
        "Forecast finish (RAG colour)",
    ]


def test_without_a_baseline_only_forecasts_are_drawn(midshire: Plan) -> None:
    report, moved = _tracked(midshire)
    assert moved is None
    fig = status_dashboard(report, moved)
    gids = {line.get_gid() for line in fig.axes[2].get_lines()}
    assert gids == {f"forecast:{p.phase}" for p in report.phases}
    assert "no baseline" in fig.axes[2].get_title(loc="left")
    assert any("No baseline chosen" in text for text in _texts(fig))
    assert "no status date" in fig.get_suptitle()


def test_many_phases_show_the_worst_in_plan_order(slipped: tuple[StatusReport, Variance | None]) -> None:
    report, _ = slipped
    template = report.phases[0]
    phases = tuple(
        dataclasses.replace(template, phase=f"X{k}", name=f"Phase {k}", status="green", slip_days=0)
        for k in range(MAX_PHASE_ROWS + 6)
    )
    phases = tuple(
        dataclasses.replace(p, status="red", slip_days=30) if k in (3, 20) else p
        for k, p in enumerate(phases)
    )
    many = StatusReport(report.status_date, report.baseline, report.programme, phases)
    shown = shown_phases(many)
    assert len(shown) == MAX_PHASE_ROWS
    assert [p.phase for p in shown][:4] == ["X0", "X1", "X2", "X3"] and shown[-1].phase == "X20"
    fig = status_dashboard(many)
    assert len([p for p in fig.axes[1].patches]) == MAX_PHASE_ROWS
    assert f"worst of {len(phases)} phases" in fig.axes[2].get_title(loc="left")


def test_slip_in_words() -> None:
    assert slip_text(None) == "no baseline"
    assert slip_text(0) == "on baseline"
    assert slip_text(1) == "1 working day late"
    assert slip_text(-3, "day") == "3 days early"


@pytest.mark.parametrize(("suffix", "magic"), [(".png", b"\x89PNG"), (".pdf", b"%PDF"), (".svg", b"<?xml")])
def test_export_writes_the_format_of_the_suffix(
    slipped: tuple[StatusReport, Variance | None], tmp_path: Path, suffix: str, magic: bytes
) -> None:
    target = tmp_path / f"dashboard{suffix}"
    export_dashboard(status_dashboard(*slipped), target)
    assert target.read_bytes().startswith(magic) and target.stat().st_size > 5_000


def test_export_refuses_other_suffixes(slipped: tuple[StatusReport, Variance | None], tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="use .png, .pdf or .svg"):
        export_dashboard(status_dashboard(*slipped), tmp_path / "dashboard.jpg")
    assert not (tmp_path / "dashboard.jpg").exists()


def test_an_assessment_without_phases_still_draws(slipped: tuple[StatusReport, Variance | None]) -> None:
    report, _ = slipped
    empty = StatusReport(None, None, report.programme, ())
    fig = status_dashboard(empty)
    assert any("No phases" in text for text in _texts(fig))
    assert isinstance(report.programme, RagAssessment)
