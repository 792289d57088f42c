"""Scenarios page: versions are created, renamed, switched and deleted as undoable edits; Compare runs off
the GUI thread and shows a column per version; Cancel leaves nothing; the chart exports as PNG and PDF."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QThreadPool
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QAbstractSpinBox, QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from app.engine.edits import SetProjectFields
from app.engine.scenarios import compare
from app.storage.interchange import read_json
from app.ui.document import Document
from app.ui.pages import scenarios_page
from app.ui.pages.scenarios_page import ScenariosPage
from app.ui.widgets.scenario_comparison import long_date
from app.ui.widgets.scenario_versions import WORKING
from benchmarks.generate import generated_plan
from tests.conftest import SAMPLES

INTERACTIVE = (QAbstractButton, QAbstractSpinBox, QAbstractItemView)
PageFactory = Callable[[Document], ScenariosPage]


@pytest.fixture(autouse=True)
def _no_worker_left() -> Iterator[None]:
    """Fail a test that leaves a comparison running on the thread pool."""
    yield
    assert QThreadPool.globalInstance().waitForDone(10_000), "a comparison worker is still running"


class Dialogs:
    """Stands in for the page's dialogs: the names to answer, the delete answer, the errors shown."""

    def __init__(self) -> None:
        self.names: list[str | None] = []
        self.confirm = True
        self.confirm_asked: list[str] = []
        self.errors: list[tuple[str, str]] = []


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    log = Dialogs()

    def ask_name(_page: ScenariosPage, _title: str, _label: str, _text: str) -> str | None:
        return log.names.pop(0)

    def confirm(_page: ScenariosPage, name: str) -> bool:
        log.confirm_asked.append(name)
        return log.confirm

    monkeypatch.setattr(ScenariosPage, "_ask_name", ask_name)
    monkeypatch.setattr(ScenariosPage, "_confirm_delete", confirm)
    monkeypatch.setattr(ScenariosPage, "_show_error",
                        lambda _page, title, message: log.errors.append((title, message)))
    return log


@pytest.fixture
def make_page(qtbot: QtBot, hosted: Callable[[QWidget], QWidget]) -> Iterator[PageFactory]:
    """Return a factory: the page on a document, shown in a 1280x800 main window."""
    pages: list[ScenariosPage] = []

    def make(document: Document) -> ScenariosPage:
        page = ScenariosPage(document)
        hosted(page)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.shutdown()
        assert all(job.is_done() for job in page._worker.jobs), "shutdown left a worker running"
        page._document.undo_stack.setClean()


@pytest.fixture
def midshire() -> Document:
    """The Midshire sample."""
    return Document(read_json(SAMPLES / "midshire.json"))


def _names(page: ScenariosPage) -> list[str]:
    return [page.version_list.item(row).text() for row in range(page.version_list.count())]


def _select(page: ScenariosPage, name: str) -> None:
    key = next(s.id for s in page._document.plan.scenarios if s.name == name)
    page.version_list.select_key(key)


def _focus(qtbot: QtBot, widget: QWidget) -> None:
    """Give ``widget`` keyboard focus in an active window, so its shortcuts work."""
    widget.window().activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def _new(page: ScenariosPage, dialogs: Dialogs, name: str) -> None:
    dialogs.names.append(name)
    page.new_action.trigger()


def test_new_scenario_is_one_undo_step(qtbot: QtBot, make_page: PageFactory, midshire: Document,
                                       dialogs: Dialogs) -> None:
    page = make_page(midshire)
    original = midshire.plan
    assert _names(page) == ["Current plan (working)"]
    steps = midshire.undo_stack.count()
    dialogs.names.append("Phased")
    qtbot.mouseClick(page.version_buttons[0], Qt.MouseButton.LeftButton)
    assert [s.name for s in midshire.plan.scenarios] == ["Phased"]
    assert midshire.plan.scenarios[0].plan == dataclasses.replace(
        original, scenarios=(), project=dataclasses.replace(original.project, scenario_name="Phased"))
    assert _names(page) == ["Current plan (working)", "Phased"]
    assert midshire.undo_stack.count() == steps + 1 and dialogs.errors == []
    midshire.undo_stack.undo()
    assert midshire.plan == original and _names(page) == ["Current plan (working)"]


def test_duplicate_name_is_refused_with_a_message(make_page: PageFactory, midshire: Document,
                                                  dialogs: Dialogs) -> None:
    page = make_page(midshire)
    _new(page, dialogs, "Phased")
    before, steps = midshire.plan, midshire.undo_stack.count()
    for name in ("phased ", "Current plan", "   "):
        _new(page, dialogs, name)
    assert midshire.plan is before and midshire.undo_stack.count() == steps
    assert len(dialogs.errors) == 3
    assert "already called" in dialogs.errors[0][1] and "Traceback" not in dialogs.errors[0][1]
    assert "needs a name" in dialogs.errors[2][1]


def test_cancelling_the_name_dialog_changes_nothing(make_page: PageFactory, midshire: Document,
                                                    dialogs: Dialogs) -> None:
    page = make_page(midshire)
    dialogs.names.append(None)
    page.new_action.trigger()
    assert midshire.plan.scenarios == () and midshire.undo_stack.count() == 0


def test_switch_makes_the_scenario_the_working_plan_and_undo_switches_back(
        qtbot: QtBot, make_page: PageFactory, midshire: Document, dialogs: Dialogs) -> None:
    page = make_page(midshire)
    _new(page, dialogs, "Start later")
    original = midshire.plan
    page.version_list.select_key(WORKING)
    assert not page.switch_action.isEnabled() and not page.delete_action.isEnabled()
    _select(page, "Start later")
    assert page.switch_action.isEnabled()
    qtbot.mouseClick(page.version_buttons[3], Qt.MouseButton.LeftButton)
    assert midshire.plan.project.scenario_name == "Start later"
    assert [s.name for s in midshire.plan.scenarios] == ["Current plan"]
    assert _names(page) == ["Start later (working)", "Current plan"]
    assert page.version_list.selected_key() == WORKING
    midshire.undo_stack.undo()
    assert midshire.plan == original and _names(page) == ["Current plan (working)", "Start later"]


def test_enter_and_double_click_on_a_scenario_switch_to_it(qtbot: QtBot, make_page: PageFactory,
                                                           midshire: Document, dialogs: Dialogs) -> None:
    page = make_page(midshire)
    _new(page, dialogs, "Phased")
    _select(page, "Phased")
    page.version_list.setFocus()
    qtbot.keyClick(page.version_list, Qt.Key.Key_Return)
    assert midshire.plan.project.scenario_name == "Phased"
    qtbot.keyClick(page.version_list, Qt.Key.Key_Return)  # on the working plan: nothing happens
    assert midshire.plan.project.scenario_name == "Phased"
    item = page.version_list.item(1)
    centre = page.version_list.visualItemRect(item).center()
    qtbot.mouseClick(page.version_list.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # a real
    qtbot.mouseDClick(page.version_list.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # double press
    assert midshire.plan.project.scenario_name == "Current plan" and midshire.undo_stack.count() == 3


def test_a_switched_in_scenario_is_edited_independently(make_page: PageFactory, midshire: Document,
                                                        dialogs: Dialogs) -> None:
    page = make_page(midshire)
    original_start = midshire.plan.project.start_date
    _new(page, dialogs, "Start later")
    _select(page, "Start later")
    page.switch_action.trigger()
    midshire.push(SetProjectFields((("start_date", date(2027, 6, 1)),)))
    assert midshire.plan.project.start_date == date(2027, 6, 1)
    page.version_list.select_key(midshire.plan.scenarios[0].id)
    page.switch_action.trigger()
    assert midshire.plan.project.scenario_name == "Current plan"
    assert midshire.plan.project.start_date == original_start
    assert midshire.plan.scenarios[0].plan.project.start_date == date(2027, 6, 1)


def test_delete_asks_then_removes_the_scenario(qtbot: QtBot, make_page: PageFactory, midshire: Document,
                                               dialogs: Dialogs) -> None:
    page = make_page(midshire)
    _new(page, dialogs, "Phased")
    _new(page, dialogs, "Big bang")
    _select(page, "Phased")
    dialogs.confirm = False
    page.delete_action.trigger()
    assert dialogs.confirm_asked == ["Phased"] and len(midshire.plan.scenarios) == 2
    dialogs.confirm = True
    _focus(qtbot, page.version_list)
    qtbot.keyClick(page.version_list, Qt.Key.Key_Delete)
    assert [s.name for s in midshire.plan.scenarios] == ["Big bang"]
    assert _names(page) == ["Current plan (working)", "Big bang"]
    page.version_list.select_key(WORKING)
    page.delete_action.trigger()  # the working plan cannot be deleted
    assert dialogs.confirm_asked == ["Phased", "Phased"] and len(midshire.plan.scenarios) == 1
    midshire.undo_stack.undo()
    assert [s.name for s in midshire.plan.scenarios] == ["Phased", "Big bang"]


def test_rename_a_scenario_and_the_working_plan(make_page: PageFactory, midshire: Document,
                                                dialogs: Dialogs) -> None:
    page = make_page(midshire)
    _new(page, dialogs, "Phased")
    _select(page, "Phased")
    dialogs.names.append("Phased rollout")
    page.rename_action.trigger()
    assert [s.name for s in midshire.plan.scenarios] == ["Phased rollout"]
    page.version_list.select_key(WORKING)
    dialogs.names.append("Phased rollout")
    page.rename_action.trigger()
    assert dialogs.errors and "already called" in dialogs.errors[-1][1]
    dialogs.names.append("Baseline option")
    page.rename_action.trigger()
    assert _names(page) == ["Baseline option (working)", "Phased rollout"]


def _compare(qtbot: QtBot, page: ScenariosPage, iterations: int = 200) -> tuple:
    page.iterations_spin.setValue(iterations)
    with qtbot.waitSignal(page.comparison_finished, timeout=30_000) as blocker:
        qtbot.mouseClick(page.compare_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_compare_shows_a_column_per_version_and_a_later_finish_for_a_later_start(
        qtbot: QtBot, make_page: PageFactory, midshire: Document, dialogs: Dialogs) -> None:
    page = make_page(midshire)
    _new(page, dialogs, "Start later")
    _select(page, "Start later")
    page.switch_action.trigger()
    midshire.push(SetProjectFields((("start_date", date(2027, 6, 1)),)))
    page.version_list.select_key(midshire.plan.scenarios[0].id)
    page.switch_action.trigger()  # back to the current plan; the scenario starts a year later
    page.iterations_spin.setValue(200)
    page.run()
    assert page.is_running() and not page.compare_action.isEnabled() and page.cancel_action.isEnabled()
    qtbot.waitUntil(lambda: page.figures is not None, timeout=30_000)
    figures = page.figures
    assert figures == compare(midshire.plan, 200, 1)
    model = page.comparison_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Current plan (working)", "Start later"]
    rows = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    assert rows == ["Finish", "P50", "P80", "Working days", "Within benchmark", "One-off cost",
                    "Dual running", "Total cost (migrate)", "NPC (migrate)", "NPC (do minimum)",
                    "Switching value (£/yr)"]
    current, later = figures
    assert later.finish > current.finish and later.p80 > current.p80
    assert model.index(0, 0).data() == long_date(current.finish)
    assert model.index(0, 1).data() == long_date(later.finish)
    assert model.index(5, 0).data() == f"£{current.one_off:,.0f}"
    assert model.index(5, 0).data().startswith("£") and "," in model.index(5, 0).data()
    assert not page.stale_label.isVisible() and page.export_action.isEnabled()
    assert "Start later" in page.chart_host.accessibleDescription()
    midshire.push(SetProjectFields((("name", "Renamed"),)))
    assert page.stale_label.isVisible() and page.is_stale()
    midshire.undo_stack.undo()
    assert not page.stale_label.isVisible()


def test_a_version_that_cannot_be_scheduled_shows_its_problem(qtbot: QtBot, make_page: PageFactory,
                                                              midshire: Document, dialogs: Dialogs) -> None:
    page = make_page(midshire)
    _new(page, dialogs, "Broken")
    plan = midshire.plan
    first, second = plan.scenarios[0].plan.tasks[:2]
    from app.engine.model import Dependency

    looped = dataclasses.replace(first, predecessors=(*first.predecessors, Dependency(second.id)))
    looped_second = dataclasses.replace(second, predecessors=(*second.predecessors, Dependency(first.id)))
    broken = dataclasses.replace(plan.scenarios[0].plan, tasks=(looped, looped_second,
                                                                *plan.scenarios[0].plan.tasks[2:]))
    midshire.load(dataclasses.replace(plan, scenarios=(dataclasses.replace(plan.scenarios[0], plan=broken),)))
    _compare(qtbot, page)
    text = page.comparison_model.index(0, 1).data()
    assert text.startswith("Cannot be scheduled") and page.comparison_model.index(1, 1).data() == "—"


def test_cancel_leaves_no_result_and_no_error(qtbot: QtBot, make_page: PageFactory) -> None:
    document = Document(generated_plan(2000))
    page = make_page(document)
    page.iterations_spin.setValue(100_000)
    failures: list[str] = []
    page.comparison_failed.connect(failures.append)
    page.run()
    job = page.job
    assert job is not None
    qtbot.waitUntil(lambda: page.progress_bar.value() > 0, timeout=10_000)
    with qtbot.waitSignal(page.comparison_cancelled, timeout=5_000):
        qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert job.wait(1.0) and page.job is None and not page.is_running()
    assert page.figures is None and page.comparison_model.columnCount() == 0 and failures == []
    assert "Cancelled" in page.status_label.text() and page.compare_action.isEnabled()
    assert not page.export_action.isEnabled()


def test_destroying_the_page_stops_its_worker(qtbot: QtBot) -> None:
    page = ScenariosPage(Document(generated_plan(2000)))
    page.iterations_spin.setValue(100_000)
    page.run()
    job = page.job
    assert job is not None
    page.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert job.is_done()


def test_export_chart_writes_png_and_pdf(qtbot: QtBot, make_page: PageFactory, midshire: Document,
                                         dialogs: Dialogs, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    page = make_page(midshire)
    _new(page, dialogs, "Phased")
    _compare(qtbot, page)
    chosen = [tmp_path / "board.png", tmp_path / "board.pdf", tmp_path / "plain"]
    monkeypatch.setattr(scenarios_page, "ask_save_path", lambda *_args: chosen.pop(0))
    for _ in range(3):
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    png, pdf, plain = (tmp_path / "board.png"), (tmp_path / "board.pdf"), (tmp_path / "plain.png")
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 10_000
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1_000
    assert plain.read_bytes().startswith(b"\x89PNG")
    assert dialogs.errors == []


def test_every_interactive_widget_has_an_accessible_name(qtbot: QtBot, make_page: PageFactory,
                                                         midshire: Document, dialogs: Dialogs) -> None:
    page = make_page(midshire)
    _new(page, dialogs, "Phased")
    _compare(qtbot, page)
    unnamed = [f"{type(w).__name__} {w.objectName()!r}" for w in page.findChildren(QWidget)
               if isinstance(w, INTERACTIVE) and w.isVisible()
               and not isinstance(w.parentWidget(), (QAbstractSpinBox, QAbstractItemView))
               and not w.accessibleName().strip()]
    assert unnamed == []
    for action in (page.new_action, page.rename_action, page.delete_action, page.switch_action,
                   page.compare_action, page.cancel_action, page.export_action):
        assert action.text() and action.statusTip() and not action.shortcut().isEmpty()


def test_fits_1280_by_800(make_page: PageFactory, midshire: Document) -> None:
    page = make_page(midshire)
    window = page.window()
    assert isinstance(window, QMainWindow)
    assert page.minimumSizeHint().width() <= 1280 and page.minimumSizeHint().height() <= 800
    assert page.table.isVisible() and page.chart_host.isVisible() and page.version_list.isVisible()


def test_keyboard_paths_compare_rename_and_switch(qtbot: QtBot, make_page: PageFactory, midshire: Document,
                                                  dialogs: Dialogs) -> None:
    page = make_page(midshire)
    _new(page, dialogs, "Phased")
    _select(page, "Phased")
    _focus(qtbot, page.version_list)
    dialogs.names.append("Phased rollout")
    qtbot.keyClick(page.version_list, Qt.Key.Key_F2)
    assert [s.name for s in midshire.plan.scenarios] == ["Phased rollout"]
    qtbot.keyClick(page.version_list, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert midshire.plan.project.scenario_name == "Phased rollout"
    page.iterations_spin.setValue(200)
    _focus(qtbot, page.seed_spin)
    with qtbot.waitSignal(page.comparison_finished, timeout=30_000):
        qtbot.keyClick(page.seed_spin, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert page.figures is not None and len(page.figures) == 2


def test_comparison_model_passes_the_model_tester(qtbot: QtBot, qtmodeltester, make_page: PageFactory,
                                                  midshire: Document, dialogs: Dialogs) -> None:
    page = make_page(midshire)
    _new(page, dialogs, "Phased")
    _compare(qtbot, page)
    qtmodeltester.check(page.comparison_model)
