"""The list of a plan's versions: the working plan, marked "(working)", then each stored scenario.

Each row carries a key: ``WORKING`` for the working plan, else the scenario id. The list holds no plan state:
:meth:`ScenarioVersionList.show_plan` rebuilds it from the document's plan.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from app.engine.model import Plan

WORKING = ""  # the key of the working plan's row (scenario ids are never empty)
_KEY_ROLE = Qt.ItemDataRole.UserRole


class ScenarioVersionList(QListWidget):
    """One row per version of the plan; the working plan first, in bold.

    Args:
        parent: the owning widget.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAccessibleName(self.tr("Plan versions"))
        self.setToolTip(self.tr("The working plan and its scenarios; double-click or press Enter to switch"))

    def show_plan(self, plan: Plan, select: str | None = None) -> None:
        """Rebuild the rows from ``plan``; select the row keyed ``select`` (else keep the selected key)."""
        keep = self.selected_key() if select is None else select
        self.blockSignals(True)
        try:
            self.clear()
            working = QListWidgetItem(self.tr("%1 (working)").replace("%1", plan.project.scenario_name))
            working.setData(_KEY_ROLE, WORKING)
            font = QFont(working.font())
            font.setBold(True)
            working.setFont(font)
            working.setToolTip(self.tr("The plan every page shows and edits"))
            self.addItem(working)
            for scenario in plan.scenarios:
                item = QListWidgetItem(scenario.name)
                item.setData(_KEY_ROLE, scenario.id)
                item.setToolTip(self.tr("Scenario %1: switch to it to see or edit it on every page")
                                .replace("%1", scenario.name))
                self.addItem(item)
        finally:
            self.blockSignals(False)
        self.select_key(keep if keep is not None else WORKING)

    def key_of(self, item: QListWidgetItem | None) -> str | None:
        """The key of ``item`` (``WORKING`` or a scenario id); None for no item."""
        return None if item is None else str(item.data(_KEY_ROLE))

    def selected_key(self) -> str | None:
        """The key of the selected row; None when nothing is selected."""
        items = self.selectedItems()
        return self.key_of(items[0]) if items else None

    def select_key(self, key: str) -> None:
        """Select and make current the row keyed ``key`` (the working plan's when there is no such row)."""
        for row in range(self.count()):
            if self.key_of(self.item(row)) == key:
                self.setCurrentRow(row)
                return
        if self.count():
            self.setCurrentRow(0)
