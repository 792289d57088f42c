"""The integrations list of the Estate page: a table of the selected system's integrations.

From and To are chosen from the plan's systems with a combo-box delegate; names and kinds are typed; the two
flags are check boxes. Every change goes through ``IntegrationTableModel.setData`` as an undoable edit.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.document import Document
from app.ui.models.integration_table import INTEGRATION_ROLE, IntegrationTableModel

AnyIndex = QModelIndex | QPersistentModelIndex


class SystemChoiceDelegate(QStyledItemDelegate):
    """Edits a system id cell with a combo box of every system, target estate first.

    Args:
        document: the document whose systems are offered.
        parent: the owning view.
    """

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document

    def createEditor(self, parent: QWidget, _option: QStyleOptionViewItem, _index: AnyIndex) -> QWidget:  # noqa: N802
        """Return a combo box listing the systems by id and name."""
        combo = QComboBox(parent)
        combo.setAccessibleName(self.tr("System"))
        systems = sorted(self._document.plan.systems, key=lambda s: s.estate != "target")
        for system in systems:
            combo.addItem(f"{system.id}  {system.name}", system.id)
        combo.activated.connect(lambda _index: self._on_combo_activated(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:  # noqa: N802 - Qt override
        """Select the system the cell names."""
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:  # noqa: N802
        """Set the chosen system's id on the model (which pushes the edit)."""
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)

    def _on_combo_activated(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)


class IntegrationList(QWidget):
    """A heading and the integrations table of one system (or all integrations when none is selected).

    Args:
        document: the open document.
        parent: the owning widget.
    """

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self.model = IntegrationTableModel(document, self)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Integrations"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked)
        self._delegate = SystemChoiceDelegate(document, self.view)
        for key in ("source", "target"):
            self.view.setItemDelegateForColumn(self.model.column_of(key), self._delegate)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.model.column_of("name"), QHeaderView.ResizeMode.Stretch)
        for key in ("id", "source", "target", "kind", "dependency", "coexistence_bridge"):
            header.resizeSection(self.model.column_of(key), header.sectionSizeFromContents(
                self.model.column_of(key)).width() + 8)
        metrics = self.fontMetrics()
        for key in ("source", "target"):  # room for a typical system id
            column = self.model.column_of(key)
            wide_enough = metrics.horizontalAdvance("A000") + 16
            header.resizeSection(column, max(header.sectionSize(column), wide_enough))
        header.resizeSection(self.model.column_of("kind"), metrics.horizontalAdvance("dependency") + 16)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        self.model.modelReset.connect(self._on_model_model_reset)
        self._update_heading()

    def set_system(self, system_id: str | None) -> None:
        """List the integrations of ``system_id`` (all of them for ``None``)."""
        self.model.set_system(system_id)
        self._update_heading()

    def selected_ids(self) -> list[str]:
        """The ids of the selected integrations, in table order."""
        rows = sorted(self.view.selectionModel().selectedRows(), key=lambda i: i.row())
        return [row.data(INTEGRATION_ROLE).id for row in rows if row.data(INTEGRATION_ROLE) is not None]

    def select(self, link_id: str) -> None:
        """Select (and scroll to) integration ``link_id`` if it is listed."""
        row = self.model.row_of(link_id)
        if row >= 0:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    def _update_heading(self) -> None:
        system_id = self.model.system_id
        system = self._document.plan.system_by_id.get(system_id) if system_id else None
        count = self.model.rowCount()
        if system is None:
            text = self.tr("All integrations ({count})").format(count=count)
        else:
            text = self.tr("Integrations of {id} {name} ({count})").format(
                id=system.id, name=system.name, count=count)
        self.heading.setText(text)

    def _on_model_model_reset(self) -> None:
        self._update_heading()
