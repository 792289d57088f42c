"""The plan-wave dialog: putting systems into a wave creates their standard task chain.

Choose a wave (or name a new one), a template (built-in or the project's own, by category), the systems
that move in the wave (by default those whose phase is the wave), optionally the tasks the chain follows
(e.g. the pilot) and a start-no-earlier-than date. The preview shows the tasks and links it would add with
each link's reason; OK pushes ``apply_template`` (and the new wave, if any) as one undoable step.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.engine.edits import CompoundEdit, Edit, EditError, InsertItem
from app.engine.estate_edits import free_id
from app.engine.model import Phase, Plan, System
from app.engine.templates import BUILT_IN_TEMPLATES, apply_template
from app.ui.document import Document
from app.ui.widgets.property_fields import FieldError, OptionalDateField
from app.ui.widgets.template_preview import TemplateCombo, TemplatePreview

ID_ROLE = Qt.ItemDataRole.UserRole
_NEW_WAVE = "\x00new-wave"  # the wave combo's "New wave…" entry
_WAVE_ID = re.compile(r"W\d+")
_AFTER_KINDS = frozenset({"pilot"})  # a cutover chain follows the programme's pilot by default


class PlanWaveDialog(QDialog):
    """Adds a template's task chain for a wave's systems as one undoable step.

    Args:
        document: the open document; OK pushes one edit onto its undo stack.
        parent: the owning widget.
        phase: the wave to start with (its systems checked); the first wave-like phase when omitted.
    """

    def __init__(self, document: Document, parent: QWidget | None = None,
                 phase: str | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._edit: Edit | None = None
        self.setWindowTitle(self.tr("Plan a wave"))
        self.setAccessibleName(self.tr("Plan a wave"))
        self.setMinimumSize(900, 560)
        self.resize(1240, 760)
        self.intro_label = QLabel(self.tr(
            "Putting a system into a wave creates its standard task chain: choose the wave, a template and "
            "the systems that move. The chain's first tasks follow the tasks you tick under \"After\"."),
            self)
        self.intro_label.setWordWrap(True)
        self.intro_label.setAccessibleName(self.tr("About planning a wave"))
        self._build_choices()
        self.preview = TemplatePreview(self)
        self.preview.setAccessibleName(self.tr("Tasks the template adds"))
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.summary_label.setAccessibleName(self.tr("What OK will do"))
        self.problem_label = FieldError(self)
        self.problem_label.setAccessibleName(self.tr("Why the wave cannot be planned"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Add Tasks"))
        self.ok_button.setAccessibleName(self.tr("Add tasks"))
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self._lay_out()
        self._fill(phase)
        self.wave_combo.currentIndexChanged.connect(self._on_wave_combo_current_index_changed)
        self.new_wave_edit.textChanged.connect(self._on_choice_changed)
        self.template_combo.currentIndexChanged.connect(self._on_template_combo_current_index_changed)
        self.system_list.itemChanged.connect(self._on_choice_changed)
        self.after_list.itemChanged.connect(self._on_choice_changed)
        self.after_filter.textChanged.connect(self._on_after_filter_text_changed)
        self.start_field.committed.connect(self._on_choice_changed)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self._update_preview()

    # --- building ------------------------------------------------------------------------------------

    def _build_choices(self) -> None:
        self.wave_combo = QComboBox(self)
        self.wave_combo.setAccessibleName(self.tr("Wave"))
        self.wave_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.wave_combo.setMinimumContentsLength(24)
        self.new_wave_edit = QLineEdit(self)
        self.new_wave_edit.setAccessibleName(self.tr("New wave name"))
        self.new_wave_edit.setPlaceholderText(self.tr("e.g. W5 Housing repairs"))
        self.template_combo = TemplateCombo(self)
        self.template_combo.setAccessibleName(self.tr("Template"))
        self.description_label = QLabel(self)
        self.description_label.setWordWrap(True)
        self.description_label.setAccessibleName(self.tr("Template description"))
        self.description_label.setStyleSheet("color: palette(placeholder-text);")
        self.start_field = OptionalDateField(self.tr("Start no earlier than"), self)
        self.start_field.check_box.setAccessibleName(self.tr("Has start-no-earlier-than"))
        self.start_field.date_edit.setAccessibleName(self.tr("Start no earlier than"))
        self.system_list = QListWidget(self)
        self.system_list.setAccessibleName(self.tr("Systems in the wave"))
        self.after_filter = QLineEdit(self)
        self.after_filter.setAccessibleName(self.tr("Filter tasks to follow"))
        self.after_filter.setPlaceholderText(self.tr("Filter tasks…"))
        self.after_filter.setClearButtonEnabled(True)
        self.after_list = QListWidget(self)
        self.after_list.setAccessibleName(self.tr("Tasks the chain follows"))

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows = ((self.tr("&Wave:"), self.wave_combo), (self.tr("New wave &name:"), self.new_wave_edit),
                (self.tr("&Template:"), self.template_combo))
        for text, widget in rows:
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        form.addRow("", self.description_label)
        self.new_wave_label = form.labelForField(self.new_wave_edit)
        systems = QGroupBox(self.tr("&Systems that move in this wave"), self)
        QVBoxLayout(systems).addWidget(self.system_list)
        after = QGroupBox(self.tr("After (optional)"), self)
        after_layout = QVBoxLayout(after)
        after_layout.addWidget(self.after_filter)
        after_layout.addWidget(self.after_list, 1)
        after_layout.addWidget(self.start_field)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(form)
        left_layout.addWidget(systems, 3)
        left_layout.addWidget(after, 2)
        right = QGroupBox(self.tr("&Preview"), self)
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.preview, 1)
        right_layout.addWidget(self.summary_label)
        right_layout.addWidget(self.problem_label)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([470, 770])
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

    def _fill(self, phase: str | None) -> None:
        plan = self._document.plan
        for wave in plan.phases:
            self.wave_combo.addItem(wave.name or wave.id, wave.id)
        self.wave_combo.addItem(self.tr("New wave…"), _NEW_WAVE)
        waves = [p.id for p in plan.phases if _WAVE_ID.fullmatch(p.id)]
        start = phase if phase in plan.phase_by_id else (waves[0] if waves else None)
        index = self.wave_combo.findData(start) if start is not None else self.wave_combo.count() - 1
        self.wave_combo.setCurrentIndex(max(0, index))
        self.template_combo.set_templates(BUILT_IN_TEMPLATES, plan.templates)
        self.template_combo.select_first()
        for task in plan.tasks:
            item = QListWidgetItem(f"{task.id}  {task.name}", self.after_list)
            item.setData(ID_ROLE, task.id)
            item.setToolTip(task.name)
        self._fill_systems()
        self._check_default_after()

    def _fill_systems(self) -> None:
        """List every system, the wave's own first and ticked, then the target estate, then the rest."""
        wave = self.wave_id()
        self.system_list.blockSignals(True)
        self.system_list.clear()
        estates = {"current": self.tr("current"), "target": self.tr("target")}

        def order(system: System) -> tuple[bool, bool]:
            return system.phase != wave or wave is None, system.estate != "target"

        for system in sorted(self._document.plan.systems, key=order):
            where = estates.get(system.estate, system.estate)
            text = f"{system.id}  {system.name}  ({where}{', ' + system.phase if system.phase else ''})"
            item = QListWidgetItem(text, self.system_list)
            item.setData(ID_ROLE, system.id)
            item.setToolTip(system.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = wave is not None and system.phase == wave
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.system_list.blockSignals(False)

    def _check_default_after(self) -> None:
        template = self.template_combo.template()
        follow = template is not None and template.category == "cutover"
        wave = self.wave_id()
        plan = self._document.plan
        first: QListWidgetItem | None = None
        self.after_list.blockSignals(True)
        for row in range(self.after_list.count()):
            item = self.after_list.item(row)
            task = plan.task_by_id.get(str(item.data(ID_ROLE)))
            ticked = follow and task is not None and task.kind in _AFTER_KINDS and task.phase != wave
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            if ticked and first is None:
                first = item
        self.after_list.blockSignals(False)
        if first is not None:
            self.after_list.scrollToItem(first, QAbstractItemView.ScrollHint.PositionAtCenter)

    # --- choices -------------------------------------------------------------------------------------

    def wave_id(self) -> str | None:
        """The id of the wave chosen (``None`` while "New wave…" is chosen)."""
        value = self.wave_combo.currentData()
        return None if value == _NEW_WAVE else str(value) if value is not None else None

    def set_systems(self, ids: list[str] | tuple[str, ...]) -> None:
        """Tick exactly the systems ``ids``."""
        wanted = set(ids)
        for row in range(self.system_list.count()):
            item = self.system_list.item(row)
            ticked = item.data(ID_ROLE) in wanted
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def set_after(self, ids: list[str] | tuple[str, ...]) -> None:
        """Tick exactly the tasks ``ids`` as the ones the chain follows."""
        wanted = set(ids)
        for row in range(self.after_list.count()):
            item = self.after_list.item(row)
            ticked = item.data(ID_ROLE) in wanted
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    @staticmethod
    def _checked(widget: QListWidget) -> tuple[str, ...]:
        return tuple(str(widget.item(row).data(ID_ROLE)) for row in range(widget.count())
                     if widget.item(row).checkState() == Qt.CheckState.Checked)

    def selected_systems(self) -> tuple[str, ...]:
        """The ids of the ticked systems."""
        return self._checked(self.system_list)

    def selected_after(self) -> tuple[str, ...]:
        """The ids of the ticked tasks the chain follows."""
        return self._checked(self.after_list)

    def edit(self) -> Edit | None:
        """The edit OK pushes for the choices made, or ``None`` when they do not make one."""
        return self._edit

    def _build_edit(self) -> tuple[Edit, Plan, str]:
        """Return the edit for the current choices, the plan it gives and the wave's name.

        Raises:
            EditError: the choices do not make an edit (the message says why).
        """
        plan = self._document.plan
        template = self.template_combo.template()
        if template is None:
            raise EditError(self.tr("Choose a template."))
        steps: list[Edit] = []
        wave = self.wave_id()
        if wave is None:
            name = self.new_wave_edit.text().strip()
            if not name:
                raise EditError(self.tr("Name the new wave."))
            like = next((p.id for p in reversed(plan.phases) if _WAVE_ID.fullmatch(p.id)), None)
            wave = free_id(plan.phase_by_id, like, "W")
            last = max((k for k, p in enumerate(plan.phases) if _WAVE_ID.fullmatch(p.id)), default=None)
            steps.append(InsertItem("phases", Phase(wave, name), None if last is None else last + 1))
            base = steps[0].apply(plan).plan
        else:
            base = plan
        wave_name = base.phase_by_id[wave].name or wave
        start: date | None = self.start_field.value()
        steps.append(apply_template(base, template, phase=wave, systems=self.selected_systems(),
                                    after=self.selected_after(), start_no_earlier_than=start))
        label = self.tr("Plan {wave} with {template}").format(wave=wave, template=template.name)
        edit = CompoundEdit(tuple(steps), label)
        return edit, edit.apply(plan).plan, wave_name

    def _update_preview(self) -> None:
        template = self.template_combo.template()
        self.description_label.setText(template.description if template is not None else "")
        new_wave = self.wave_id() is None
        self.new_wave_edit.setVisible(new_wave)
        if self.new_wave_label is not None:
            self.new_wave_label.setVisible(new_wave)
        plan = self._document.plan
        try:
            edit, result, wave_name = self._build_edit()
        except EditError as error:
            self._edit = None
            self.preview.show_steps(template)
            self.summary_label.clear()
            self.problem_label.setText(str(error))
            self.problem_label.setVisible(True)
            self.ok_button.setEnabled(False)
            return
        self._edit = edit
        old = plan.task_by_id
        added = [t for t in result.tasks if t.id not in old]
        self.preview.show_tasks(added, {t.id: t.name for t in plan.tasks})
        systems = len(self.selected_systems())
        text = self.tr("OK adds {count} tasks to {wave}").format(count=len(added), wave=wave_name)
        text += self.tr(" for {systems} systems.").format(systems=systems) if systems else self.tr(
            ", with no systems ticked: the tasks name no system.")
        self.summary_label.setText(text + " " + self.tr("You can undo it in one step."))
        self.problem_label.setVisible(False)
        self.ok_button.setEnabled(True)

    # --- slots ---------------------------------------------------------------------------------------

    def _on_wave_combo_current_index_changed(self, _index: int) -> None:
        self._fill_systems()
        self._check_default_after()
        self._update_preview()
        if self.wave_id() is None:
            self.new_wave_edit.setFocus()

    def _on_template_combo_current_index_changed(self, _index: int) -> None:
        self._check_default_after()
        self._update_preview()

    def _on_choice_changed(self, *_args: object) -> None:
        self._update_preview()

    def _on_after_filter_text_changed(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in range(self.after_list.count()):
            item = self.after_list.item(row)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def _on_buttons_accepted(self) -> None:
        if self._edit is None:
            return
        try:
            self._document.push(self._edit)
        except EditError as error:  # the plan changed since the preview
            self.problem_label.setText(str(error))
            self.problem_label.setVisible(True)
            return
        self.accept()


def plan_wave_interactively(parent: QWidget | None, document: Document, phase: str | None = None) -> bool:
    """Show the plan-wave dialog; True when the user added tasks (one undoable step)."""
    dialog = PlanWaveDialog(document, parent, phase)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
