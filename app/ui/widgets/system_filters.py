"""Filtering the systems table: the criteria, the proxy model that applies them, and the bar of controls.

One ``SystemFilterProxyModel`` holds every criterion (text in any column, estate, component kind, supplier,
phase, personal data, classification); ``SystemFilterBar`` is the row of controls that sets them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from app.engine.model import CLASSIFICATIONS, COMPONENT_KINDS, Plan, System
from app.ui.models.system_table import SORT_ROLE, SYSTEM_ROLE

# The criterion value that matches systems with no phase (or no supplier); ``None`` matches every system.
NONE_SET = ""


@dataclass(frozen=True)
class SystemCriteria:
    """What a system must be to be shown; ``None`` accepts any value.

    Attributes:
        estate: ``current`` or ``target``.
        kind: a component kind key.
        vendor: a supplier, or ``NONE_SET`` for systems without one.
        phase: a phase id, or ``NONE_SET`` for systems without a phase.
        personal_data: ``True`` for systems that record personal data, ``False`` for those that do not.
        classification: ``OFFICIAL`` or ``OFFICIAL-SENSITIVE``.
    """

    estate: str | None = None
    kind: str | None = None
    vendor: str | None = None
    phase: str | None = None
    personal_data: bool | None = None
    classification: str | None = None

    def accepts(self, system: System) -> bool:
        """Return True when ``system`` meets every criterion."""
        return (
            (self.estate is None or system.estate == self.estate)
            and (self.kind is None or system.kind == self.kind)
            and (self.vendor is None or system.vendor.strip() == self.vendor)
            and (self.phase is None or (system.phase or NONE_SET) == self.phase)
            and (self.personal_data is None or bool(system.personal_data.strip()) == self.personal_data)
            and (self.classification is None or system.classification == self.classification)
        )


class SystemFilterProxyModel(QSortFilterProxyModel):
    """Filters systems by ``SystemCriteria`` and by text in any column; sorts on raw values.

    Args:
        parent: the owning QObject.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._criteria = SystemCriteria()
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    @property
    def criteria(self) -> SystemCriteria:
        """The criteria applied besides the text filter."""
        return self._criteria

    def set_criteria(self, criteria: SystemCriteria) -> None:
        """Show only the systems that meet ``criteria`` (and the text filter)."""
        if criteria == self._criteria:
            return
        self.beginFilterChange()
        self._criteria = criteria
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_estate(self, estate: str | None) -> None:
        """Show only systems of ``estate`` (``current`` or ``target``), or all for ``None``."""
        self.set_criteria(dataclasses.replace(self._criteria, estate=estate))

    def shown_systems(self) -> list[System]:
        """Return the systems shown, in view order."""
        found = (self.index(row, 0).data(SYSTEM_ROLE) for row in range(self.rowCount()))
        return [system for system in found if system is not None]

    def filterAcceptsRow(  # noqa: N802 - Qt override
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        """Accept rows whose system meets the criteria and whose cells match the filter text."""
        system = self.sourceModel().index(source_row, 0, source_parent).data(SYSTEM_ROLE)
        if system is None or not self._criteria.accepts(system):
            return False
        return super().filterAcceptsRow(source_row, source_parent)


class SystemFilterBar(QWidget):
    """The filter text box and one chooser per criterion; it drives a ``SystemFilterProxyModel``.

    Args:
        proxy: the proxy model to filter.
        parent: the owning widget.

    Signals:
        filter_changed(): the text or a criterion changed.
    """

    filter_changed = Signal()

    def __init__(self, proxy: SystemFilterProxyModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._proxy = proxy
        self.text_edit = QLineEdit(self)
        self.text_edit.setPlaceholderText(self.tr("Filter systems by any column…"))
        self.text_edit.setClearButtonEnabled(True)
        self.text_edit.setAccessibleName(self.tr("Filter systems"))
        self.text_edit.setToolTip(self.tr("Show only systems whose cells contain this text"))
        self.text_edit.textChanged.connect(self._on_text_edit_text_changed)
        label = QLabel(self.tr("&Filter:"), self)
        label.setBuddy(self.text_edit)

        self.estate_combo = self._combo(self.tr("Estate shown"),
                                        self.tr("Show the current estate, the target estate or both"))
        self.kind_combo = self._combo(self.tr("Component filter"), self.tr("Show one kind of component"))
        self.vendor_combo = self._combo(self.tr("Supplier filter"),
                                        self.tr("Show the systems of one supplier"))
        self.phase_combo = self._combo(self.tr("Phase filter"),
                                       self.tr("Show the systems moving in one phase"))
        self.personal_combo = self._combo(self.tr("Personal data filter"),
                                          self.tr("Show systems that do or do not hold personal data"))
        self.classification_combo = self._combo(self.tr("Classification filter"),
                                                self.tr("Show systems of one security classification"))
        self.estate_combo.addItem(self.tr("Both estates"), None)
        self.estate_combo.addItem(self.tr("Current estate"), "current")
        self.estate_combo.addItem(self.tr("Target estate"), "target")
        self.personal_combo.addItem(self.tr("Any personal data"), None)
        self.personal_combo.addItem(self.tr("Holds personal data"), True)
        self.personal_combo.addItem(self.tr("No personal data"), False)
        self.classification_combo.addItem(self.tr("Any classification"), None)
        for classification in CLASSIFICATIONS:
            self.classification_combo.addItem(classification, classification)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        self.text_edit.setMinimumWidth(160)
        layout.addWidget(self.text_edit, 2)
        for combo in self.combos:
            layout.addWidget(combo, 1)
            combo.currentIndexChanged.connect(self._on_combo_current_index_changed)

    @property
    def combos(self) -> tuple[QComboBox, ...]:
        """The criterion choosers, in the order shown."""
        return (self.estate_combo, self.kind_combo, self.vendor_combo, self.phase_combo, self.personal_combo,
                self.classification_combo)

    def _combo(self, name: str, tip: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        combo.setToolTip(tip)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        return combo

    def refresh_choices(self, plan: Plan) -> None:
        """Offer the component kinds, suppliers and phases of ``plan``, keeping a choice that still fits."""
        present = {s.kind for s in plan.systems}
        kinds = [(label, key) for key, label in COMPONENT_KINDS if key in present]
        kinds += [(key, key) for key in sorted(present - {k for _, k in kinds})]
        self._fill(self.kind_combo, self.tr("All components"), kinds)
        vendors = sorted({s.vendor.strip() for s in plan.systems} - {""}, key=str.casefold)
        unsupplied = any(not s.vendor.strip() for s in plan.systems)
        extra = [(self.tr("No supplier"), NONE_SET)] if unsupplied else []
        self._fill(self.vendor_combo, self.tr("All suppliers"), [(v, v) for v in vendors] + extra)
        phases = [(p.name or p.id, p.id) for p in plan.phases]
        self._fill(self.phase_combo, self.tr("All phases"), [*phases, (self.tr("No phase"), NONE_SET)])

    def _fill(self, combo: QComboBox, everything: str, choices: list[tuple[str, str]]) -> None:
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for text, value in choices:
            combo.addItem(text, value)
            combo.setItemData(combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
        index = combo.findData(chosen) if chosen is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        if index < 0:  # what was chosen has gone: show everything again
            self._apply()

    def criteria(self) -> SystemCriteria:
        """Return the criteria the choosers set."""
        return SystemCriteria(self.estate_combo.currentData(), self.kind_combo.currentData(),
                              self.vendor_combo.currentData(), self.phase_combo.currentData(),
                              self.personal_combo.currentData(), self.classification_combo.currentData())

    def clear(self) -> None:
        """Show every system: clear the text and choose "all" in every chooser."""
        for combo in self.combos:
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.text_edit.blockSignals(True)
        self.text_edit.clear()
        self.text_edit.blockSignals(False)
        self._proxy.setFilterFixedString("")
        self._apply()

    def _apply(self) -> None:
        self._proxy.set_criteria(self.criteria())
        self.filter_changed.emit()

    def _on_text_edit_text_changed(self, text: str) -> None:
        self._proxy.setFilterFixedString(text)
        self.filter_changed.emit()

    def _on_combo_current_index_changed(self, _index: int) -> None:
        self._apply()
