"""Keyboard reach: page toolbar commands as Tab stops and in a context menu, tab bars named, form scroll
areas without a dead Tab stop."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QScrollArea, QTabWidget, QToolBar, QToolButton, QWidget


def put_tools_in_tab_order(toolbar: QToolBar, more_name: str) -> None:
    """Make every button of a page's ``toolbar`` a Tab stop (Qt leaves toolbar buttons out of the tab order).

    A page toolbar's commands are not all in the menu bar, so keyboard users reach them by Tab. Tab focus
    only: a click leaves focus where it was (a table's selection stays the one the command acts on). The
    overflow button Qt shows when the toolbar is too narrow is named ``more_name``.

    Args:
        toolbar: the page's toolbar, with its actions added.
        more_name: the accessible name of the overflow ("»") button, e.g. "More graph tools".
    """
    for button in toolbar.findChildren(QToolButton):
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        if button.objectName() == "qt_toolbar_ext_button":
            button.setAccessibleName(more_name)


def name_tab_bar(tabs: QTabWidget, name: str) -> None:
    """Name ``tabs``' tab bar (the part that takes focus), and the tab widget when it has no name yet."""
    tabs.tabBar().setAccessibleName(name)
    if not tabs.accessibleName():
        tabs.setAccessibleName(name)


def form_scroll_area(area: QScrollArea, name: str) -> QScrollArea:
    """Make ``area``, which scrolls a form, a named container that is no Tab stop of its own.

    Its fields are the Tab stops, and the area scrolls each into view as it takes focus, so a stop on the
    area itself would only be one more key press that does nothing.
    """
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setAccessibleName(name)
    return area


def offer_in_context_menu(widget: QWidget, actions: Iterable[QAction]) -> None:
    """Offer a page toolbar's ``actions`` in ``widget``'s context menu too.

    The menu opens by right click, the Menu key or Shift+F10, so every toolbar command has a menu path a
    keyboard, screen-reader or voice-control user can find, beside its button and shortcut. Actions the
    widget already has (for a shortcut scoped to it) keep their place; the others follow.
    """
    widget.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    for action in actions:
        if action not in widget.actions():
            widget.addAction(action)
