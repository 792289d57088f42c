"""The Estate page: every system of the current and target estate in a sortable, filterable table."""

from __future__ import annotations

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.engine.edits import ChangeSet
from app.ui.document import Document
from app.ui.models.system_table import COLUMN_KEYS, SORT_ROLE, SYSTEM_ROLE, SystemTableModel
from app.ui.selection import SystemSelection

# Widest a column starts (pixels) when fitted to its contents; long text elides, with a tooltip.
_MAX_WIDTH = {"name": 220, "kind": 180, "vendor": 120, "replaced_by": 170, "phase": 150}
_DEFAULT_MAX_WIDTH = 160


class SystemFilterProxyModel(QSortFilterProxyModel):
    """Filters systems by estate and by text in any column; sorts on raw values (money, dates, seats).

    Args:
        parent: the owning QObject.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._estate: str | None = None
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_estate(self, estate: str | None) -> None:
        """Show only systems of ``estate`` (``current`` or ``target``), or all for ``None``."""
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            self._estate = estate
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._estate = estate
            self.invalidateRowsFilter()

    def filterAcceptsRow(  # noqa: N802 - Qt override
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        """Accept rows of the chosen estate that match the filter text."""
        if self._estate is not None:
            system = self.sourceModel().index(source_row, 0, source_parent).data(SYSTEM_ROLE)
            if system is None or system.estate != self._estate:
                return False
        return super().filterAcceptsRow(source_row, source_parent)


class EstatePage(QWidget):
    """The systems table with a filter box, an estate chooser and a count of systems.

    Args:
        document: the open document.
        selection: the system selection shared with other views (a private one when omitted).
        parent: the owning widget.
    """

    def __init__(self, document: Document, selection: SystemSelection | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self.selection = selection if selection is not None else SystemSelection(self)
        self.model = SystemTableModel(document, self)
        self.proxy = SystemFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("Filter systems by any column…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(self.tr("Filter systems"))
        self.filter_edit.setToolTip(self.tr("Show only systems whose cells contain this text"))
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        filter_label = QLabel(self.tr("&Filter:"), self)
        filter_label.setBuddy(self.filter_edit)

        self.estate_combo = QComboBox(self)
        self.estate_combo.addItem(self.tr("Both estates"), None)
        self.estate_combo.addItem(self.tr("Current estate"), "current")
        self.estate_combo.addItem(self.tr("Target estate"), "target")
        self.estate_combo.setAccessibleName(self.tr("Estate shown"))
        self.estate_combo.currentIndexChanged.connect(self._on_estate_combo_current_index_changed)
        estate_label = QLabel(self.tr("&Show:"), self)
        estate_label.setBuddy(self.estate_combo)

        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(self.tr("System count"))

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Systems"))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # plan order until a header is clicked
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.horizontalHeader().setSectionsMovable(True)

        top = QHBoxLayout()
        top.addWidget(filter_label)
        top.addWidget(self.filter_edit, 2)
        top.addSpacing(12)
        top.addWidget(estate_label)
        top.addWidget(self.estate_combo)
        top.addStretch(1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.setTabOrder(self.filter_edit, self.estate_combo)
        self.setTabOrder(self.estate_combo, self.table)

        document.plan_changed.connect(self._on_document_plan_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.selection.selection_changed.connect(self._on_selection_selection_changed)
        self._update_count()
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Fit columns to their contents, capping long text columns; the last column takes what is left."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        for column, key in enumerate(COLUMN_KEYS):
            widest = _MAX_WIDTH.get(key, _DEFAULT_MAX_WIDTH)
            header.resizeSection(column, min(header.sectionSize(column), widest))

    def _update_count(self) -> None:
        systems = self._document.plan.systems
        current = sum(1 for s in systems if s.estate == "current")
        total = len(systems)
        text = (self.tr("1 system") if total == 1 else self.tr("{total} systems").format(total=total))
        text += self.tr(": {current} current, {target} target").format(
            current=current, target=total - current)
        shown = self.proxy.rowCount()
        if shown != len(systems):
            text += self.tr(" ({shown} shown)").format(shown=shown)
        self.count_label.setText(text)

    def _on_document_plan_changed(self, changes: ChangeSet) -> None:
        if changes.touches("systems"):
            self._update_count()
            if changes.structural:
                self._fit_columns()
                self.selection.prune(self._document.plan.system_by_id)

    def _on_table_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.selection.set_selected(row.data(SYSTEM_ROLE).id for row in rows if row.data(SYSTEM_ROLE))

    def _on_selection_selection_changed(self, ids: tuple[str, ...]) -> None:
        if ids == tuple(r.data(SYSTEM_ROLE).id for r in self.table.selectionModel().selectedRows()):
            return
        chosen = QItemSelection()
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(SYSTEM_ROLE).id in ids:
                chosen.select(index, self.proxy.index(row, self.proxy.columnCount() - 1))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().select(chosen, flags)
        current = next((i for i in chosen.indexes() if ids and i.data(SYSTEM_ROLE).id == ids[-1]), None)
        if current is not None:
            self.table.scrollTo(current)

    def _on_filter_edit_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_count()

    def _on_estate_combo_current_index_changed(self, _index: int) -> None:
        self.proxy.set_estate(self.estate_combo.currentData())
        self._update_count()
