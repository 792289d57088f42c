"""Editors for the system properties panel that check input as you type and commit parsed values.

Each editor emits ``committed(value)`` only for a valid, changed value; an invalid one gets a red outline and
an inline message (``FieldError``) and is not committed. ``show_value()`` loads a value from the plan but
leaves alone an editor the user has changed and not yet committed, so a refresh never clobbers typing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.storage.interchange import LAST_START
from app.ui.appearance import (
    GRAPHIC_CONTRAST,
    application_palette,
    follow_palette,
    heading_factor,
    legible,
    relative_font,
    status_ink,
)
from app.ui.formatting import from_qdate, to_qdate
from app.ui.widgets.keyboard_access import form_scroll_area

# Parses the text of an editor into a value, raising ValueError with a user-facing message when invalid.
Parser = Callable[[str], object]

_INVALID = QColor("#c62828")  # the outline of an invalid field and its message, legible on the theme


def _invalid_border() -> str:
    edge = legible(_INVALID, application_palette().color(QPalette.ColorRole.Base), GRAPHIC_CONTRAST)
    return f"border: 2px solid {edge.name()}; border-radius: 3px;"


class FieldError(QLabel):
    """The inline message shown under an editor whose text is invalid (hidden when there is none).

    Args:
        parent: the owning widget.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        follow_palette(self, self._restyle)
        self.setVisible(False)

    def _restyle(self) -> None:
        ink = status_ink(_INVALID, application_palette(), QPalette.ColorRole.Window)
        self.setStyleSheet(f"color: {ink.name()};")


def parse_showing_problem(editor: QWidget, error: FieldError, parse: Parser, text: str) -> tuple[bool, object]:
    """Parse ``text``; show the parser's message on ``editor`` or clear it; return (valid, value)."""
    try:
        value = parse(text)
    except ValueError as problem:
        show_problem(editor, error, str(problem))
        return False, None
    show_problem(editor, error, None)
    return True, value


def show_problem(editor: QWidget, error: FieldError, message: str | None) -> None:
    """Outline ``editor`` in red and show ``message`` under it, or clear both for ``None``."""
    invalid = bool(message)
    if bool(editor.property("invalid")) != invalid:
        editor.setProperty("invalid", invalid)
        editor.setStyleSheet(f"{type(editor).__name__} {{ {_invalid_border()} }}" if invalid else "")
    editor.setAccessibleDescription(message or "")
    error.setText(message or "")
    error.setVisible(invalid and not editor.isHidden())


class CheckedLineEdit(QLineEdit):
    """A line edit that checks its text as you type and commits the parsed value when editing finishes.

    Args:
        parse: turns the text into a value; raises ``ValueError`` with the message to show.
        fmt: turns a value into the text shown.
        parent: the owning widget.

    Signals:
        committed(object): a valid value was entered (Return or leaving the field).
        reverted(): the user pressed Escape to drop what they typed.
    """

    committed = Signal(object)
    reverted = Signal()

    def __init__(self, parse: Parser, fmt: Callable[[object], str] = str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parse = parse
        self._fmt = fmt
        self.error = FieldError(parent)
        self.textEdited.connect(self._on_self_text_edited)
        self.editingFinished.connect(self._on_self_editing_finished)

    def show_value(self, value: object, force: bool = False) -> None:
        """Show ``value`` unless the user has typed something not yet committed (``force`` overrides)."""
        if self.isModified() and not force:
            return
        self.setText(self._fmt(value))  # also clears isModified()
        self.setCursorPosition(0)
        show_problem(self, self.error, None)

    def check(self) -> tuple[bool, object]:
        """Parse the text, show or clear the problem, and return (valid, value)."""
        return parse_showing_problem(self, self.error, self._parse, self.text())

    def commit(self) -> None:
        """Emit ``committed`` for changed, valid text (what finishing an edit does)."""
        if not self.isModified():
            return
        valid, value = self.check()
        if valid:
            self.setModified(False)
            self.committed.emit(value)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Escape drops uncommitted typing (the owner shows the saved value again)."""
        if event.key() == Qt.Key.Key_Escape and self.isModified():
            self.setModified(False)
            show_problem(self, self.error, None)
            self.reverted.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def _on_self_text_edited(self, _text: str) -> None:
        self.check()

    def _on_self_editing_finished(self) -> None:
        self.commit()


class CheckedTextEdit(QPlainTextEdit):
    """A multi-line editor that checks its text as you type and commits the parsed value on leaving it.

    Args:
        parse: turns the text into a value; raises ``ValueError`` with the message to show.
        fmt: turns a value into the text shown.
        parent: the owning widget.

    Signals:
        committed(object): a valid value was entered and the editor lost focus.
    """

    committed = Signal(object)

    def __init__(self, parse: Parser, fmt: Callable[[object], str] = str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parse = parse
        self._fmt = fmt
        self._loading = False
        self.error = FieldError(parent)
        self.setTabChangesFocus(True)
        self.textChanged.connect(self._on_self_text_changed)

    def is_modified(self) -> bool:
        """True when the user changed the text since it was last shown or committed."""
        return self.document().isModified()

    def show_value(self, value: object, force: bool = False) -> None:
        """Show ``value`` unless the user has typed something not yet committed (``force`` overrides)."""
        if self.is_modified() and not force:
            return
        self._loading = True
        self.setPlainText(self._fmt(value))
        self._loading = False
        self.document().setModified(False)
        show_problem(self, self.error, None)

    def check(self) -> tuple[bool, object]:
        """Parse the text, show or clear the problem, and return (valid, value)."""
        return parse_showing_problem(self, self.error, self._parse, self.toPlainText())

    def commit(self) -> None:
        """Emit ``committed`` for changed, valid text."""
        if not self.is_modified():
            return
        valid, value = self.check()
        if valid:
            self.document().setModified(False)
            self.committed.emit(value)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        """Commit the text when focus leaves the editor."""
        super().focusOutEvent(event)
        self.commit()

    def _on_self_text_changed(self) -> None:
        if not self._loading:
            self.check()


class OptionalDateField(QWidget):
    """A check box saying whether there is a date and a day-first date editor for it.

    Args:
        check_text: the check box's text, e.g. "Has a contract end date".
        parent: the owning widget.

    Signals:
        committed(object): the user set a date or cleared it (``None``).
    """

    committed = Signal(object)

    def __init__(self, check_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.check_box = QCheckBox(check_text, self)
        self.date_edit = QDateEdit(self)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMaximumDate(to_qdate(LAST_START))  # well inside the working calendar's reach
        self.date_edit.setDate(QDate.currentDate())
        self.date_edit.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check_box)
        layout.addWidget(self.date_edit, 1)
        self.check_box.toggled.connect(self._on_check_box_toggled)
        self.date_edit.dateChanged.connect(self._on_date_edit_date_changed)

    def value(self) -> date | None:
        """The date shown, or ``None`` when the box is unchecked."""
        return from_qdate(self.date_edit.date()) if self.check_box.isChecked() else None

    def show_value(self, value: date | None) -> None:
        """Show ``value`` (``None`` unchecks the box), unless the user is typing a date."""
        if self.date_edit.hasFocus() and value is not None and self.check_box.isChecked():
            return
        self._loading = True
        self.check_box.setChecked(value is not None)
        self.date_edit.setEnabled(value is not None)
        if value is not None:
            self.date_edit.setDate(to_qdate(value))
        self._loading = False

    def _on_check_box_toggled(self, checked: bool) -> None:
        self.date_edit.setEnabled(checked)
        if not self._loading:
            self.committed.emit(self.value())

    def _on_date_edit_date_changed(self, _date: QDate) -> None:
        if not self._loading and self.check_box.isChecked():
            self.committed.emit(self.value())


def form_group(title: str, parent: QWidget, rows: list[tuple[str, QWidget]],
               whole: QWidget | None = None) -> QGroupBox:
    """A titled form of labelled rows; a field with an ``error`` label shows it under the editor.

    Args:
        title: the group's title.
        parent: the widget that owns the group.
        rows: ``(label text with a mnemonic, editor)``; each label is the editor's buddy.
        whole: a widget that lays out its own labels, placed first across the whole row.
    """
    group = QGroupBox(title, parent)
    form = QFormLayout(group)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    if whole is not None:
        form.addRow(whole)
    for text, editor in rows:
        label = QLabel(text, group)
        label.setBuddy(editor)
        error = getattr(editor, "error", None)
        if error is None:
            form.addRow(label, editor)
            continue
        cell = QWidget(group)
        stack = QVBoxLayout(cell)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(2)
        stack.addWidget(editor)
        stack.addWidget(error)
        form.addRow(label, cell)
    return group


def panel_title(parent: QWidget, accessible_name: str) -> QLabel:
    """The bold, wrapping title a properties panel shows above its form ("A13  Legacy PBX ...")."""
    label = QLabel(parent)
    label.setAccessibleName(accessible_name)
    label.setFont(relative_font(label.font(), heading_factor(1.15, label.font()), bold=True))
    label.setWordWrap(True)
    return label


def lay_out_panel(panel: QWidget, title: QLabel, form_host: QWidget, top_margin: int = 0) -> QScrollArea:
    """Put ``title`` above ``form_host`` in a frameless scroll area filling ``panel``; return the area.

    The area is named after the title's accessible name ("System shown") and is no Tab stop of its own.
    """
    area = form_scroll_area(QScrollArea(panel), title.accessibleName())
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(form_host)
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(6, top_margin, 0, 0)
    layout.addWidget(title)
    layout.addWidget(area, 1)
    return area
