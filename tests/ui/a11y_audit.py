"""Accessibility audit of a widget tree: names, tab-focus policies and the Tab walk (used by the walk tests).

An *interactive* widget is one a user operates (buttons, edits, combos, spin boxes, item and graphics views,
sliders, text edits, tab bars) or any other widget that takes focus by Tab. Each must have an accessible name
a screen reader can read (an explicit ``accessibleName`` or the text of a ``QLabel`` whose buddy it is), must
be in the tab order, and an editable text edit must let Tab move on (``tabChangesFocus``).

The deliberate exceptions, each for a reason:

- sub-controls Qt builds inside a control (a spin box's or combo's line edit, a view's viewport and corner
  button, a tab bar's scroll buttons) take their name and focus from that control (``sub_control_reason``);
- scroll bars and item-view headers belong to their area or view, which is the Tab stop and has the name;
- standard dialog buttons (``QDialogButtonBox``, ``QMessageBox``) are named by the text Qt gives them;
- a toolbar button whose action is also in the menu bar may stay out of the tab order, as in every desktop
  app: the menu item and its shortcut are the keyboard path (``in_menu_bar``); page toolbars whose commands
  are not in the menu bar are Tab stops and offer their commands in a context menu too;
- a scroll area that only holds a form is a container, not a Tab stop: its fields are (``is_interactive``);
- whatever a walk test lists as pending a fix in a file the accessibility work does not own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QDialogButtonBox,
    QGraphicsView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QScrollBar,
    QSlider,
    QTabBar,
    QTextEdit,
    QToolBar,
    QToolButton,
    QWidget,
)

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QSlider, QTextEdit,
               QPlainTextEdit, QTabBar, QGraphicsView)
# Controls Qt builds inside another control, which take their name and focus from the control that owns them.
OWNERS = (QAbstractSpinBox, QComboBox, QLineEdit, QAbstractItemView, QTabBar)


@dataclass(frozen=True)
class Allowance:
    """A deliberate exception: widgets ``matches`` picks out are not reported, for ``reason``."""

    reason: str
    matches: Callable[[QWidget], bool]


def describe(widget: QWidget) -> str:
    """Where ``widget`` is, for a failure message: its class and object name under its named ancestors."""
    parts = []
    node: QWidget | None = widget
    while node is not None and len(parts) < 4:
        kind = type(node).__name__
        parts.append(f"{kind}({node.objectName()})" if node.objectName() else kind)
        node = node.parentWidget()
    text = getattr(widget, "text", None)
    shown = f" text={text()!r}" if callable(text) and isinstance(text(), str) and text() else ""
    return " < ".join(parts) + shown


def _owned_by_control(widget: QWidget, root: QWidget) -> bool:
    node = widget.parentWidget()
    while node is not None and node is not root.parentWidget():
        if isinstance(node, OWNERS):
            return True
        if isinstance(node, QAbstractScrollArea) and widget is node.viewport():
            return True
        node = node.parentWidget()
    return False


def sub_control_reason(widget: QWidget, root: QWidget) -> str | None:
    """Why ``widget`` is left out of the audit (Qt's own sub-controls, standard dialog buttons), or None."""
    if isinstance(widget, QScrollBar):
        return "scroll bars are driven from their area (arrow keys, Page Up/Down), as in every Qt app"
    if isinstance(widget, QHeaderView):
        return "item-view headers belong to their view; the view is the tab stop and has the name"
    if _owned_by_control(widget, root):
        return ("a sub-control Qt builds inside a control (spin box or combo line edit, view viewport, "
                "corner button, tab bar scroll buttons) takes its name and focus from that control")
    if isinstance(widget, QAbstractButton) and isinstance(widget.parentWidget(), (QDialogButtonBox, QMessageBox)):
        return "a standard dialog button is named by its text, which Qt sets and exposes"
    return None


def is_interactive(widget: QWidget) -> bool:
    """True for a control users operate, or any custom widget that takes focus by Tab."""
    if isinstance(widget, INTERACTIVE):
        return True
    if isinstance(widget, QScrollArea):  # a container; a tab stop only when focusable
        return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and not isinstance(widget, QToolBar)


def buddy_text(widget: QWidget, labels: Iterable[QLabel]) -> str:
    """The text of a label whose buddy is ``widget`` (Qt reads it out as the widget's name)."""
    for label in labels:
        if label.buddy() is widget and label.text().replace("&", "").strip():
            return label.text()
    return ""


def in_menu_bar(widget: QWidget) -> bool:
    """True for a tool button whose action is also in the window's menu bar (a mouse short cut for it)."""
    window = widget.window()
    action = widget.defaultAction() if isinstance(widget, QToolButton) else None
    return action is not None and isinstance(window, QMainWindow) and menu_path(action, window) is not None


def audited(root: QWidget) -> list[QWidget]:
    """The interactive widgets shown under ``root`` (``root`` included) that the audit checks."""
    found = [w for w in [root, *root.findChildren(QWidget)]
             if w.isVisibleTo(root.window()) and is_interactive(w) and sub_control_reason(w, root) is None]
    return found


def offenders(root: QWidget, allowances: Iterable[Allowance] = ()) -> list[str]:
    """Every interactive widget under ``root`` without a name, out of the tab order, or trapping Tab."""
    allowed = list(allowances)
    labels = root.window().findChildren(QLabel)
    problems = []
    for widget in audited(root):
        if any(a.matches(widget) for a in allowed):
            continue
        if not widget.accessibleName().strip() and not buddy_text(widget, labels):
            problems.append(f"no accessible name: {describe(widget)}")
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus and not in_menu_bar(widget):
            problems.append(f"not in the tab order: {describe(widget)}")
        if isinstance(widget, (QTextEdit, QPlainTextEdit)) and not widget.tabChangesFocus() \
                and not widget.isReadOnly():
            problems.append(f"Tab types a tab instead of moving on: {describe(widget)}")
    return problems


def tab_stops(root: QWidget) -> list[QWidget]:
    """The audited widgets of ``root`` that Tab should stop at now (focusable, enabled, shown)."""
    return [w for w in audited(root) if _takes_tab(w, root.window())]


def _takes_tab(widget: QWidget, window: QWidget) -> bool:
    """Qt's own test for the next Tab stop (``QApplicationPrivate::focusNextPrevChild_helper``)."""
    return (bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.isVisibleTo(window)
            and widget.isEnabled() and widget.focusProxy() is None and widget.window() is window)


def tab_walk(root: QWidget, entry: QWidget | None = None) -> tuple[list[QWidget], list[QWidget]]:
    """Follow ``nextInFocusChain`` as the Tab key does, from ``entry`` (default: ``root``) into ``root``.

    A page is entered from the main window's tab bar, a dialog from the dialog itself.

    Returns:
        ``root``'s tab stops not reached before Tab first leaves ``root``, and the stops reached, in order.
    """
    window = root.window()
    stops = tab_stops(root)
    start = entry if entry is not None else root
    chain: list[QWidget] = []
    node = start.nextInFocusChain()
    while node is not start:
        if _takes_tab(node, window):
            if node is root or root.isAncestorOf(node):
                chain.append(node)
            elif chain:
                break  # Tab has left root
        node = node.nextInFocusChain()
    reached = set(map(id, chain))
    return [s for s in stops if id(s) not in reached], chain


def menu_path(action: QAction, window: QMainWindow) -> str | None:
    """The menu-bar path to ``action`` ("File > Export > Excel Workbook"), or None when no menu holds it."""
    for top in window.menuBar().actions():
        if top.menu() is not None:
            found = _menu_trail(top.menu(), action, (top.text().replace("&", ""),))
            if found:
                return found
    return None


def _menu_trail(menu: QMenu, action: QAction, trail: tuple[str, ...]) -> str | None:
    for item in menu.actions():
        name = item.text().replace("&", "")
        if item is action:
            return " > ".join((*trail, name))
        if item.menu() is not None:
            found = _menu_trail(item.menu(), action, (*trail, name))
            if found:
                return found
    return None


def _reaches_by_keyboard(widget: QWidget) -> bool:
    """True when the Menu key can open ``widget``'s context menu: it, or a control inside it, takes focus
    (a context menu event a control does not handle goes on to its parent)."""
    return any(w.focusPolicy() & Qt.FocusPolicy.TabFocus for w in [widget, *widget.findChildren(QWidget)])


def any_menu_path(action: QAction, window: QWidget) -> str | None:
    """A menu that offers ``action``: the menu bar, a control's context menu or a button's drop-down menu."""
    if isinstance(window, QMainWindow):
        found = menu_path(action, window)
        if found:
            return found
    for widget in [window, *window.findChildren(QWidget)]:
        name = widget.accessibleName() or type(widget).__name__
        offers = widget.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
        if offers and action in widget.actions() and _reaches_by_keyboard(widget):
            return f"context menu of {name} > {action.text().replace('&', '')}"
        menu = widget.menu() if isinstance(widget, (QPushButton, QToolButton)) else None
        if menu is not None:
            found = _menu_trail(menu, action, (f"{name} button menu",))
            if found:
                return found
    return None
