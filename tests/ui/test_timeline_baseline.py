"""Timeline baseline: the chosen baseline's bars under the current ones; toggle, legend, tooltip, export."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QAction, QColor, QImage, QKeySequence
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from app.engine.calendar import WorkingCalendar
from app.engine.edits import InsertItem, ReplaceItem, SetProjectFields, set_item_fields
from app.engine.model import Baseline
from app.engine.tracking import capture_baseline, slip
from app.storage.interchange import read_json
from app.ui.document import Document
from app.ui.main_window import MainWindow
from app.ui.pages.timeline_page import TimelinePage
from app.ui.selection import TaskSelection
from app.ui.widgets.gantt_baseline import BASELINE_DIAMOND_HALF
from app.ui.widgets.gantt_export import NAME_WIDTH, TITLE_HEIGHT
from app.ui.widgets.gantt_style import BASELINE_FILL, HEADER_HEIGHT
from app.ui.widgets.gantt_view import GanttView
from tests.conftest import SAMPLES


def _baseline(document: Document, baseline_id: str = "B01") -> Baseline:
    schedule = document.schedule
    assert schedule is not None
    return capture_baseline(document.plan, schedule, None, baseline_id, "Approved", date(2026, 5, 1))


def _choose(document: Document, baseline: Baseline) -> None:
    document.push(InsertItem("baselines", baseline))
    document.push(SetProjectFields((("baseline", baseline.id),)))


@pytest.fixture
def midshire() -> Document:
    """The Midshire sample, with no baseline chosen."""
    return Document(read_json(SAMPLES / "midshire.json"))


@pytest.fixture
def page(qtbot: QtBot, midshire: Document) -> Iterator[TimelinePage]:
    """The timeline page on Midshire, shown at 1280x800 in a main window."""
    host = QMainWindow()
    host.setMinimumSize(640, 480)
    page = TimelinePage(midshire, TaskSelection())
    host.setCentralWidget(page)
    qtbot.addWidget(host)
    host.resize(1280, 800)
    host.show()
    qtbot.waitExposed(host)
    yield page
    midshire.undo_stack.setClean()
    host.close()


@pytest.fixture
def slipped(page: TimelinePage, midshire: Document) -> TimelinePage:
    """The page after baselining Midshire as B01, choosing it, and lengthening procurement (T03) by 30 days.
    """
    _choose(midshire, _baseline(midshire))
    midshire.push(set_item_fields(midshire.plan, "tasks", "T03", "Longer procurement", duration=120))
    return page


def _expected_baseline(view: GanttView, baseline: Baseline, task_id: str) -> tuple[float, float]:
    saved = next(t for t in baseline.tasks if t.task == task_id)
    origin, ppd = view.gantt_geometry.origin, view.pixels_per_day
    return (saved.start.toordinal() - origin) * ppd, (saved.finish.toordinal() + 1 - origin) * ppd


def _pixel(view: GanttView, scene_point: QPointF) -> QColor:
    return view.viewport().grab().toImage().pixelColor(view.mapFromScene(scene_point))


def test_without_a_baseline_the_control_is_disabled_and_nothing_is_drawn(
    page: TimelinePage, midshire: Document
) -> None:
    assert midshire.plan.active_baseline is None
    assert not page.baseline_action.isEnabled()
    assert len(page.view.baseline_bars) == 0
    assert page.view.baseline_rect("T03") is None
    assert "baseline" not in page.legend.keys
    assert "Baseline" not in page.view.tooltip_text("T03")
    midshire.push(InsertItem("baselines", _baseline(midshire)))  # kept, but not chosen
    assert not page.baseline_action.isEnabled()
    assert len(page.view.baseline_bars) == 0


def test_choosing_a_baseline_draws_its_bars_and_undo_removes_them(
    page: TimelinePage, midshire: Document
) -> None:
    view = page.view
    baseline = _baseline(midshire)
    _choose(midshire, baseline)
    assert page.baseline_action.isEnabled() and page.baseline_action.isChecked()
    assert len(view.baseline_bars) == len(midshire.plan.tasks)
    for task in midshire.plan.tasks:  # nothing has moved yet: each baseline bar spans its current bar
        current, saved = view.bar_rect(task.id), view.baseline_rect(task.id)
        assert current is not None and saved is not None
        if task.duration:
            assert (saved.left(), saved.right()) == pytest.approx((current.left(), current.right()))
        else:
            assert saved.center().x() == pytest.approx(current.center().x())
            assert saved.width() == pytest.approx(2 * BASELINE_DIAMOND_HALF)  # a small diamond
        assert current.top() < saved.top() and saved.bottom() <= current.bottom()  # in the row's lower part
    assert {"baseline", "baseline_milestone"} <= set(page.legend.keys)
    assert len(view.scene().items()) == 3  # painted by the bar layer: no item per task or per baseline bar
    midshire.undo_stack.undo()  # the choice
    assert not page.baseline_action.isEnabled()
    assert len(view.baseline_bars) == 0 and "baseline" not in page.legend.keys


def test_a_slipped_task_has_its_baseline_bar_apart_from_its_current_bar(
    slipped: TimelinePage, midshire: Document
) -> None:
    view = slipped.view
    baseline = midshire.plan.active_baseline
    assert baseline is not None
    for task_id in ("T03", "T05", "T14", "W1-GO"):
        saved, current = view.baseline_rect(task_id), view.bar_rect(task_id)
        assert saved is not None and current is not None
        left, right = _expected_baseline(view, baseline, task_id)
        if task_id == "W1-GO":
            assert saved.center().x() == pytest.approx((left + right) / 2)
            assert saved.center().x() < current.center().x()
        else:
            assert (saved.left(), saved.right()) == pytest.approx((left, right))
            assert saved.right() < current.right()
    assert view.baseline_rect("T03").left() == view.bar_rect("T03").left()  # type: ignore[union-attr]
    assert view.baseline_rect("T05").left() < view.bar_rect("T05").left()  # type: ignore[union-attr]
    unmoved, bar = view.baseline_rect("T01"), view.bar_rect("T01")
    assert unmoved is not None and bar is not None
    assert (unmoved.left(), unmoved.right()) == (bar.left(), bar.right())  # T01 is before the change
    # The arrays behind the painting: one entry per task row, in row order.
    bars = view.baseline_bars
    assert bars.rows.tolist() == sorted(bars.rows.tolist())
    row = view.row_of("T05")
    k = bars.index_of_row(row)  # type: ignore[arg-type]
    assert k is not None and bars.start[k] == baseline.tasks[4].start.toordinal() - view.gantt_geometry.origin


def test_toggling_show_baseline_hides_and_shows_the_bars(slipped: TimelinePage, qtbot: QtBot) -> None:
    view = slipped.view
    view.set_scale("week")
    saved = view.baseline_rect("T05")
    assert saved is not None
    view.ensureVisible(saved, 60, 60)
    point = QPointF(saved.left() + 6, saved.center().y())
    assert _pixel(view, point) == QColor(BASELINE_FILL)
    assert view.task_at(point) == "T05"  # the baseline bar is hit like the bar for the tooltip
    slipped.baseline_action.trigger()
    assert not slipped.baseline_action.isChecked() and slipped.baseline_action.isEnabled()
    assert len(view.baseline_bars) == 0 and len(view.bar_layer.baseline) == 0
    assert view.baseline_rect("T05") is None
    assert "baseline" not in slipped.legend.keys
    assert _pixel(view, point) != QColor(BASELINE_FILL)
    slipped.baseline_action.trigger()
    assert view.baseline_rect("T05") == saved
    assert _pixel(view, point) == QColor(BASELINE_FILL)


def test_the_tooltip_gives_the_baseline_dates_and_the_finish_slip(
    slipped: TimelinePage, midshire: Document
) -> None:
    baseline = midshire.plan.active_baseline
    schedule = midshire.schedule
    assert baseline is not None and schedule is not None
    calendar = WorkingCalendar.for_project(midshire.plan.project)
    saved = next(t for t in baseline.tasks if t.task == "T05")
    days = slip(calendar, saved.finish, schedule.finish_of("T05"))
    assert days == 30
    expected = (
        f"Baseline: {saved.start.day} {saved.start:%b %Y} – {saved.finish.day} {saved.finish:%b %Y} "
        f"(finish +{days} working days)"
    )
    assert expected in slipped.view.tooltip_text("T05")
    assert "(finish as in the baseline)" in slipped.view.tooltip_text("T01")
    assert "(date +30 working days)" in slipped.view.tooltip_text("W1-GO")


def test_a_changed_baseline_is_redrawn(slipped: TimelinePage, midshire: Document) -> None:
    view = slipped.view
    before = view.baseline_rect("T05")
    rebuilt = view.rebuild_count
    retaken = dataclasses.replace(_baseline(midshire, "B01"), name="Re-baselined")
    midshire.push(ReplaceItem("baselines", "B01", retaken))
    assert view.rebuild_count == rebuilt  # the rows stay: only the baseline arrays are rebuilt
    after = view.baseline_rect("T05")
    assert after is not None and before is not None and after.left() > before.left()
    assert after == QRectF(view.bar_rect("T05").left(), after.top(), after.width(), after.height())  # type: ignore[union-attr]
    assert "Re-baselined" in slipped.baseline_action.toolTip()


def test_exports_include_the_baseline_bars_when_shown(
    slipped: TimelinePage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = slipped.view
    saved = view.baseline_rect("T05")
    assert saved is not None

    def colour_at(path: Path) -> QColor:
        image = QImage(str(path))
        x = NAME_WIDTH + saved.left() + 6
        y = TITLE_HEIGHT + HEADER_HEIGHT + saved.center().y()
        return image.pixelColor(int(x), int(y))

    targets = iter([tmp_path / "with.png", tmp_path / "with.pdf", tmp_path / "without.png"])
    monkeypatch.setattr(slipped, "_ask_export_path", lambda *args: next(targets))
    slipped.export_png_action.trigger()
    slipped.export_pdf_action.trigger()
    slipped.baseline_action.trigger()
    slipped.export_png_action.trigger()
    assert colour_at(tmp_path / "with.png") == QColor(BASELINE_FILL)
    assert colour_at(tmp_path / "without.png") != QColor(BASELINE_FILL)
    assert (tmp_path / "with.pdf").read_bytes().startswith(b"%PDF")


def test_the_shortcut_is_unique_in_the_window(
    make_window: Callable[..., MainWindow], demo_json: Path
) -> None:
    window = make_window(demo_json)
    keys = QKeySequence("Ctrl+Shift+B")
    owners = [a.text() for a in window.findChildren(QAction) if keys in a.shortcuts()]
    assert owners == ["Show &baseline"]
    assert window.timeline_page.baseline_action.shortcut() == keys
