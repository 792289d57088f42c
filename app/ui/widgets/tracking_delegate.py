"""In-place editors of the progress table: actual dates that can be cleared, and percent complete 0-100.

The model (``ProgressTableModel.setData``) validates again and pushes the edit; an editor opened and closed
without a change writes nothing, so opening an empty actual date never records the forecast by accident.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractItemModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QSpinBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.storage.interchange import LAST_START
from app.ui.formatting import from_qdate, to_qdate
from app.ui.widgets.tracking_models import PROGRESS_COLUMNS, SUGGESTED_ROLE

AnyIndex = QModelIndex | QPersistentModelIndex
_NONE = QDate(1900, 1, 1)  # the editor's minimum, shown as "None": no actual date


class ClearableDateEdit(QDateEdit):
    """A day-first date editor whose lowest value means "no date": Delete clears it, and it shows "None".

    Args:
        parent: the owning widget.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setCalendarPopup(True)
        self.setDateRange(_NONE, to_qdate(LAST_START))  # the top well inside the working calendar's reach
        self.setSpecialValueText(self.tr("None"))
        self.setToolTip(self.tr("Type or pick the date; Delete clears it"))
        self._touched = False
        self.dateChanged.connect(self._on_self_date_changed)

    @property
    def touched(self) -> bool:
        """True once the user changed the date after :meth:`load`."""
        return self._touched

    def load(self, value: date | None, suggestion: date | None) -> None:
        """Show ``value``; with none, start at ``suggestion`` (untouched, so closing writes nothing)."""
        shown = value if value is not None else suggestion
        self.blockSignals(True)
        self.setDate(to_qdate(shown) if shown is not None else _NONE)
        self.blockSignals(False)
        self._touched = False

    def value(self) -> date | None:
        """The date shown, or ``None`` when cleared."""
        return None if self.date() == _NONE else from_qdate(self.date())

    def clear_date(self) -> None:
        """Show "None": the actual date is to be cleared."""
        self.setDate(_NONE)
        self._touched = True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Delete clears the date (a date has no meaningful "delete this digit")."""
        if event.key() == Qt.Key.Key_Delete:
            self.clear_date()
            event.accept()
            return
        super().keyPressEvent(event)

    def _on_self_date_changed(self, _date: QDate) -> None:
        self._touched = True


class ProgressDelegate(QStyledItemDelegate):
    """Editors by column: clearable dates for the actuals, a 0-100 spin box for percent complete."""

    def createEditor(  # noqa: N802 - Qt override
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: AnyIndex,
    ) -> QWidget:
        """A clearable date editor or a percent spin box."""
        key = PROGRESS_COLUMNS[index.column()].key
        if key in ("actual_start", "actual_finish"):
            editor = ClearableDateEdit(parent)
            editor.setAccessibleName(
                self.tr("Actual start") if key == "actual_start" else self.tr("Actual finish")
            )
            return editor
        box = QSpinBox(parent)
        box.setRange(0, 100)
        box.setSuffix("%")
        box.setAlignment(Qt.AlignmentFlag.AlignRight)
        box.setAccessibleName(self.tr("Percent complete"))
        return box

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:  # noqa: N802 - Qt override
        """Load the cell's raw value (an empty actual date starts at the forecast date)."""
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, ClearableDateEdit):
            suggestion = index.data(SUGGESTED_ROLE)
            editor.load(
                value if isinstance(value, date) else None,
                suggestion if isinstance(suggestion, date) else None,
            )
        elif isinstance(editor, QSpinBox):
            editor.setValue(round(float(value or 0.0)))
        else:
            super().setEditorData(editor, index)

    def setModelData(  # noqa: N802 - Qt override
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: AnyIndex,
    ) -> None:
        """Hand a changed value to the model (which validates and pushes the edit)."""
        if isinstance(editor, ClearableDateEdit):
            editor.interpretText()
            if editor.touched:
                model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QSpinBox):
            editor.interpretText()
            model.setData(index, float(editor.value()), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)
