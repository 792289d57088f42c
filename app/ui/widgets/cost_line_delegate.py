"""In-place editors of the cost line table: a category list, and money/quantity boxes that refuse negatives.

The model (``CostLineTableModel.setData``) validates again and pushes the edit; the delegate only offers
editors that cannot produce a negative amount.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.engine.model import COST_CATEGORIES
from app.ui.models.cost_models import COLUMNS

_MAX_AMOUNT = 1e12

AnyIndex = QModelIndex | QPersistentModelIndex


class CostLineDelegate(QStyledItemDelegate):
    """Editors by column: category combo, unit cost in pounds and pence, quantity; others default."""

    def createEditor(  # noqa: N802 - Qt override
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: AnyIndex,
    ) -> QWidget:
        """A combo for the category, a non-negative spin box for unit cost and quantity."""
        key = COLUMNS[index.column()].key
        if key == "category":
            combo = QComboBox(parent)
            combo.setAccessibleName(self.tr("Category"))
            combo.addItems(list(COST_CATEGORIES))
            return combo
        if key in ("unit_cost", "quantity"):
            box = QDoubleSpinBox(parent)
            box.setRange(0.0, _MAX_AMOUNT)
            box.setDecimals(2 if key == "unit_cost" else 4)
            box.setGroupSeparatorShown(True)
            if key == "unit_cost":
                box.setPrefix("£")
            box.setAccessibleName(self.tr("Unit cost") if key == "unit_cost" else self.tr("Quantity"))
            box.setAlignment(Qt.AlignmentFlag.AlignRight)
            return box
        editor = super().createEditor(parent, option, index)
        editor.setAccessibleName(self.tr("Name"))
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:  # noqa: N802 - Qt override
        """Load the cell's raw value into the editor."""
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            position = editor.findText(str(value))
            if position < 0:
                editor.addItem(str(value))
                position = editor.count() - 1
            editor.setCurrentIndex(position)
        elif isinstance(editor, QDoubleSpinBox):
            editor.setValue(float(value or 0.0))
        else:
            super().setEditorData(editor, index)

    def setModelData(  # noqa: N802 - Qt override
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: AnyIndex,
    ) -> None:
        """Hand the editor's value to the model (which pushes the edit)."""
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QDoubleSpinBox):
            editor.interpretText()
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)
