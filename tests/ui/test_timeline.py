"""Timeline page: bars where the schedule says, live edits, selection both ways, scales, cycles, exports."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QKeySequence, QPainter
from PySide6.QtWidgets import QAbstractButton, QComboBox, QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from app.engine.edits import set_item_fields
from app.engine.model import Dependency, Plan, Project, Task
from app.storage.interchange import read_json
from app.ui.document import Document
from app.ui.pages.timeline_page import TimelinePage
from app.ui.selection import TaskSelection
from app.ui.widgets.gantt_geometry import BAR_INSET, ROW_HEIGHT, MarkerKind, RowKind
from app.ui.widgets.gantt_links import route_links
from app.ui.widgets.gantt_scale import SCALES, financial_year, header_spans
from app.ui.widgets.gantt_style import BAR_FILL, CRITICAL_FILL, HEADER_HEIGHT, MILESTONE_FILL
from app.ui.widgets.gantt_view import GanttView
from benchmarks.generate import generated_plan
from tests.conftest import SAMPLES


def _host(qtbot: QtBot, document: Document, selection: TaskSelection) -> Iterator[TimelinePage]:
    host = QMainWindow()
    host.setMinimumSize(640, 480)  # a top-level minimum keeps the offscreen plugin from warning on show
    page = TimelinePage(document, selection)
    host.setCentralWidget(page)
    qtbot.addWidget(host)
    host.resize(1280, 800)
    host.show()
    qtbot.waitExposed(host)
    yield page
    document.undo_stack.setClean()
    host.close()


@pytest.fixture(params=["midshire", "northvale"])
def document(request: pytest.FixtureRequest) -> Document:
    """A document holding one of the samples."""
    return Document(read_json(SAMPLES / f"{request.param}.json"))


@pytest.fixture
def midshire() -> Document:
    """The Midshire sample (freezes, PSTN deadlines, a contract end)."""
    return Document(read_json(SAMPLES / "midshire.json"))


@pytest.fixture
def selection() -> TaskSelection:
    """A fresh task selection."""
    return TaskSelection()


@pytest.fixture
def page(qtbot: QtBot, document: Document, selection: TaskSelection) -> Iterator[TimelinePage]:
    """The timeline page on each sample, shown at 1280x800 in a main window."""
    yield from _host(qtbot, document, selection)


@pytest.fixture
def midshire_page(qtbot: QtBot, midshire: Document, selection: TaskSelection) -> Iterator[TimelinePage]:
    """The timeline page on Midshire."""
    yield from _host(qtbot, midshire, selection)


def _expected_bar(view: GanttView, document: Document, task_id: str) -> tuple[float, float]:
    """Left and right pixel edges the schedule calls for (a milestone: its diamond's centre, twice)."""
    schedule = document.schedule
    assert schedule is not None
    i = schedule.index[task_id]
    origin, ppd = view.gantt_geometry.origin, view.pixels_per_day
    start = int(schedule.start_ordinals[i]) - origin
    finish = int(schedule.finish_ordinals[i]) - origin
    if schedule.duration[i] == 0:
        return (start + 0.5) * ppd, (start + 0.5) * ppd
    return start * ppd, (finish + 1) * ppd


def _assert_bars_match(view: GanttView, document: Document, task_ids: list[str] | tuple[str, ...]) -> None:
    for task_id in task_ids:
        rect = view.bar_rect(task_id)
        assert rect is not None, task_id
        left, right = _expected_bar(view, document, task_id)
        if left == right:
            assert rect.center().x() == pytest.approx(left), task_id
        else:
            assert (rect.left(), rect.right()) == pytest.approx((left, right)), task_id


def _viewport_pixel(view: GanttView, scene_point: QPointF) -> QColor:
    image = view.viewport().grab().toImage()
    point = view.mapFromScene(scene_point)
    return image.pixelColor(point)


# --- geometry ---------------------------------------------------------------------------------------------


def test_every_bar_sits_on_its_scheduled_days(page: TimelinePage, document: Document) -> None:
    view = page.view
    _assert_bars_match(view, document, [t.id for t in document.plan.tasks])
    geometry = view.gantt_geometry
    phases_shown = [geometry.ids[r] for r in np.flatnonzero(geometry.kind == RowKind.PHASE)]
    assert geometry.rows == len(document.plan.tasks) + len(phases_shown)
    assert len(view.scene().items()) == 3  # calendar, links, bars: never an item per task


def test_rows_are_phases_then_their_tasks_in_plan_order(page: TimelinePage, document: Document) -> None:
    geometry = page.view.gantt_geometry
    schedule = document.schedule
    assert schedule is not None
    phase_dates = {p.id: p for p in schedule.phases}
    current = None
    seen: list[str] = []
    for row in range(geometry.rows):
        if geometry.kind[row] == RowKind.PHASE:
            current = geometry.ids[row]
            dates = phase_dates[current]
            assert geometry.start[row] == dates.start.toordinal() - geometry.origin
            assert geometry.end[row] == dates.finish.toordinal() - geometry.origin + 1
        else:
            assert document.plan.task_by_id[geometry.ids[row]].phase == current
            seen.append(geometry.ids[row])
    order = {t.id: k for k, t in enumerate(document.plan.tasks)}
    for phase in {document.plan.task_by_id[i].phase for i in seen}:
        members = [order[i] for i in seen if document.plan.task_by_id[i].phase == phase]
        assert members == sorted(members)


def test_milestones_are_diamonds_at_their_date(page: TimelinePage, document: Document) -> None:
    view = page.view
    milestones = [t.id for t in document.plan.tasks if t.duration == 0]
    assert milestones
    for task_id in milestones:
        row = view.row_of(task_id)
        assert row is not None and view.gantt_geometry.kind[row] == RowKind.MILESTONE
        centre, _ = _expected_bar(view, document, task_id)
        assert view.bar_rect(task_id).center().x() == pytest.approx(centre)  # type: ignore[union-attr]
    task_id = milestones[0]
    view.scroll_to_task(task_id)
    rect = view.bar_rect(task_id)
    assert rect is not None
    middle = _viewport_pixel(view, rect.center())
    assert middle in (QColor(MILESTONE_FILL), QColor(CRITICAL_FILL))
    corner = _viewport_pixel(view, QPointF(rect.left() + 1, rect.top() + 6))  # a square would fill this
    assert corner not in (QColor(MILESTONE_FILL), QColor(CRITICAL_FILL))


def test_critical_tasks_use_the_critical_colour(page: TimelinePage, document: Document) -> None:
    view = page.view
    schedule = document.schedule
    assert schedule is not None
    for task_id, critical in zip(schedule.task_ids, schedule.critical.tolist(), strict=True):
        task = document.plan.task_by_id[task_id]
        expected = CRITICAL_FILL if critical else (MILESTONE_FILL if task.duration == 0 else BAR_FILL)
        assert view.bar_colour(task_id) == QColor(expected), task_id
    critical_bar = next(
        t
        for t, c in zip(schedule.task_ids, schedule.critical.tolist(), strict=True)
        if c and document.plan.task_by_id[t].duration > 0
    )
    other_bar = next(
        t
        for t, c in zip(schedule.task_ids, schedule.critical.tolist(), strict=True)
        if not c and document.plan.task_by_id[t].duration > 0
    )
    for task_id, colour in ((critical_bar, CRITICAL_FILL), (other_bar, BAR_FILL)):
        view.scroll_to_task(task_id)
        rect = view.bar_rect(task_id)
        assert rect is not None
        assert _viewport_pixel(view, QPointF(rect.left() + 3, rect.center().y())) == QColor(colour)


def test_freeze_band_benchmark_pstn_and_contract_markers(
    midshire_page: TimelinePage, midshire: Document
) -> None:
    view = midshire_page.view
    geometry = view.gantt_geometry
    christmas = next(b for b in geometry.freezes if b.name == "Christmas/New Year 2026-27")
    assert (christmas.start, christmas.end) == (
        geometry.column(date(2026, 12, 14)),
        geometry.column(date(2027, 1, 8)) + 1,
    )
    assert not christmas.scoped
    assert any(b.scoped and "Council-tax" in b.name for b in geometry.freezes)
    markers = {m.kind: m for m in geometry.markers}
    schedule = midshire.schedule
    assert schedule is not None
    assert markers[MarkerKind.BENCHMARK].column == geometry.column(schedule.benchmark_end) + 1
    assert markers[MarkerKind.BENCHMARK].label == "12-month benchmark"
    assert markers[MarkerKind.PSTN].column == geometry.column(date(2027, 1, 31)) + 1
    assert markers[MarkerKind.CONTRACT].column == geometry.column(date(2027, 3, 31)) + 1
    # The band is painted: a point inside it on an empty stretch of a row is tinted, not white.
    view.scroll_to_date(date(2026, 12, 20), 0.5)
    x = (geometry.column(date(2026, 12, 22)) + 0.5) * view.pixels_per_day
    row = view.row_of("T14")
    assert row is not None
    view.verticalScrollBar().setValue(0)
    tint = _viewport_pixel(view, QPointF(x, 1.5 * ROW_HEIGHT + 2))
    assert tint != QColor("white") and tint.blue() > tint.red()
    header = view.header
    band_x = view.column_zero_x() + (christmas.start + 2) * view.pixels_per_day
    assert "Christmas/New Year 2026-27" in header._text_at(band_x, 40)  # noqa: SLF001 - the header's tooltip


def test_a_cutover_held_by_a_freeze_is_marked(midshire_page: TimelinePage, midshire: Document) -> None:
    view = midshire_page.view
    milestone = midshire.plan.task_by_id["W1-GO"]
    late = date(2027, 12, 20)  # inside the Christmas 2027-28 freeze
    midshire.push(set_item_fields(midshire.plan, "tasks", "W1-GO", "Hold", start_no_earlier_than=late))
    schedule = midshire.schedule
    assert schedule is not None and "W1-GO" in schedule.held_by_freeze
    row = view.row_of("W1-GO")
    assert row is not None and view.gantt_geometry.held[row]
    assert "Held back by freeze" in view.tooltip_text("W1-GO")
    _assert_bars_match(view, midshire, ["W1-GO"])
    assert milestone.kind == "cutover"


def test_deadlines_and_holidays(midshire_page: TimelinePage) -> None:
    geometry = midshire_page.view.gantt_geometry
    row = midshire_page.view.row_of("N01")
    assert row is not None
    assert geometry.deadline[row] == geometry.column(date(2027, 1, 31)) + 1
    assert geometry.column(date(2026, 12, 25)) in geometry.non_working.tolist()  # Christmas Day, a Friday


# --- live edits ---------------------------------------------------------------------------------------------


def test_a_duration_edit_moves_the_bar_and_its_successors_at_once(
    midshire_page: TimelinePage, midshire: Document
) -> None:
    view = midshire_page.view
    before = {t.id: view.bar_rect(t.id) for t in midshire.plan.tasks}
    items = list(view.scene().items())
    midshire.push(set_item_fields(midshire.plan, "tasks", "T03", "Longer procurement", duration=120))
    assert list(view.scene().items()) == items  # moved in place, no item rebuilt
    _assert_bars_match(view, midshire, [t.id for t in midshire.plan.tasks])
    after = {t.id: view.bar_rect(t.id) for t in midshire.plan.tasks}
    assert after["T03"].width() > before["T03"].width()  # type: ignore[union-attr]
    for successor in ("T05", "T06", "T07", "T09", "T14"):
        assert after[successor].left() > before[successor].left()  # type: ignore[union-attr]
    assert after["T01"] == before["T01"]
    midshire.undo_stack.undo()
    assert view.bar_rect("T03") == before["T03"]


def test_a_cycle_shows_the_overlay_instead_of_bars(midshire_page: TimelinePage, midshire: Document) -> None:
    view = midshire_page.view
    task = midshire.plan.task_by_id["T02"]
    cycle = (*task.predecessors, Dependency("T03", "FS", 0, "loop"))
    midshire.push(set_item_fields(midshire.plan, "tasks", "T02", "Loop", predecessors=cycle))
    assert midshire.schedule is None
    assert view.overlay.isVisible()
    assert "cannot be scheduled" in view.overlay.text()
    assert view.gantt_geometry.rows == 0
    assert "cannot be scheduled" in midshire_page.summary.text()
    midshire.undo_stack.undo()
    assert not view.overlay.isVisible()
    assert view.bar_rect("T02") is not None


# --- selection ----------------------------------------------------------------------------------------------


def test_clicking_a_bar_selects_its_task(
    page: TimelinePage, qtbot: QtBot, selection: TaskSelection, document: Document
) -> None:
    view = page.view
    task_id = document.plan.tasks[2].id
    view.scroll_to_task(task_id)
    rect = view.bar_rect(task_id)
    assert rect is not None
    with qtbot.waitSignal(selection.selection_changed):
        qtbot.mouseClick(
            view.viewport(),
            Qt.MouseButton.LeftButton,
            pos=view.mapFromScene(QPointF(rect.left() + 2, rect.center().y())),
        )
    assert selection.ids == (task_id,)
    assert view.selected_rows.tolist() == [view.row_of(task_id)]
    assert view.task_at(QPointF(rect.center().x(), rect.center().y())) == task_id
    assert view.task_at(QPointF(rect.center().x(), -5)) is None


def test_clicking_a_name_selects_its_task(page: TimelinePage, qtbot: QtBot, selection: TaskSelection) -> None:
    column = page.view.name_column
    page.view.verticalScrollBar().setValue(0)
    with qtbot.waitSignal(selection.selection_changed):
        qtbot.mouseClick(
            column, Qt.MouseButton.LeftButton, pos=QPoint(100, int(HEADER_HEIGHT + 1.5 * ROW_HEIGHT))
        )
    assert selection.ids == (page.view.gantt_geometry.ids[1],)


@pytest.fixture
def citizen_page(qtbot: QtBot, selection: TaskSelection) -> Iterator[TimelinePage]:
    """The timeline page on the (long) Citizen Services sample."""
    yield from _host(qtbot, Document(read_json(SAMPLES / "citizen-services.json")), selection)


def test_a_selection_made_elsewhere_is_scrolled_into_view(
    citizen_page: TimelinePage, selection: TaskSelection
) -> None:
    view = citizen_page.view
    document = view._document  # noqa: SLF001 - the page's document
    view.set_scale("week")
    view.go_to_start()
    last = document.plan.tasks[-1].id
    rect = view.bar_rect(last)
    assert rect is not None
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert not shown.intersects(rect)
    selection.set_selected([last])
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(QPointF(rect.left() + 1, rect.center().y()))
    assert view.selected_rows.tolist() == [view.row_of(last)]


# --- scales and keys ----------------------------------------------------------------------------------------


def test_scales_change_the_pixels_per_day(page: TimelinePage, document: Document) -> None:
    view = page.view
    for index, name in enumerate(("week", "month", "quarter")):
        page.scale_combo.setCurrentIndex(index)
        assert view.pixels_per_day == SCALES[name]  # type: ignore[index]
        assert view.scale_name == name
        _assert_bars_match(view, document, [t.id for t in document.plan.tasks])
    before = view.pixels_per_day
    page.zoom_in_action.trigger()
    assert view.pixels_per_day > before
    page.zoom_out_action.trigger()
    page.zoom_out_action.trigger()
    assert view.pixels_per_day < before
    page.fit_action.trigger()
    assert view.gantt_geometry.days * view.pixels_per_day <= view.viewport().width()
    view.set_scale("week")
    assert page.scale_combo.currentIndex() == 0


def test_keys_zoom_pick_scales_and_jump(page: TimelinePage, qtbot: QtBot, document: Document) -> None:
    view = page.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert view.pixels_per_day == SCALES["week"]
    qtbot.keyClick(view, Qt.Key.Key_3)
    assert view.pixels_per_day == SCALES["quarter"]
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.pixels_per_day > SCALES["quarter"]
    view.set_scale("week")
    view.today = date(2027, 6, 1)
    qtbot.keyClick(view, Qt.Key.Key_T)
    x = view.day_x(view.today)
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.left() <= x <= shown.right()
    qtbot.keyClick(view, Qt.Key.Key_Home)
    start = view.day_x(document.plan.project.start_date)
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.left() <= start <= shown.right() and shown.top() == 0


def test_header_labels_weeks_months_and_financial_quarters() -> None:
    origin = date(2027, 3, 1).toordinal()
    upper, lower = header_spans(origin, 0, 20, SCALES["week"])
    assert lower[0].label == "w/c 1 Mar" and upper[0].label == "March 2027"
    _, lower = header_spans(origin, 0, 100, SCALES["month"])
    assert [s.label for s in lower[:2]] == ["Mar 2027", "Apr 2027"]
    upper, lower = header_spans(origin, 0, 400, SCALES["quarter"])
    assert [s.label for s in lower[:3]] == ["Q4 2026/27", "Q1 2027/28", "Q2 2027/28"]
    assert lower[1].start == date(2027, 4, 1).toordinal() - origin
    assert upper[1].label == "FY 2027/28"
    assert financial_year(date(2028, 3, 31)) == "2027/28"


# --- filters, text and export ----------------------------------------------------------------------------


def test_arrows_leave_and_enter_the_ends_their_type_names(qtbot: QtBot) -> None:
    tasks = (
        Task("A", "Anchor", 10),
        Task("B", "Finish-start", 5, predecessors=(Dependency("A"),)),
        Task("C", "Start-start", 5, predecessors=(Dependency("A", "SS", 2),)),
        Task("D", "Finish-finish", 5, predecessors=(Dependency("A", "FF"),)),
        Task("E", "Start-finish", 5, predecessors=(Dependency("A", "SF", 8),)),
    )
    plan = Plan(Project("Links", date(2026, 6, 1)), tasks=tasks)
    view = GanttView(Document(plan), TaskSelection())
    qtbot.addWidget(view)
    view.set_scale("week")
    layer = view.link_layer
    lines = route_links(view.gantt_geometry, view.pixels_per_day, layer.index)
    bars = {t.id: view.bar_rect(t.id) for t in tasks}
    ends = {tuple(p) for row in lines.segments.tolist() for p in (row[:2], row[2:])}
    heads = {(round(x), round(y)): (dx, dy) for x, y, dx, dy in lines.heads.tolist()}

    def centre(task_id: str, side: str) -> tuple[float, float]:
        rect = bars[task_id]
        assert rect is not None
        return (rect.left() if side == "start" else rect.right()), rect.center().y()

    assert (
        centre("A", "finish") in ends and centre("A", "start") in ends
    )  # FS/FF leave the finish, SS/SF the start
    for task_id, side, way in (("C", "start", 1.0), ("D", "finish", -1.0), ("E", "finish", -1.0)):
        x, y = centre(task_id, side)
        assert heads[(round(x), round(y))] == (way, 0.0), (
            task_id
        )  # into a start pointing right, a finish left
    b = bars["B"]
    assert b is not None
    assert heads[(round(b.left() + 4), round(b.top() + BAR_INSET))] == (0.0, 1.0)  # FS drops onto the bar


def test_critical_only_and_dependency_toggles(page: TimelinePage, document: Document) -> None:
    view = page.view
    schedule = document.schedule
    assert schedule is not None
    page.critical_action.trigger()
    shown = [i for i in view.gantt_geometry.ids if i in document.plan.task_by_id]
    assert shown and all(schedule.critical[schedule.index[i]] for i in shown)
    page.critical_action.trigger()
    assert view.gantt_geometry.rows > len(shown)
    assert len(view.link_layer.index) > 0
    assert len(view.link_layer.lines_in(view.mapToScene(view.viewport().rect()).boundingRect()).segments)
    page.links_action.trigger()
    assert not view.link_layer.isVisible()


def test_tooltip_and_summary(midshire_page: TimelinePage) -> None:
    text = midshire_page.view.tooltip_text("T07")
    for expected in (
        "Build: routing",
        "T07",
        "Start",
        "Finish",
        "/2027",
        "Total float",
        "Critical",
        "T06",
        "FS",
        "Design authority",
    ):
        assert expected in text
    assert "lag +40 days" in midshire_page.view.tooltip_text("D02")
    summary = midshire_page.summary.text()
    assert summary.startswith("Finish Mon 5 Jun 2028 · 510 working days · 24.2 months")
    assert "beyond the 12-month benchmark by 12.2 months" in summary


def test_exports_write_png_and_pdf(
    midshire_page: TimelinePage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    targets = iter([tmp_path / "timeline.png", tmp_path / "timeline.pdf"])
    monkeypatch.setattr(midshire_page, "_ask_export_path", lambda *args: next(targets))
    midshire_page.export_png_action.trigger()
    midshire_page.export_pdf_action.trigger()
    image = QImage(str(tmp_path / "timeline.png"))
    assert image.width() > 1000 and image.height() > 34 * ROW_HEIGHT
    assert (tmp_path / "timeline.pdf").read_bytes().startswith(b"%PDF")


def test_a_tall_plan_continues_over_pdf_pages(tmp_path: Path) -> None:
    view = GanttView(Document(generated_plan(200)), TaskSelection())
    pages = view.export_pdf(tmp_path / "tall.pdf", "Generated", "200 tasks")
    assert pages == -(-view.gantt_geometry.rows // 51) and pages > 1
    assert (tmp_path / "tall.pdf").read_bytes().startswith(b"%PDF")


def test_an_uncached_export_culls_to_the_device(midshire_page: TimelinePage) -> None:
    """Rendering through the scene (whole bounding rect exposed) still draws only what lands on the image."""
    view = midshire_page.view
    image = QImage(200, 100, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    view.scene().render(painter, QRectF(0, 0, 200, 100), QRectF(0, 0, 200, 100))
    painter.end()
    assert not image.isNull()


def test_every_control_and_action_is_named(page: TimelinePage) -> None:
    panel = page.task_panel
    controls: list[QWidget] = [
        w
        for w in page.findChildren(QWidget)
        if isinstance(w, QAbstractButton | QComboBox) and (panel is None or not panel.isAncestorOf(w))
    ]
    controls += [page.view, page.view.name_column, page.view.header, page.legend, page.summary, page.toolbar]
    assert len(controls) > 10
    for widget in controls:
        assert widget.accessibleName(), widget
    for name, action in page.actions_by_name().items():
        assert action.text() and action.statusTip(), name
        assert not action.shortcut().isEmpty(), name
        assert action.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut, name
    assert page.zoom_in_action.shortcuts()[0] == QKeySequence("Ctrl+=")
