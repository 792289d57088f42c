"""The Project page: the project settings form and the plan's validation panel.

Each control shows one project field; a committed change pushes a ``SetProjectFields`` edit with a clear
label ("Rename project", "Change start date"). The form re-reads the plan whenever the project changes
(undo, redo, open), with signals blocked so that showing a value never pushes an edit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.engine.edits import ChangeSet, SetProjectFields
from app.engine.model import OptimismBias, Project
from app.storage.interchange import FIRST_START, LAST_START
from app.ui.document import Document
from app.ui.formatting import format_date, format_percent, from_qdate, to_qdate
from app.ui.widgets.keyboard_access import form_scroll_area
from app.ui.widgets.validation_panel import ValidationPanel

_NATIONS = (
    ("england-and-wales", "England and Wales"),
    ("scotland", "Scotland"),
    ("northern-ireland", "Northern Ireland"),
)
_DISTRIBUTIONS = (("pert", "PERT"), ("triangular", "Triangular"))
_OB_FIELDS = (
    ("ob_capital", "Capital costs"),
    ("ob_duration", "Works duration"),
    ("ob_operating", "Operating costs"),
)


class ProjectPage(QWidget):
    """Project settings on the left, validation results on the right.

    Args:
        document: the open document.
        parent: the owning widget.
    """

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        # field name -> function that shows the project's value in its control
        self._showers: list[Callable[[Project], None]] = []

        # Four setting groups in two columns, the validation panel below them taking the spare height.
        content = QWidget(self)
        grid = QGridLayout(content)
        grid.addWidget(self._build_project_group(), 0, 0)
        grid.addWidget(self._build_appraisal_group(), 0, 1)
        grid.addWidget(self._build_optimism_bias_group(), 1, 0)
        grid.addWidget(self._build_calendar_group(), 1, 1)
        validation_group = QGroupBox(self.tr("Validation"), content)
        self.validation_panel = ValidationPanel(document, validation_group)
        self.validation_panel.setMinimumHeight(160)
        QVBoxLayout(validation_group).addWidget(self.validation_panel)
        grid.addWidget(validation_group, 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(2, 1)
        scroll = form_scroll_area(QScrollArea(self), self.tr("Project settings"))
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        document.plan_changed.connect(self._on_document_plan_changed)
        self._show_project()

    # --- building the form ----------------------------------------------------------------------------

    def _build_project_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Project"), self)
        form = QFormLayout(group)
        self.name_edit = self._line_edit("name", self.tr("Project name"), self.tr("Rename project"))
        self.organisation_edit = self._line_edit(
            "organisation", self.tr("Organisation"), self.tr("Change organisation"))
        self.organisation_type_edit = self._line_edit(
            "organisation_type", self.tr("Organisation type"), self.tr("Change organisation type"))
        self.organisation_type_edit.setPlaceholderText(self.tr("e.g. county council, NHS trust"))
        self.nation_combo = self._combo("nation", _NATIONS, self.tr("Nation"), self.tr("Change nation"))
        self.nation_combo.setToolTip(self.tr("Sets the bank holidays the calendar skips"))
        self.start_date_edit = QDateEdit(self)
        self.start_date_edit.setDisplayFormat("dd/MM/yyyy")
        self.start_date_edit.setCalendarPopup(True)
        self.start_date_edit.setDateRange(to_qdate(FIRST_START), to_qdate(LAST_START))  # what a file may hold
        self.start_date_edit.setAccessibleName(self.tr("Project start date"))
        self.start_date_edit.dateChanged.connect(self._on_start_date_edit_date_changed)
        self._showers.append(lambda p: self.start_date_edit.setDate(to_qdate(p.start_date)))
        form.addRow(self.tr("&Name:"), self.name_edit)
        form.addRow(self.tr("&Organisation:"), self.organisation_edit)
        form.addRow(self.tr("Organisation &type:"), self.organisation_type_edit)
        form.addRow(self.tr("N&ation:"), self.nation_combo)
        form.addRow(self.tr("&Start date:"), self.start_date_edit)
        return group

    def _build_appraisal_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Appraisal"), self)
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.benchmark_spin = self._spin(
            "benchmark_months", self.tr("Benchmark period in months"), self.tr("Change benchmark period"),
            minimum=0.5, maximum=60, decimals=1, suffix=self.tr(" months"))
        self.benchmark_spin.setToolTip(self.tr("The typical length of a comparable migration"))
        self.discount_spin = self._spin(
            "discount_rate", self.tr("Discount rate in per cent"), self.tr("Change discount rate"),
            minimum=0, maximum=20, decimals=2, suffix=" %", scale=100)
        self.discount_spin.setToolTip(self.tr("Green Book social time preference rate (3.5% standard)"))
        self.appraisal_spin = self._spin(
            "appraisal_years", self.tr("Appraisal period in years"), self.tr("Change appraisal period"),
            minimum=1, maximum=60, decimals=None, suffix=self.tr(" years"))
        self.vat_spin = self._spin(
            "vat_rate", self.tr("VAT rate in per cent"), self.tr("Change VAT rate"),
            minimum=0, maximum=50, decimals=1, suffix=" %", scale=100)
        self.distribution_combo = self._combo(
            "distribution", _DISTRIBUTIONS, self.tr("Estimate distribution"), self.tr("Change distribution"))
        self.distribution_combo.setToolTip(self.tr("How three-point estimates are sampled in risk analysis"))
        for control in (self.benchmark_spin, self.discount_spin, self.appraisal_spin, self.vat_spin,
                        self.distribution_combo):
            control.setMinimumWidth(160)
        form.addRow(self.tr("&Benchmark period:"), self.benchmark_spin)
        form.addRow(self.tr("&Discount rate:"), self.discount_spin)
        form.addRow(self.tr("A&ppraisal period:"), self.appraisal_spin)
        form.addRow(self.tr("&VAT rate:"), self.vat_spin)
        form.addRow(self.tr("Estimate d&istribution:"), self.distribution_combo)
        return group

    def _build_optimism_bias_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Optimism bias (Green Book)"), self)
        grid = QGridLayout(group)
        for column, heading in enumerate((self.tr("Upper bound"), self.tr("Mitigated"), self.tr("Applied"))):
            label = QLabel(f"<b>{heading}</b>", group)
            grid.addWidget(label, 0, column + 1, Qt.AlignmentFlag.AlignLeft)
        self.ob_spins: dict[str, tuple[QDoubleSpinBox, QDoubleSpinBox]] = {}
        for row, (field, title) in enumerate(_OB_FIELDS, start=1):
            name = QCoreApplication.translate("ProjectPage", title)
            upper = self._ob_spin(field, "upper", self.tr("{name} upper bound").format(name=name), 300)
            mitigation = self._ob_spin(
                field, "mitigation", self.tr("{name} mitigation").format(name=name), 100)
            applied = QLabel(group)
            applied.setAccessibleName(self.tr("{name} uplift applied").format(name=name))
            self._showers.append(self._percent_shower(applied, field))
            grid.addWidget(QLabel(name + ":", group), row, 0)
            grid.addWidget(upper, row, 1)
            grid.addWidget(mitigation, row, 2)
            grid.addWidget(applied, row, 3)
            self.ob_spins[field] = (upper, mitigation)
        grid.setColumnStretch(4, 1)
        grid.setRowStretch(len(_OB_FIELDS) + 1, 1)  # keep the rows together at the top
        return group

    def _build_calendar_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Calendar"), self)
        layout = QVBoxLayout(group)
        self.freezes_list = QListWidget(group)
        self.freezes_list.setAccessibleName(self.tr("Change freezes"))
        self.freezes_list.setToolTip(self.tr("No cutover may fall in a freeze window"))
        row_height = self.freezes_list.fontMetrics().height() + 2
        self.freezes_list.setMinimumHeight(3 * row_height + 8)
        self.freezes_list.setMaximumHeight(5 * row_height + 8)
        self.non_working_label = QLabel(group)
        self.non_working_label.setAccessibleName(self.tr("Extra non-working days"))
        freezes_label = QLabel(self.tr("Change &freezes:"), group)
        freezes_label.setBuddy(self.freezes_list)
        layout.addWidget(freezes_label)
        layout.addWidget(self.freezes_list)
        layout.addWidget(self.non_working_label)
        self._showers.append(self._show_calendar)
        return group

    # --- control factories ----------------------------------------------------------------------------

    def _line_edit(self, field: str, accessible_name: str, label: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setAccessibleName(accessible_name)

        def commit() -> None:
            text = edit.text().strip()
            if field == "name" and not text:
                edit.setText(self._document.plan.project.name)  # a project keeps a name
                return
            self._set_fields(label, None, **{field: text})

        edit.editingFinished.connect(commit)
        self._showers.append(lambda p: edit.setText(getattr(p, field)))
        return edit

    def _combo(self, field: str, choices: tuple[tuple[str, str], ...], accessible_name: str,
               label: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(accessible_name)
        for key, text in choices:
            combo.addItem(QCoreApplication.translate("ProjectPage", text), key)
        combo.activated.connect(lambda _i: self._set_fields(label, None, **{field: combo.currentData()}))
        self._showers.append(lambda p: combo.setCurrentIndex(max(0, combo.findData(getattr(p, field)))))
        return combo

    def _spin(self, field: str, accessible_name: str, label: str, *, minimum: float, maximum: float,
              decimals: int | None, suffix: str = "", scale: float = 1) -> QAbstractSpinBox:
        spin: QSpinBox | QDoubleSpinBox
        if decimals is None:
            spin = QSpinBox(self)
        else:
            spin = QDoubleSpinBox(self)
            spin.setDecimals(decimals)
        spin.setRange(minimum, maximum)  # type: ignore[arg-type]
        spin.setSuffix(suffix)
        spin.setKeyboardTracking(False)
        spin.setAccessibleName(accessible_name)

        def commit(value: float) -> None:
            new = value / scale if scale != 1 else value
            if round(getattr(self._document.plan.project, field) * scale, 6) != round(value, 6):
                self._set_fields(label, f"project:{field}", **{field: new})

        spin.valueChanged.connect(commit)
        self._showers.append(lambda p: spin.setValue(getattr(p, field) * scale))
        return spin

    def _ob_spin(self, field: str, part: str, accessible_name: str, maximum: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(self)
        spin.setRange(0, maximum)
        spin.setDecimals(0)
        spin.setSuffix(" %")
        spin.setKeyboardTracking(False)
        spin.setAccessibleName(accessible_name)
        label = self.tr("Change optimism bias")

        def commit(value: float) -> None:
            old: OptimismBias = getattr(self._document.plan.project, field)
            if round(getattr(old, part) * 100, 6) != round(value, 6):
                new = dataclasses.replace(old, **{part: value / 100})
                self._set_fields(label, f"project:{field}.{part}", **{field: new})

        spin.valueChanged.connect(commit)
        self._showers.append(lambda p: spin.setValue(getattr(getattr(p, field), part) * 100))
        return spin

    @staticmethod
    def _percent_shower(label: QLabel, field: str) -> Callable[[Project], None]:
        def show(project: Project) -> None:
            label.setText(format_percent(getattr(project, field).resultant))
        return show

    # --- showing and committing -----------------------------------------------------------------------

    def _set_fields(self, label: str, merge_key: str | None, **values: Any) -> None:
        project = self._document.plan.project
        if all(getattr(project, k) == v for k, v in values.items()):
            return
        self._document.push(SetProjectFields(tuple(values.items()), label), merge_key)

    def _show_project(self) -> None:
        project = self._document.plan.project
        blockers = [QSignalBlocker(w) for w in self.findChildren(QWidget)]
        try:
            for show in self._showers:
                show(project)
        finally:
            for blocker in blockers:
                blocker.unblock()

    def _show_calendar(self, project: Project) -> None:
        self.freezes_list.clear()
        for freeze in project.freezes:
            self.freezes_list.addItem(self.tr("{name}: {start} to {end}").format(
                name=freeze.name, start=format_date(freeze.start), end=format_date(freeze.end)))
        if not project.freezes:
            self.freezes_list.addItem(self.tr("No change freezes"))
        count = len(project.non_working_days)
        self.non_working_label.setText(
            self.tr("No extra non-working days besides bank holidays") if count == 0
            else self.tr("1 extra non-working day besides bank holidays") if count == 1
            else self.tr("{n} extra non-working days besides bank holidays").format(n=count))

    def _on_start_date_edit_date_changed(self, value: QDate) -> None:
        self._set_fields(self.tr("Change start date"), "project:start_date", start_date=from_qdate(value))

    def _on_document_plan_changed(self, changes: ChangeSet) -> None:
        if changes.touches("project"):
            self._show_project()
