"""Every menu action has text and a status tip; every interactive control has an accessible name."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QMenu,
    QWidget,
)

from app.ui.main_window import MainWindow

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QDateEdit)
# Sub-controls Qt builds inside a control (a spin box's line edit, a table's headers and corner button, a
# line edit's clear button) take their accessible name from the control that owns them.
COMPOSITE = (QAbstractSpinBox, QComboBox, QLineEdit, QAbstractItemView)


def _menu_actions(menu: QMenu) -> list[QAction]:
    found = []
    menu.aboutToShow.emit()  # the recent-files menu fills itself on show
    for action in menu.actions():
        if action.isSeparator():
            continue
        found.append(action)
        if action.menu() is not None:
            found.extend(_menu_actions(action.menu()))
    return found


def test_every_menu_action_has_text_and_status_tip(window: MainWindow) -> None:
    actions = [a for top in window.menuBar().actions() for a in [top, *_menu_actions(top.menu())]]
    assert len(actions) > 10
    for action in actions:
        assert action.text().strip(), action
        if action.menu() is None and action.isEnabled():
            assert action.statusTip().strip(), action.text()


@pytest.mark.parametrize("tab", [0, 1])
def test_every_visible_control_has_an_accessible_name(window: MainWindow, tab: int) -> None:
    window.tabs.setCurrentIndex(tab)
    window.show()
    unnamed = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisible():
            continue
        if isinstance(widget.parentWidget(), COMPOSITE):
            continue
        if not widget.accessibleName().strip():
            unnamed.append(f"{type(widget).__name__} {widget.objectName()!r}")
    window.hide()
    assert unnamed == []


def test_mnemonics_on_menus_and_tabs(window: MainWindow) -> None:
    menus = [a.text() for a in window.menuBar().actions()]
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert menus[:2] == ["&File", "&Edit"] and menus[-1] == "&Help"
    assert [t.replace("&", "") for t in tabs[:3]] == ["Project", "Estate", "Graph"]
    texts = menus + tabs  # menu-bar and tab mnemonics share the window's Alt+key space
    keys = [t[t.index("&") + 1].lower() for t in texts]  # every entry has a mnemonic...
    assert len(set(keys)) == len(keys), texts              # ...and no two share one
