"""Risk page: a run off the GUI thread shows P50/P80 and charts; Cancel stops a long run; edits mark stale."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QThreadPool
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from app.engine.edits import set_item_fields
from app.engine.risk import simulate
from app.storage.interchange import read_json
from app.ui.document import Document
from app.ui.pages.risk_page import RiskPage
from app.ui.selection import TaskSelection
from app.ui.widgets.chart_host import ChartHost
from benchmarks.generate import generated_plan
from tests.conftest import SAMPLES

INTERACTIVE = (QAbstractButton, QAbstractSpinBox, QComboBox)
PageFactory = Callable[..., RiskPage]


def _long_date(value: object) -> str:
    return f"{value.day} {value:%b %Y}"  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _no_worker_left() -> Iterator[None]:
    """Fail a test that leaves a simulation running on the thread pool."""
    yield
    assert QThreadPool.globalInstance().waitForDone(10_000), "a simulation worker is still running"


@pytest.fixture
def make_page(qtbot: QtBot) -> Iterator[PageFactory]:
    """Return a factory: the risk page on a document, in a shown 1280x800 main window."""
    pages: list[RiskPage] = []
    hosts: list[QMainWindow] = []  # qtbot holds widgets weakly: keep the windows alive

    def make(document: Document, auto_run: bool = False) -> RiskPage:
        host = QMainWindow()
        host.setMinimumSize(640, 480)  # a top-level minimum keeps the offscreen plugin from warning on show
        page = RiskPage(document, TaskSelection(), auto_run=auto_run)
        host.setCentralWidget(page)
        qtbot.addWidget(host)
        host.resize(1280, 800)
        host.show()
        qtbot.waitExposed(host)
        pages.append(page)
        hosts.append(host)
        return page

    yield make
    for page in pages:
        page.shutdown()
        assert all(job.is_done() for job in page._worker.jobs), "shutdown left a worker running"
        page._document.undo_stack.setClean()
    for host in hosts:
        host.close()


@pytest.fixture
def midshire() -> Document:
    """The Midshire sample."""
    return Document(read_json(SAMPLES / "midshire.json"))


def _run(qtbot: QtBot, page: RiskPage, iterations: int = 1000) -> object:
    page.iterations_spin.setValue(iterations)
    with qtbot.waitSignal(page.simulation_finished, timeout=20_000) as blocker:
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_run_shows_p50_p80_and_renders_the_charts(qtbot: QtBot, make_page: PageFactory,
                                                  midshire: Document) -> None:
    page = make_page(midshire)
    result = _run(qtbot, page)
    expected = simulate(midshire.plan, 1000, seed=1)
    assert result.percentiles == expected.percentiles and page.result is result
    text = page.summary_view.toPlainText()
    for level in (10, 50, 80, 90):
        assert _long_date(result.percentiles[level]) in text
    assert "12-month benchmark" in text and _long_date(result.deterministic_finish) in text
    for task_id in result.p_by_deadline:  # each deadline, by task name
        task = next(t for t in midshire.plan.tasks if t.id == task_id)
        assert task.name[:25] in " ".join(text.split())
    hosts = (page.histogram_host, page.s_curve_host, page.tornado_host)
    for index, host in enumerate(hosts):
        page.charts.setCurrentIndex(index)
        qtbot.waitUntil(lambda host=host: host.canvas is not None and host.canvas.isVisible())
        assert host.figure is not None and host.export_png_button.isEnabled()
        image = host.canvas.grab().toImage()
        assert image.width() > 400 and image.height() > 300
        colours = {image.pixel(x, y) for x in range(0, image.width(), 9) for y in range(0, image.height(), 9)}
        assert len(colours) > 3  # drawn: more than a blank background
    assert f"P50 finish {_long_date(result.percentiles[50])}" in page.histogram_host.accessibleDescription()
    assert _long_date(result.percentiles[80]) in page.histogram_host.accessibleDescription()
    assert "Done" in page.status_label.text() and not page.is_running()


def test_ctrl_r_runs_from_anywhere_on_the_page(qtbot: QtBot, make_page: PageFactory,
                                               midshire: Document) -> None:
    page = make_page(midshire)
    page.iterations_spin.setValue(200)
    page.window().activateWindow()
    page.seed_spin.setFocus()
    qtbot.waitUntil(page.seed_spin.hasFocus)
    with qtbot.waitSignal(page.simulation_finished, timeout=20_000):
        qtbot.keyClick(page.seed_spin, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert page.result is not None and page.result.iterations == 200


def test_small_plan_runs_once_when_first_shown(qtbot: QtBot, midshire: Document) -> None:
    host = QMainWindow()
    host.setMinimumSize(640, 480)
    page = RiskPage(midshire, TaskSelection())
    host.setCentralWidget(page)
    qtbot.addWidget(host)
    with qtbot.waitSignal(page.simulation_finished, timeout=20_000):
        host.show()
    host.hide()
    host.show()  # no second automatic run
    assert not page.is_running()
    page.shutdown()


def test_cancel_stops_a_long_run_and_keeps_the_previous_result(qtbot: QtBot, make_page: PageFactory) -> None:
    document = Document(generated_plan(2000))
    page = make_page(document, auto_run=True)  # too big to run on its own
    assert not page.is_running()
    previous = _run(qtbot, page, iterations=100)
    page.iterations_spin.setValue(100_000)
    page.run()
    job = page.job
    assert job is not None and not page.run_action.isEnabled() and page.cancel_action.isEnabled()
    qtbot.waitUntil(lambda: page.progress_bar.value() > 0, timeout=10_000)
    with qtbot.waitSignal(page.simulation_cancelled, timeout=5_000):
        qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert job.wait(1.0) and page.job is None and not page.is_running()
    assert "Cancelled" in page.status_label.text()
    assert page.result is previous and page.run_action.isEnabled()


def test_destroying_the_page_stops_its_worker(qtbot: QtBot) -> None:
    page = RiskPage(Document(generated_plan(2000)), TaskSelection(), auto_run=False)
    page.iterations_spin.setValue(100_000)
    page.run()
    job = page.job
    assert job is not None
    page.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert job.is_done()


def test_a_plan_edit_marks_the_result_stale_and_undo_clears_it(qtbot: QtBot, make_page: PageFactory,
                                                               midshire: Document) -> None:
    page = make_page(midshire)
    assert page.stale_label.isHidden()
    _run(qtbot, page, iterations=200)
    assert page.stale_label.isHidden() and not page.is_stale()
    task = midshire.plan.tasks[0]
    midshire.push(set_item_fields(midshire.plan, "tasks", task.id, duration=task.duration + 20))
    assert page.is_stale() and page.stale_label.isVisible()
    assert not page.is_running()  # no automatic re-run
    midshire.undo_stack.undo()
    assert not page.is_stale() and page.stale_label.isHidden()


def test_every_control_has_an_accessible_name(qtbot: QtBot, make_page: PageFactory,
                                              midshire: Document) -> None:
    page = make_page(midshire)
    _run(qtbot, page, iterations=200)
    unnamed = [f"{type(w).__name__} {w.objectName()!r}" for w in page.findChildren(QWidget)
               if isinstance(w, INTERACTIVE) and w.isVisible() and not w.accessibleName().strip()
               and not isinstance(w.parentWidget(), (QAbstractSpinBox, QComboBox))]
    assert unnamed == []
    for host in page.findChildren(ChartHost):
        assert host.accessibleName() and host.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_export_buttons_write_png_and_svg(qtbot: QtBot, make_page: PageFactory, midshire: Document,
                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = make_page(midshire)
    _run(qtbot, page, iterations=200)
    host = page.tornado_host
    for suffix, button, magic in ((".png", host.export_png_button, b"\x89PNG"),
                                  (".svg", host.export_svg_button, b"<?xml")):
        target = tmp_path / f"tornado{suffix}"
        monkeypatch.setattr(ChartHost, "_ask_export_path", lambda self, _suffix, target=target: target)
        with qtbot.waitSignal(host.exported, timeout=10_000):
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert target.read_bytes().startswith(magic)
