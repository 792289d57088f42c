"""The "Replaced by" checklist of the properties panel: every other system, target estate first.

Checking a system makes it a replacement of the system shown; the list emits the new ``replaced_by`` tuple,
keeping the order of links already set and appending new ones in list order.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from app.engine.model import Plan, System

_ID_ROLE = Qt.ItemDataRole.UserRole


class ReplacementList(QListWidget):
    """A checkable list of the other systems under "Target estate" and "Current estate" headings.

    Args:
        parent: the owning widget.

    Signals:
        committed(tuple): the user checked or unchecked a system; the new ``replaced_by`` ids.
    """

    committed = Signal(tuple)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._current: tuple[str, ...] = ()
        self._shown: tuple[tuple[str, str], ...] = ()
        self._listed: frozenset[str] = frozenset()
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.itemChanged.connect(self._on_self_item_changed)

    def show_system(self, plan: Plan, system: System | None) -> None:
        """List every system but ``system`` and check its replacements; an empty list for ``None``."""
        self._current = system.replaced_by if system is not None else ()
        others = [s for s in plan.systems if system is not None and s.id != system.id]
        order = tuple((s.id, s.estate) for s in others)
        self.blockSignals(True)
        if order != self._shown:
            scroll = self.verticalScrollBar().value()
            self._rebuild(others)
            self._shown = order
            self._listed = frozenset(s.id for s in others)
            self.verticalScrollBar().setValue(scroll)
        for row in range(self.count()):
            item = self.item(row)
            system_id = item.data(_ID_ROLE)
            if system_id is not None:
                system_now = plan.system_by_id.get(system_id)
                if system_now is not None:
                    item.setText(self._text(system_now))
                    item.setToolTip(self._text(system_now))
                checked = system_id in self._current
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.blockSignals(False)

    def checked_ids(self) -> tuple[str, ...]:
        """The ids checked, in list order."""
        return tuple(self.item(row).data(_ID_ROLE) for row in range(self.count())
                     if self.item(row).data(_ID_ROLE) is not None
                     and self.item(row).checkState() == Qt.CheckState.Checked)

    def set_checked(self, system_id: str, checked: bool) -> None:
        """Check or uncheck ``system_id`` as a user would (emits ``committed``)."""
        for row in range(self.count()):
            if self.item(row).data(_ID_ROLE) == system_id:
                self.item(row).setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                return
        raise KeyError(system_id)

    def _rebuild(self, others: list[System]) -> None:
        self.clear()
        for estate, heading in (("target", self.tr("Target estate")), ("current", self.tr("Current estate"))):
            systems = [s for s in others if s.estate == estate]
            if not systems:
                continue
            title = QListWidgetItem(heading, self)
            font = QFont(title.font())
            font.setBold(True)
            title.setFont(font)
            title.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for system in systems:
                item = QListWidgetItem(self._text(system), self)
                item.setToolTip(self._text(system))
                item.setData(_ID_ROLE, system.id)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)

    @staticmethod
    def _text(system: System) -> str:
        return f"{system.id}  {system.name}"

    def _on_self_item_changed(self, item: QListWidgetItem) -> None:
        system_id = item.data(_ID_ROLE)
        if system_id is None:
            return
        checked = set(self.checked_ids())
        # Links to systems not listed (the system itself, or an unknown id) are not the list's to drop.
        kept = tuple(i for i in self._current if i in checked or i not in self._listed)
        added = tuple(i for i in self.checked_ids() if i not in kept)
        self._current = kept + added
        self.committed.emit(self._current)
