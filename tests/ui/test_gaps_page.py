"""Gaps page: findings per category from ``document.gaps``, selection, refresh, notices, copy and export."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QMainWindow, QTreeWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from app.engine.edits import SetProjectFields, set_item_fields
from app.engine.model import Dependency, new_plan
from app.storage.interchange import read_json
from app.ui.document import Document
from app.ui.models.gap_models import SECTION_KEYS, format_uk_day
from app.ui.pages import gaps_page
from app.ui.pages.gaps_page import OVERDUE_COLOUR, SECTION_ROLE, SYSTEMS_ROLE, GapsPage
from app.ui.selection import SystemSelection
from tests.conftest import SAMPLES


@pytest.fixture
def document() -> Document:
    """A document holding the Midshire sample."""
    return Document(read_json(SAMPLES / "midshire.json"))


@pytest.fixture
def selection() -> SystemSelection:
    """A fresh shared selection."""
    return SystemSelection()


def _host(qtbot: QtBot, widget: QWidget) -> QMainWindow:
    host = QMainWindow()
    host.setMinimumSize(640, 480)  # a top-level minimum keeps the offscreen plugin from warning on show
    host.setCentralWidget(widget)
    qtbot.addWidget(host)
    host.resize(1280, 800)
    host.show()
    qtbot.waitExposed(host)
    return host


@pytest.fixture
def page(qtbot: QtBot, document: Document, selection: SystemSelection) -> Iterator[GapsPage]:
    """The gaps page on the Midshire sample, shown inside a main window."""
    widget = GapsPage(document, selection)
    host = _host(qtbot, widget)
    yield widget
    host.close()


def _section(page: GapsPage, key: str) -> QTreeWidgetItem:
    for index in range(page.tree.topLevelItemCount()):
        node = page.tree.topLevelItem(index)
        if node.data(0, SECTION_ROLE) == key:
            return node
    raise AssertionError(f"no section {key}")


def _rows(page: GapsPage, key: str) -> list[QTreeWidgetItem]:
    node = _section(page, key)
    return [node.child(i) for i in range(node.childCount())]


def test_format_uk_day() -> None:
    assert format_uk_day(date(2027, 11, 30)) == "Tue 30 Nov 2027"
    assert format_uk_day(date(2026, 12, 31)) == "Thu 31 Dec 2026"


def test_every_category_is_shown_with_counts_matching_the_report(page: GapsPage, document: Document) -> None:
    gaps = document.gaps
    assert [page.tree.topLevelItem(i).data(0, SECTION_ROLE)
            for i in range(page.tree.topLevelItemCount())] == list(SECTION_KEYS)
    missed = [m for m in gaps.missed_deadlines if m.kind != "contract-end"]
    traps = [m for m in gaps.missed_deadlines if m.kind == "contract-end"]
    expected = {"no_exit_path": gaps.no_exit_path, "no_source": gaps.no_source,
                "broken_integrations": gaps.broken_integrations, "shared_ranges": gaps.shared_ranges,
                "missed_deadlines": missed, "renewal_traps": traps, "data_protection": gaps.data_protection,
                "notice_deadlines": gaps.notice_deadlines}
    for key, findings in expected.items():
        assert len(_rows(page, key)) == len(findings), key
    days = sum(b.working_days for b in gaps.broken_integrations)
    summary = page.summary_label.text()
    assert f"{len(gaps.broken_integrations)} broken integrations ({days} working days)" in summary
    assert f"{len(traps)} renewal trap" in summary
    assert "Gaps found" in summary
    assert page.notice_label.isHidden()


def test_broken_integrations_show_names_dates_and_working_days(page: GapsPage, document: Document) -> None:
    rows = _rows(page, "broken_integrations")
    assert [b.integration for b in document.gaps.broken_integrations] == ["I031", "I032", "I050"]
    first = document.gaps.broken_integrations[0]
    row = rows[0]
    assert "(I031)" in row.text(0)
    assert "Payment IVR + agent-assisted DTMF masking + gateway (A18)" in row.text(1)
    assert "(A16)" in row.text(1)
    assert row.text(2) == "Tue 30 Nov 2027 to Mon 7 Feb 2028"
    assert row.text(3) == str(first.working_days)
    assert first.reason in row.text(4)
    assert [r.text(3) for r in rows] == [str(b.working_days) for b in document.gaps.broken_integrations]


def test_renewal_trap_and_notice_deadline_for_a13(page: GapsPage) -> None:
    (trap,) = _rows(page, "renewal_traps")
    assert trap.text(1) == "Legacy PBX/ACD/IVR (A13)"
    assert "Wed 31 Mar 2027" in trap.text(2) and "serve notice by 31 December 2026" in trap.text(4)
    (notice,) = _rows(page, "notice_deadlines")
    assert notice.text(0) == "Serve notice on Legacy PBX/ACD/IVR (A13) by Thu 31 Dec 2026"
    assert notice.data(0, SYSTEMS_ROLE) == ("A13",)


def test_overdue_notice_is_marked(page: GapsPage, document: Document) -> None:
    document.push(SetProjectFields((("status_date", date(2027, 1, 15)),)))
    (notice,) = _rows(page, "notice_deadlines")
    assert "(overdue)" in notice.text(2)
    assert notice.foreground(0).color() == OVERDUE_COLOUR
    assert "Overdue" in notice.text(4) and "Fri 15 Jan 2027" in notice.text(4)
    assert "(1 overdue)" in page.summary_label.text()
    document.undo_stack.undo()
    assert "(overdue)" not in _rows(page, "notice_deadlines")[0].text(2)


def test_enter_on_a_row_selects_its_systems(page: GapsPage, qtbot: QtBot, selection: SystemSelection) -> None:
    row = _rows(page, "broken_integrations")[0]
    page.tree.setFocus()
    page.tree.setCurrentItem(row)
    with qtbot.waitSignal(selection.selection_changed):
        qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert selection.ids == ("A18", "A16")
    assert "A18 before A16 (I031)" in page.details.toPlainText()


def test_double_click_on_a_row_selects_its_systems(page: GapsPage, qtbot: QtBot,
                                                   selection: SystemSelection) -> None:
    row = _rows(page, "renewal_traps")[0]
    page.tree.scrollToItem(row)
    centre = page.tree.visualItemRect(row).center()
    qtbot.mouseClick(page.tree.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    with qtbot.waitSignal(selection.selection_changed):
        qtbot.mouseDClick(page.tree.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert selection.ids == ("A13",)


def test_fixing_a_gap_removes_it_after_plan_changed(page: GapsPage, document: Document, qtbot: QtBot) -> None:
    with qtbot.waitSignal(document.plan_changed):
        document.push(set_item_fields(document.plan, "integrations", "I031", coexistence_bridge=True))
    texts = [r.text(0) for r in _rows(page, "broken_integrations")]
    assert len(texts) == len(document.gaps.broken_integrations) == 2
    assert not any("(I031)" in t for t in texts)
    assert "2 broken integrations" in page.summary_label.text()
    document.undo_stack.undo()
    assert any("(I031)" in r.text(0) for r in _rows(page, "broken_integrations"))


def test_unschedulable_plan_shows_the_notice(page: GapsPage, document: Document) -> None:
    first = document.plan.tasks[0]
    document.push(set_item_fields(document.plan, "tasks", first.id,
                                  predecessors=(*first.predecessors, Dependency(document.plan.tasks[1].id))))
    assert document.schedule is None
    assert not page.notice_label.isHidden()
    assert "cannot be scheduled" in page.notice_label.text()
    assert "not checked" in _section(page, "broken_integrations").text(0)
    assert "No gaps found." not in page.summary_label.text()
    assert "not checked" in page.report_text()
    document.undo_stack.undo()
    assert page.notice_label.isHidden()


def test_no_gaps_shows_a_green_tick(qtbot: QtBot, selection: SystemSelection) -> None:
    widget = GapsPage(Document(new_plan("Empty", date(2026, 6, 1))), selection)
    host = _host(qtbot, widget)
    assert "No gaps found." in widget.summary_label.text() and "✔" in widget.summary_label.text()
    assert "No gaps found." in widget.report_text()
    host.close()


def test_copy_report_puts_every_category_on_the_clipboard(page: GapsPage, qtbot: QtBot) -> None:
    QGuiApplication.clipboard().clear()
    page.copy_action.trigger()
    text = QGuiApplication.clipboard().text()
    for index in range(page.tree.topLevelItemCount()):
        title = page.tree.topLevelItem(index).text(0).split(":")[0].split(" (")[0]
        assert title in text, title
    assert "Serve notice on Legacy PBX/ACD/IVR (A13) by Thu 31 Dec 2026" in text
    assert "47 working days" in text
    assert page.copy_action.shortcut().toString() == "Ctrl+Shift+C"


def test_export_writes_text_and_csv(page: GapsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("gaps.txt", "gaps.csv"):
        target = tmp_path / name
        monkeypatch.setattr(page, "_ask_export_path", lambda target=target: target)
        page.export_action.trigger()
        assert target.exists()
    assert target.read_text(encoding="utf-8-sig").startswith("Category,Finding,Systems")
    assert "I031" in target.read_text(encoding="utf-8-sig")
    assert (tmp_path / "gaps.txt").read_text(encoding="utf-8") == page.report_text()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temp left


def test_suggest_waves_button_opens_the_dialog(page: GapsPage, document: Document, qtbot: QtBot,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    monkeypatch.setattr(gaps_page, "suggest_waves_interactively",
                        lambda parent, doc: calls.append(doc) or False)
    button = page.findChild(QAbstractButton, "gaps_waves_button")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert calls == [document]


def test_every_control_has_an_accessible_name(page: GapsPage) -> None:
    controls = [w for w in page.findChildren(QWidget) if isinstance(w, QAbstractButton | QAbstractItemView)
                and w.isVisible() and not isinstance(w.parentWidget(), QAbstractItemView)]
    assert len(controls) >= 4
    assert [type(w).__name__ for w in controls if not w.accessibleName().strip()] == []


def test_copy_report_shortcut_works_from_the_tree(page: GapsPage, qtbot: QtBot) -> None:
    QGuiApplication.clipboard().clear()
    page.window().activateWindow()
    page.tree.setFocus()
    qtbot.waitUntil(page.tree.hasFocus)
    keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(page.tree, Qt.Key.Key_C, keys)
    assert QGuiApplication.clipboard().text() == page.report_text()
