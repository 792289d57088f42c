"""The inventory import dialog: check the header row and column mapping, preview, then add as one undo step.

The file is read once; each change of sheet, header row or mapping re-reads only the table in memory.
Cancel changes nothing; OK pushes one ``inventory_edit`` through the document.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.engine.edits import EditError
from app.engine.model import COMPONENT_KIND_LABELS, System
from app.errors import InputError
from app.importers.columns import FIELDS, HEADER_SCAN_ROWS
from app.importers.inventory import (
    PREVIEW_ROWS,
    ColumnGuess,
    InventoryResult,
    format_report,
    guess_table,
    inventory_edit,
    read_table,
    read_table_inventory,
)
from app.importers.sheets import Table
from app.ui.document import Document
from app.ui.formatting import format_date, format_money
from app.ui.workers import run_with_progress

_CONTEXT = "InventoryImportDialog"
_FIELD_LABELS: dict[str, object] = {  # str values marked by QT_TRANSLATE_NOOP (typed object by PySide)
    "name": QT_TRANSLATE_NOOP(_CONTEXT, "Name (required)"),
    "id": QT_TRANSLATE_NOOP(_CONTEXT, "ID"),
    "estate": QT_TRANSLATE_NOOP(_CONTEXT, "Estate"),
    "kind": QT_TRANSLATE_NOOP(_CONTEXT, "Component type"),
    "action": QT_TRANSLATE_NOOP(_CONTEXT, "Action"),
    "vendor": QT_TRANSLATE_NOOP(_CONTEXT, "Supplier"),
    "seats": QT_TRANSLATE_NOOP(_CONTEXT, "Seats"),
    "annual_run_cost": QT_TRANSLATE_NOOP(_CONTEXT, "Annual run cost"),
    "contract_end": QT_TRANSLATE_NOOP(_CONTEXT, "Contract end"),
    "notice_days": QT_TRANSLATE_NOOP(_CONTEXT, "Notice (days)"),
    "renewal_months": QT_TRANSLATE_NOOP(_CONTEXT, "Renewal term (months)"),
    "exit_fee": QT_TRANSLATE_NOOP(_CONTEXT, "Exit fee"),
    "personal_data": QT_TRANSLATE_NOOP(_CONTEXT, "Personal data"),
    "classification": QT_TRANSLATE_NOOP(_CONTEXT, "Classification"),
    "replaced_by": QT_TRANSLATE_NOOP(_CONTEXT, "Replaced by"),
    "phase": QT_TRANSLATE_NOOP(_CONTEXT, "Phase / wave"),
    "number_ranges": QT_TRANSLATE_NOOP(_CONTEXT, "Number ranges"),
    "notes": QT_TRANSLATE_NOOP(_CONTEXT, "Notes"),
}
# Preview columns always shown, then any other mapped field.
_ALWAYS = ("id", "name", "estate", "kind")


def _label(field: str) -> str:
    return str(QCoreApplication.translate(_CONTEXT, str(_FIELD_LABELS[field])))


def _shown(system: System, field: str) -> str:
    value: object = getattr(system, field)
    if field == "kind":
        return COMPONENT_KIND_LABELS.get(system.kind, system.kind)
    if isinstance(value, float):  # annual run cost and exit fee
        return format_money(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


class InventoryImportDialog(QDialog):
    """Shows how an inventory file will be read and imports it into ``document`` on OK.

    Args:
        document: the open document; it gains the systems as one undo step on OK.
        path: the .xlsx or .csv file.
        parent: the owning widget.
        table: the file's sheet already read (off the GUI thread); read here when ``None``.

    Raises:
        InputError: the file cannot be read at all (raised by the constructor, before the dialog shows).
    """

    def __init__(self, document: Document, path: str | Path, parent: QWidget | None = None,
                 table: Table | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._path = Path(path)
        try:
            self._table: Table = table if table is not None else read_table(self._path)
            self._guess: ColumnGuess = guess_table(self._table)
        except InputError as exc:
            raise exc.located(self._path) from None
        self._result: InventoryResult | None = None
        self.setWindowTitle(self.tr("Import inventory – {0}").format(self._path.name))
        self.setAccessibleName(self.tr("Import inventory"))
        self.setMinimumSize(900, 640)

        self.sheet_combo = QComboBox(self)
        self.sheet_combo.setAccessibleName(self.tr("Sheet"))
        self.sheet_combo.setToolTip(self.tr("The worksheet that holds the inventory"))
        self.sheet_combo.addItems(list(self._table.sheets))
        self.sheet_combo.setEnabled(len(self._table.sheets) > 1)
        self.header_spin = QSpinBox(self)
        self.header_spin.setAccessibleName(self.tr("Header row"))
        self.header_spin.setToolTip(self.tr("The row that names the columns"))
        self.header_spin.setRange(1, max(1, min(HEADER_SCAN_ROWS, len(self._table.rows))))
        top = QFormLayout()
        sheet_label = QLabel(self.tr("&Sheet:"), self)
        sheet_label.setBuddy(self.sheet_combo)
        header_label = QLabel(self.tr("&Header row:"), self)
        header_label.setBuddy(self.header_spin)
        top.addRow(sheet_label, self.sheet_combo)
        top.addRow(header_label, self.header_spin)

        self.mapping_combos: dict[str, QComboBox] = {}
        mapping_box = QGroupBox(self.tr("Columns"), self)
        mapping_form = QFormLayout(mapping_box)
        for spec in FIELDS:
            combo = QComboBox(mapping_box)
            combo.setAccessibleName(self.tr("Column for {0}").format(_label(spec.key)))
            combo.setToolTip(self.tr("Which column of the sheet holds {0}").format(_label(spec.key)))
            label = QLabel(_label(spec.key) + ":", mapping_box)
            label.setBuddy(combo)
            mapping_form.addRow(label, combo)
            self.mapping_combos[spec.key] = combo
        scroll = QScrollArea(self)
        scroll.setWidget(mapping_box)
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName(self.tr("Column mapping"))

        self.preview_table = QTableWidget(self)
        self.preview_table.setAccessibleName(self.tr("Preview of the first systems"))
        self.preview_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_table.setTabKeyNavigation(False)
        self.status_label = QLabel(self)
        self.status_label.setAccessibleName(self.tr("Import status"))
        self.status_label.setWordWrap(True)
        self.report_edit = QPlainTextEdit(self)
        self.report_edit.setReadOnly(True)
        self.report_edit.setAccessibleName(self.tr("Problem report"))
        self.report_edit.setPlaceholderText(self.tr("Press Check to list every row that will be skipped."))
        self.report_edit.setTabChangesFocus(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Import"))
        self.ok_button.setAccessibleName(self.tr("Import"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        self.check_button = QPushButton(self.tr("C&heck"), self)
        self.check_button.setAccessibleName(self.tr("Check every row"))
        self.check_button.setToolTip(self.tr("Read every row and list the ones that will be skipped"))
        self.buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)

        right = QVBoxLayout()
        preview_label = QLabel(self.tr("&Preview (as it will be imported):"), self)
        preview_label.setBuddy(self.preview_table)
        report_label = QLabel(self.tr("P&roblems:"), self)
        report_label.setBuddy(self.report_edit)
        right.addWidget(preview_label)
        right.addWidget(self.preview_table, 3)
        right.addWidget(self.status_label)
        right.addWidget(report_label)
        right.addWidget(self.report_edit, 2)
        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(scroll)
        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(self.buttons)

        self._load_guess()
        self.sheet_combo.currentTextChanged.connect(self._on_sheet_combo_changed)
        self.header_spin.valueChanged.connect(self._on_header_spin_changed)
        for combo in self.mapping_combos.values():
            combo.currentIndexChanged.connect(self._on_mapping_changed)
        self.check_button.clicked.connect(self._on_check_button_clicked)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    # --- state ----------------------------------------------------------------------------------------

    def mapping(self) -> dict[str, int]:
        """Return the mapping chosen in the combo boxes: field -> 0-based column."""
        chosen = {}
        for key, combo in self.mapping_combos.items():
            column = combo.currentData()
            if isinstance(column, int) and column >= 0:
                chosen[key] = column
        return chosen

    def set_mapping(self, field: str, header: str | None) -> None:
        """Map ``field`` to the column headed ``header`` (``None``: not imported)."""
        combo = self.mapping_combos[field]
        combo.setCurrentIndex(0 if header is None else combo.findText(header))

    @property
    def import_result(self) -> InventoryResult | None:
        """The last full read (after Check or OK), or ``None``."""
        return self._result

    def _load_guess(self) -> None:
        for widget in (self.sheet_combo, self.header_spin, *self.mapping_combos.values()):
            widget.blockSignals(True)
        if self._guess.sheet is not None:
            self.sheet_combo.setCurrentText(self._guess.sheet)
        self.header_spin.setValue(self._guess.header_row)
        for key, combo in self.mapping_combos.items():
            combo.clear()
            combo.addItem(self.tr("(not imported)"), -1)
            for index, header in enumerate(self._guess.headers):
                combo.addItem(header, index)
            combo.setCurrentIndex(self._guess.mapping.get(key, -1) + 1)
        for widget in (self.sheet_combo, self.header_spin, *self.mapping_combos.values()):
            widget.blockSignals(False)
        self._on_mapping_changed()

    def _read(self, rows: int | None) -> InventoryResult | None:
        """Read the table with the chosen mapping (only the first ``rows`` data rows when given)."""
        table = self._table
        if rows is not None:
            end = self._guess.header_row + rows
            table = Table(table.sheet, table.rows[:end], table.sheets, table.notes, False)
        plan = self._document.plan
        try:
            return read_table_inventory(table, self.mapping(), (s.id for s in plan.systems),
                                        header_row=self._guess.header_row,
                                        existing_names={s.name: s.id for s in plan.systems}, path=self._path)
        except InputError as exc:
            self.status_label.setText(exc.message)
            return None

    # --- slots ----------------------------------------------------------------------------------------

    def _on_sheet_combo_changed(self, sheet: str) -> None:
        try:
            self._table = read_table(self._path, sheet)
            self._guess = guess_table(self._table)
        except InputError as exc:
            self.status_label.setText(exc.message)
            self.ok_button.setEnabled(False)
            return
        self.header_spin.setMaximum(max(1, min(HEADER_SCAN_ROWS, len(self._table.rows))))
        self._load_guess()

    def _on_header_spin_changed(self, row: int) -> None:
        try:
            self._guess = guess_table(self._table, row)
        except InputError as exc:
            self.status_label.setText(exc.message)
            return
        self._load_guess()

    def _on_mapping_changed(self) -> None:
        self._result = None
        self.report_edit.clear()
        has_name = "name" in self.mapping()
        self.ok_button.setEnabled(has_name)
        self.check_button.setEnabled(has_name)
        if not has_name:
            self.status_label.setText(self.tr("Choose the column that holds each system's name."))
            self.preview_table.clear()
            self.preview_table.setRowCount(0)
            return
        preview = self._read(PREVIEW_ROWS * 2)
        if preview is None:
            return
        self._fill_preview(preview)
        self.status_label.setText(self.tr("Press Check to read every row, or Import to add them."))

    def _fill_preview(self, preview: InventoryResult) -> None:
        mapped = self.mapping()
        fields = [f.key for f in FIELDS if f.key in _ALWAYS or f.key in mapped]
        self.preview_table.clear()
        self.preview_table.setColumnCount(len(fields))
        self.preview_table.setHorizontalHeaderLabels([_label(f) for f in fields])
        systems = preview.systems[:PREVIEW_ROWS]
        self.preview_table.setRowCount(len(systems))
        for row, system in enumerate(systems):
            for column, field in enumerate(fields):
                self.preview_table.setItem(row, column, QTableWidgetItem(_shown(system, field)))
        self.preview_table.resizeColumnsToContents()

    def _on_check_button_clicked(self) -> None:
        self._check()

    def _check(self) -> InventoryResult | None:
        if self._result is None:
            self._result = self._read(None)
        if self._result is not None:
            result = self._result
            self.report_edit.setPlainText(format_report(result, self._path))
            self.status_label.setText(self.tr("{0} of {1} rows will be imported; {2} skipped.").format(
                len(result.systems), result.rows_read, result.rows_read - len(result.systems)))
        return self._result

    def accept(self) -> None:
        """Read every row and add the systems as one undoable step; stay open if there is nothing to add."""
        result = self._check()
        if result is None:
            return
        if not result.systems:
            self.status_label.setText(self.tr("No rows can be imported: see the problems below."))
            return
        try:
            self._document.push(inventory_edit(self._document.plan, result))
        except EditError as exc:
            self.status_label.setText(str(exc))
            return
        super().accept()


def import_inventory_interactively(parent: QWidget | None, document: Document, path: str | Path) -> bool:
    """Open the import dialog for ``path``; return True when systems were added to ``document``.

    A file that cannot be read at all is reported in a message box and nothing changes.
    """
    label = QCoreApplication.translate(_CONTEXT, "Reading {0}…").format(Path(path).name)
    try:
        finished, table = run_with_progress(parent, label, lambda progress, cancelled: read_table(path))
        if not finished:
            return False
        dialog = InventoryImportDialog(document, path, parent, table)
    except InputError as exc:
        QMessageBox.warning(parent, QCoreApplication.translate(_CONTEXT, "Cannot import inventory"), str(exc))
        return False
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
