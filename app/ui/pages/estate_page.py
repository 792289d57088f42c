"""The Estate page: the systems table with filters, a properties panel and the integrations of a system.

The page composes the ``SystemTableModel`` behind a ``SystemFilterProxyModel``, the ``SystemFilterBar``,
the ``SystemPropertiesPanel`` and the ``IntegrationList``; its actions (``estate_actions``) add, duplicate and
delete systems and integrations, each as one undoable edit. Selection is shared through ``SystemSelection``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.engine.edits import ChangeSet, EditError
from app.engine.estate_edits import (
    add_integration_edit,
    add_system_edit,
    delete_integrations_edit,
    delete_systems_edit,
    duplicate_system_edit,
    free_id,
)
from app.engine.model import System
from app.ui.document import Document
from app.ui.models.system_table import COLUMN_KEYS, SYSTEM_ROLE, SystemTableModel
from app.ui.selection import SystemSelection
from app.ui.widgets.integration_list import IntegrationList
from app.ui.widgets.keyboard_access import name_tab_bar
from app.ui.widgets.system_filters import SystemFilterBar, SystemFilterProxyModel
from app.ui.widgets.system_properties import SystemPropertiesPanel
from app.ui.widgets.table_columns import fit_columns, item_table

__all__ = ["EstatePage", "SystemFilterProxyModel"]

# Widest a column starts (pixels) when fitted to its contents; long text elides, with a tooltip.
_MAX_WIDTH = {"name": 220, "kind": 180, "vendor": 120, "replaced_by": 170, "phase": 150, "personal_data": 200}
_DEFAULT_MAX_WIDTH = 160


class EstatePage(QWidget):
    """The systems table with filters and a count, beside the properties and integrations of a system.

    Args:
        document: the open document.
        selection: the system selection shared with other views (a private one when omitted).
        parent: the owning widget.

    Attributes:
        estate_actions: add, duplicate and delete systems; add and delete integrations (for a menu).
    """

    def __init__(self, document: Document, selection: SystemSelection | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self.selection = selection if selection is not None else SystemSelection(self)
        self._known_ids = frozenset(document.plan.system_by_id)
        self._syncing = False
        self.model = SystemTableModel(document, self)
        self.model.edit_refused.connect(self._on_edit_refused)
        self.proxy = SystemFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.filters = SystemFilterBar(self.proxy, self)
        self.filters.refresh_choices(document.plan)
        self.filter_edit = self.filters.text_edit
        self.estate_combo = self.filters.estate_combo
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(self.tr("System count"))
        self.table = self._build_table()
        self.properties = SystemPropertiesPanel(document, self.selection, self)
        self.integrations = IntegrationList(document, self)
        self.side_tabs = QTabWidget(self)
        name_tab_bar(self.side_tabs, self.tr("System details"))
        self.side_tabs.setDocumentMode(True)
        self.side_tabs.addTab(self.properties, self.tr("P&roperties"))
        self.side_tabs.addTab(self.integrations, self.tr("In&tegrations"))
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.side_tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([720, 540])
        self.estate_actions = self._build_actions()
        self.toolbar = self._build_toolbar()

        top = QHBoxLayout()
        top.addWidget(self.toolbar)
        top.addStretch(1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(self.splitter, 1)
        self.setTabOrder(self.filters.classification_combo, self.table)
        self.setTabOrder(self.table, self.side_tabs)

        document.plan_changed.connect(self._on_document_plan_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.selection.selection_changed.connect(self._on_selection_selection_changed)
        self.filters.filter_changed.connect(self._on_filters_filter_changed)
        self.integrations.view.selectionModel().selectionChanged.connect(
            self._on_integrations_selection_changed)
        self.integrations.model.modelReset.connect(self._update_actions)
        self._update_count()
        self._fit_columns()
        self._update_actions()

    # --- building ------------------------------------------------------------------------------------

    def _build_table(self) -> QTableView:
        table = item_table(self, self.proxy, self.tr("Systems"))
        table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                              | QAbstractItemView.EditTrigger.EditKeyPressed
                              | QAbstractItemView.EditTrigger.AnyKeyPressed)
        table.setWordWrap(False)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        table.horizontalHeader().setHighlightSections(False)
        table.horizontalHeader().setSectionsMovable(True)
        return table

    def _action(self, text: str, tip: str, shortcut: str, slot: Callable[[], None], icon: QIcon.ThemeIcon,
                scope: Iterable[QWidget]) -> QAction:
        action = QAction(QIcon.fromTheme(icon), text, self)
        action.setStatusTip(tip)
        keys = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({keys})")
        action.setShortcut(QKeySequence(shortcut))
        # Shortcuts act only where they make sense: on this page, or (Delete) on the list it deletes from.
        scoped = list(scope)
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut if scoped
                                  else Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for widget in scoped or [self]:
            widget.addAction(action)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> list[QAction]:
        theme = QIcon.ThemeIcon
        self.add_system_action = self._action(
            self.tr("&Add System"), self.tr("Add a new system to the estate"), "Ctrl+Shift+A",
            self.add_system, theme.ListAdd, ())
        self.duplicate_system_action = self._action(
            self.tr("&Duplicate System"), self.tr("Copy the selected system (without its integrations)"),
            "Ctrl+D", self.duplicate_system, theme.EditCopy, ())
        self.delete_system_action = self._action(
            self.tr("De&lete System"),
            self.tr("Delete the selected systems, their integrations and every reference to them"),
            "Del", self.delete_systems, theme.EditDelete, (self.table,))
        self.add_integration_action = self._action(
            self.tr("Add &Integration"), self.tr("Add an integration from the selected system to another"),
            "Ctrl+Shift+L", self.add_integration, theme.InsertLink, ())
        self.delete_integration_action = self._action(
            self.tr("Delete I&ntegration"), self.tr("Delete the selected integrations"),
            "Del", self.delete_integrations, theme.ListRemove, (self.integrations.view,))
        self.table.addAction(self.add_system_action)
        self.table.addAction(self.duplicate_system_action)
        return [self.add_system_action, self.duplicate_system_action, self.delete_system_action,
                self.add_integration_action, self.delete_integration_action]

    def _build_toolbar(self) -> QToolBar:
        toolbar = QToolBar(self.tr("Estate toolbar"), self)
        toolbar.setAccessibleName(self.tr("Estate toolbar"))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in self.estate_actions:
            if action is self.add_integration_action:
                toolbar.addSeparator()
            toolbar.addAction(action)
            button = toolbar.widgetForAction(action)
            if button is not None:
                button.setAccessibleName(action.text().replace("&", ""))
        return toolbar

    def _fit_columns(self) -> None:
        """Fit columns to their contents, capping long text columns; the last column takes what is left."""
        fit_columns(self.table, COLUMN_KEYS, _MAX_WIDTH, _DEFAULT_MAX_WIDTH)

    # --- actions -------------------------------------------------------------------------------------

    def add_system(self) -> None:
        """Add a system like the current one (or matching the estate and kind filters) and select it."""
        plan = self._document.plan
        current = self.properties.system()
        criteria = self.proxy.criteria
        estate = criteria.estate or (current.estate if current is not None else "target")
        kind = criteria.kind or (current.kind if current is not None else "platform")
        like = current.id if current is not None else (plan.systems[-1].id if plan.systems else None)
        system = System(free_id(plan.system_by_id, like, "S"), self.tr("New system"), estate, kind,  # type: ignore[arg-type]
                        action="new" if estate == "target" else "replace")
        if not criteria.accepts(system):
            self.filters.clear()
        index = plan.systems.index(current) + 1 if current is not None else None
        self._document.push(add_system_edit(plan, system, index,
                                            self.tr("Add system {id}").format(id=system.id)))
        self._show_new_system(system.id)

    def duplicate_system(self) -> None:
        """Copy the current system (not its integrations) under the next free id, and select the copy."""
        current = self.properties.system()
        if current is None:
            return
        plan = self._document.plan
        copy_id = free_id(plan.system_by_id, current.id, "S")
        self._document.push(duplicate_system_edit(
            plan, current.id, self.tr("{name} (copy)").format(name=current.name), copy_id,
            self.tr("Duplicate system {id}").format(id=current.id)))
        self._show_new_system(copy_id)

    def delete_systems(self) -> None:
        """Delete the selected systems with their integrations and every reference, as one undoable step."""
        ids = [i for i in self.selection.ids if i in self._document.plan.system_by_id]
        if not ids:
            return
        rows = [self._proxy_row(i) for i in ids]
        first_row = min((r for r in rows if r >= 0), default=0)
        label = (self.tr("Delete system {id}").format(id=ids[0]) if len(ids) == 1
                 else self.tr("Delete {count} systems").format(count=len(ids)))
        self._document.push(delete_systems_edit(self._document.plan, ids, label))
        if self.proxy.rowCount():
            row = min(first_row, self.proxy.rowCount() - 1)
            self.selection.set_selected([self.proxy.index(row, 0).data(SYSTEM_ROLE).id])

    def add_integration(self) -> None:
        """Add an integration from the current system to another (target estate first), ready to edit."""
        current = self.properties.system()
        plan = self._document.plan
        if current is None:
            return
        linked = {i.target for i in plan.integrations if i.source == current.id}
        others = sorted((s for s in plan.systems if s.id != current.id), key=lambda s: s.estate != "target")
        target = next((s for s in others if s.id not in linked), others[0] if others else None)
        if target is None:
            return
        label = self.tr("Add integration from {source} to {target}").format(
            source=current.id, target=target.id)
        try:
            self._document.push(add_integration_edit(plan, current.id, target.id, "", label))
        except EditError:
            return
        new_id = self._document.plan.integrations[-1].id
        self.side_tabs.setCurrentWidget(self.integrations)
        self.integrations.select(new_id)
        links = self.integrations.model
        row = links.row_of(new_id)
        if row >= 0 and self.integrations.isVisible():  # choose the other end straight away
            self.integrations.view.edit(links.index(row, links.column_of("target")))

    def delete_integrations(self) -> None:
        """Delete the selected integrations as one undoable step."""
        ids = self.integrations.selected_ids()
        if not ids:
            return
        label = (self.tr("Delete integration {id}").format(id=ids[0]) if len(ids) == 1
                 else self.tr("Delete {count} integrations").format(count=len(ids)))
        self._document.push(delete_integrations_edit(self._document.plan, ids, label))

    def _show_new_system(self, system_id: str) -> None:
        self.selection.set_selected([system_id])
        self.side_tabs.setCurrentWidget(self.properties)
        self.properties.name_edit.setFocus()
        self.properties.name_edit.selectAll()

    def _update_actions(self) -> None:
        has_current = self.properties.system() is not None
        self.duplicate_system_action.setEnabled(has_current)
        self.delete_system_action.setEnabled(has_current)
        self.add_integration_action.setEnabled(has_current and len(self._document.plan.systems) > 1)
        self.delete_integration_action.setEnabled(bool(self.integrations.selected_ids()))

    # --- counts and selection ------------------------------------------------------------------------

    def _update_count(self) -> None:
        shown = self.proxy.shown_systems()
        current = sum(1 for s in shown if s.estate == "current")
        total = len(self._document.plan.systems)
        text = (self.tr("1 system shown of {total}") if len(shown) == 1
                else self.tr("{shown} systems shown of {total}")).format(shown=len(shown), total=total)
        text += self.tr(": {current} current, {target} target").format(
            current=current, target=len(shown) - current)
        self.count_label.setText(text)

    def _proxy_row(self, system_id: str) -> int:
        row = self.model.row_of(system_id)
        return self.proxy.mapFromSource(self.model.index(row, 0)).row() if row >= 0 else -1

    def _passes_filter(self, system_id: str) -> bool:
        # Asked of the criteria, not the proxy's mapping, which may be mid-update when selections change.
        row = self.model.row_of(system_id)
        return row >= 0 and self.proxy.filterAcceptsRow(row, QModelIndex())

    def _select_rows(self, ids: tuple[str, ...]) -> None:
        """Select the visible rows of ``ids`` in the table (without feeding back into the selection)."""
        chosen = QItemSelection()
        last = self.proxy.columnCount() - 1
        for system_id in ids:
            row = self._proxy_row(system_id)
            if row >= 0:
                chosen.select(self.proxy.index(row, 0), self.proxy.index(row, last))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self._syncing = True
        try:
            self.table.selectionModel().select(chosen, flags)
            if ids and (row := self._proxy_row(ids[-1])) >= 0:
                current = self.proxy.index(row, 0)
                self.table.selectionModel().setCurrentIndex(
                    current, QItemSelectionModel.SelectionFlag.NoUpdate)
                self.table.scrollTo(current)
        finally:
            self._syncing = False

    def _table_ids(self) -> tuple[str, ...]:
        return tuple(r.data(SYSTEM_ROLE).id for r in self.table.selectionModel().selectedRows()
                     if r.data(SYSTEM_ROLE) is not None)

    def _on_document_plan_changed(self, changes: ChangeSet) -> None:
        plan = self._document.plan
        if changes.touches("systems"):
            now = frozenset(plan.system_by_id)
            if changes.structural:
                vanished, appeared = self._known_ids - now, now - self._known_ids
                if len(vanished) == 1 and len(appeared) == 1:  # an id was renamed: the selection follows it
                    old, new = next(iter(vanished)), next(iter(appeared))
                    self.selection.set_selected(new if i == old else i for i in self.selection.ids)
                self.selection.prune(now)
                self._fit_columns()
            self._known_ids = now
            self.filters.refresh_choices(plan)
        if changes.touches("systems") or changes.touches("phases"):
            self._select_rows(self.selection.ids)
            self._update_count()
        self.properties.refresh()
        self.integrations.set_system(self.selection.current)
        self._update_actions()

    def _on_table_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        if self._syncing:  # the table following the shared selection
            return
        ids = self._table_ids()
        dropped = [i for i in self.selection.ids if i not in ids]
        if selected.isEmpty() and dropped and not any(self._passes_filter(i) for i in dropped):
            return  # rows filtered out (or deleted, which pruning handles): the system stays selected
        self.selection.set_selected(ids)

    def _on_selection_selection_changed(self, ids: tuple[str, ...]) -> None:
        if ids != self._table_ids():
            self._select_rows(ids)
        self.integrations.set_system(self.selection.current)
        self._update_actions()

    def _on_filters_filter_changed(self) -> None:
        self._select_rows(self.selection.ids)
        self._update_count()

    def _on_integrations_selection_changed(self, _selected: QItemSelection,
                                           _deselected: QItemSelection) -> None:
        self._update_actions()

    def _on_edit_refused(self, message: str) -> None:
        """Say in the status bar why a cell edit was refused (the cell keeps its value)."""
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(message, 10000)
