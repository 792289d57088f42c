"""The suggested-waves dialog: the engine's cutover waves with the reason for each placement.

``suggest_waves`` orders the moving systems by the dependency graph; Accept turns the waves into phases
("Suggested wave N") and sets each system's phase, as one undoable step. Cancel changes nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.engine.edits import EditError
from app.engine.waves import SuggestedWave, suggest_waves, waves_to_edit
from app.ui.document import Document

SYSTEM_ROLE = Qt.ItemDataRole.UserRole  # a system row's id
_CONTEXT = "SuggestedWavesDialog"
_ESTATE_LABELS: dict[str, object] = {
    "current": QT_TRANSLATE_NOOP(_CONTEXT, "Current"),
    "target": QT_TRANSLATE_NOOP(_CONTEXT, "Target"),
}


class SuggestedWavesDialog(QDialog):
    """Shows ``suggest_waves(document.plan)``: each wave, its systems (name, id, estate) and their reasons.

    Args:
        document: the open document; Accept pushes one edit onto its undo stack.
        parent: the owning widget.
    """

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self.waves: tuple[SuggestedWave, ...] = suggest_waves(document.plan)
        self.setWindowTitle(self.tr("Suggested waves"))
        self.setAccessibleName(self.tr("Suggested waves"))
        self.setMinimumSize(760, 420)
        self.resize(1100, 640)

        self.intro_label = QLabel(self._intro_text(), self)
        self.intro_label.setWordWrap(True)
        self.intro_label.setAccessibleName(self.tr("About the suggested waves"))

        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName(self.tr("Suggested waves and their systems"))
        self.tree.setHeaderLabels([self.tr("Wave / system"), self.tr("ID"), self.tr("Estate"),
                                   self.tr("Why it is in this wave")])
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setStretchLastSection(True)
        for column, width in enumerate((380, 60, 70)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.reason_label = QLabel(self)
        self.reason_label.setWordWrap(True)
        self.reason_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reason_label.setAccessibleName(self.tr("Why the selected system is in its wave"))
        self.reason_label.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)
        self.reason_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.tree.currentItemChanged.connect(self._on_tree_current_item_changed)
        self._fill_tree()
        self.tree.setVisible(bool(self.waves))
        self.reason_label.setVisible(bool(self.waves))

        self.buttons = QDialogButtonBox(self)
        self.accept_button = QPushButton(self.tr("&Accept into phases"), self)
        self.accept_button.setAccessibleName(self.tr("Accept into phases"))
        self.accept_button.setToolTip(self.tr("Add a phase per wave and move each system into it (one undo "
                                              "step)"))
        self.accept_button.setEnabled(bool(self.waves))
        self.accept_button.setDefault(bool(self.waves))
        self.buttons.addButton(self.accept_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.cancel_button.setDefault(not self.waves)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.reason_label)
        if not self.waves:
            layout.addStretch(1)
        layout.addWidget(self.buttons)
        QWidget.setTabOrder(self.tree, self.accept_button)
        QWidget.setTabOrder(self.accept_button, self.cancel_button)
        self.tree.setFocus()

        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def _intro_text(self) -> str:
        if not self.waves:
            return self.tr("There are no systems to place in waves: no target systems, and no current "
                           "systems replaced by a target system. Add the target estate (and say what each "
                           "current system is replaced by) first.")
        count = sum(len(w.systems) for w in self.waves)
        known = self._document.plan.system_by_id
        phased = sum(1 for w in self.waves for s in w.systems if s in known and known[s].phase)
        text = self.tr("{systems} moving systems in {waves} waves, ordered by the dependency graph: each "
                       "system moves after everything it depends on, a current system after its replacement, "
                       "and systems sharing a number range move together. Accept adds a phase \"Suggested "
                       "wave N\" for each wave and moves each system into it, as one step you can undo."
                       ).format(systems=count, waves=len(self.waves))
        if phased:
            text += " " + self.tr("{n} of these systems already have a phase; accepting replaces it.").format(
                n=phased)
        return text

    def _fill_tree(self) -> None:
        known = self._document.plan.system_by_id
        for wave in self.waves:
            title = self.tr("Wave {number} ({count} systems)").format(number=wave.number,
                                                                       count=len(wave.systems))
            if len(wave.systems) == 1:
                title = self.tr("Wave {number} (1 system)").format(number=wave.number)
            node = QTreeWidgetItem(self.tree, [title])
            font = QFont(node.font(0))
            font.setBold(True)
            node.setFont(0, font)
            node.setFirstColumnSpanned(True)
            for system_id in wave.systems:
                system = known.get(system_id)
                name = system.name.strip() if system is not None else ""
                estate = QCoreApplication.translate(_CONTEXT, str(_ESTATE_LABELS.get(
                    system.estate if system is not None else "", "")))
                reason = wave.reasons.get(system_id, "")
                item = QTreeWidgetItem(node, [name or system_id, system_id, estate, reason])
                item.setData(0, SYSTEM_ROLE, system_id)
                item.setToolTip(3, reason)
                item.setToolTip(0, name or system_id)
            node.setExpanded(True)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first.child(0) or first)

    def _on_tree_current_item_changed(self, current: QTreeWidgetItem | None,
                                      _previous: QTreeWidgetItem | None) -> None:
        system_id = current.data(0, SYSTEM_ROLE) if current is not None else None
        if current is None or system_id is None:
            self.reason_label.setText(self.tr("Select a system to read why it is in its wave."))
            return
        self.reason_label.setText(self.tr("{system} ({id}): {reason}").format(
            system=current.text(0), id=system_id, reason=current.text(3)))

    def _on_buttons_accepted(self) -> None:
        if not self.waves:
            return
        try:
            edit = waves_to_edit(self._document.plan, self.waves, self.tr("Accept suggested waves"))
            self._document.push(edit)
        except EditError as error:
            QMessageBox.warning(self, self.tr("Cannot accept the waves"), str(error))
            return
        self.accept()


def suggest_waves_interactively(parent: QWidget | None, document: Document) -> bool:
    """Show the suggested waves for ``document``; return True when the user accepted them into phases."""
    dialog = SuggestedWavesDialog(document, parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
