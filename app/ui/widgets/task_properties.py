"""The task editor: a scrollable form editing the current task of a ``TaskSelection``.

Name, phase, kind, estimates, start-no-earlier-than, deadline, notes and predecessor links; each valid
change is one undoable edit labelled with the task ("Change duration of T07", "Set deadline of N01"), and
typing in a spin box or a date merges into one step. The schedule facts (start, finish, float, problems)
are shown read-only. Refreshes from ``plan_changed`` never overwrite a field the user is typing in.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.engine.edits import ChangeSet, EditError, set_item_fields
from app.engine.model import TASK_KINDS, Task
from app.ui.document import Document
from app.ui.models.task_table import kind_label
from app.ui.selection import TaskSelection
from app.ui.widgets.dependency_editor import DependencyEditor
from app.ui.widgets.property_fields import (
    CheckedLineEdit,
    CheckedTextEdit,
    OptionalDateField,
    form_group,
    lay_out_panel,
    panel_title,
)
from app.ui.widgets.task_estimates import EstimateFields
from app.ui.widgets.task_schedule_info import TaskScheduleInfo


def _parse_name(text: str) -> str:
    name = text.strip()
    if not name:
        raise ValueError("A task needs a name.")
    return name


class TaskPropertiesPanel(QWidget):
    """Edits the current task of a ``TaskSelection``; disabled when no task is selected.

    Args:
        document: the document whose plan is edited.
        selection: the shared task selection; the panel shows its ``current`` task.
        parent: the owning widget.
    """

    def __init__(self, document: Document, selection: TaskSelection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._selection = selection
        self._task_id: str | None = None
        self._loading = False
        self._visit = 0  # changes with the task shown: date typing merges only within one visit
        self._labels = self._undo_labels()
        self.title_label = panel_title(self, self.tr("Task shown"))
        self.form_host = QWidget()
        self._build_form()
        self.scroll_area = lay_out_panel(self, self.title_label, self.form_host)
        selection.selection_changed.connect(self._on_selection_selection_changed)
        document.plan_changed.connect(self._on_document_plan_changed)
        self.show_task(selection.current)

    # --- building ------------------------------------------------------------------------------------

    def _undo_labels(self) -> dict[str, str]:
        return {
            "name": self.tr("Rename task {id}"), "phase": self.tr("Change phase of {id}"),
            "kind": self.tr("Change kind of {id}"), "notes": self.tr("Change notes of {id}"),
            "duration": self.tr("Change duration of {id}"),
            "optimistic": self.tr("Change optimistic estimate of {id}"),
            "pessimistic": self.tr("Change pessimistic estimate of {id}"),
            "estimates": self.tr("Change estimates of {id}"),
            "start_no_earlier_than": self.tr("Set start-no-earlier-than of {id}"),
            "start_no_earlier_than:clear": self.tr("Clear start-no-earlier-than of {id}"),
            "deadline": self.tr("Set deadline of {id}"), "deadline:clear": self.tr("Clear deadline of {id}"),
        }

    def _build_form(self) -> None:
        host = self.form_host
        self.name_edit = CheckedLineEdit(_parse_name, str, host)
        self.name_edit.setAccessibleName(self.tr("Task name"))
        self.name_edit.error.setAccessibleName(self.tr("Task name problem"))
        self.name_edit.committed.connect(partial(self._push_field, "name"))
        self.name_edit.reverted.connect(self.refresh)
        self.phase_combo = QComboBox(host)
        self.phase_combo.setAccessibleName(self.tr("Phase"))
        self.phase_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.phase_combo.setMinimumContentsLength(16)
        self.phase_combo.currentIndexChanged.connect(self._on_phase_combo_current_index_changed)
        self.kind_combo = QComboBox(host)
        self.kind_combo.setEditable(True)
        self.kind_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.kind_combo.setAccessibleName(self.tr("Task kind"))
        self.kind_combo.setToolTip(
            self.tr("Choose a kind or type your own; cutover tasks are held by freezes"))
        for kind in TASK_KINDS:
            self.kind_combo.addItem(kind_label(kind), kind)
        kind_line = self.kind_combo.lineEdit()
        assert kind_line is not None  # the combo is editable
        self.kind_line: QLineEdit = kind_line
        self.kind_combo.activated.connect(self._on_kind_combo_activated)
        self.kind_line.editingFinished.connect(self._on_kind_line_editing_finished)
        self.notes_edit = CheckedTextEdit(str.strip, str, host)
        self.notes_edit.setAccessibleName(self.tr("Task notes"))
        self.notes_edit.setFixedHeight(self.notes_edit.fontMetrics().lineSpacing() * 4 + 12)
        self.notes_edit.committed.connect(partial(self._push_field, "notes"))
        self.estimates = EstimateFields(host)
        self.estimates.committed.connect(self._on_estimates_committed)
        self.start_field = self._date_field("start_no_earlier_than", self.tr("Has start-no-earlier-than"),
                                            self.tr("Start no earlier than"))
        self.start_field.setToolTip(self.tr("The task starts on or after this date"))
        self.deadline_field = self._date_field("deadline", self.tr("Has deadline"),
                                               self.tr("Deadline (finish no later than)"))
        self.deadline_field.setToolTip(
            self.tr("Finish no later than: a missed deadline shows as negative float"))
        self.schedule_info = TaskScheduleInfo(host)
        self.dependencies = DependencyEditor(self._document, host)

        layout = QVBoxLayout(host)
        layout.setContentsMargins(0, 0, 6, 6)
        layout.addWidget(self._group(self.tr("Task"), [
            (self.tr("&Name:"), self.name_edit), (self.tr("P&hase:"), self.phase_combo),
            (self.tr("&Kind:"), self.kind_combo)]))
        layout.addWidget(self._group(self.tr("Estimates"), [], self.estimates))
        layout.addWidget(self._group(self.tr("Constraints"), [
            (self.tr("Start &no earlier than:"), self.start_field),
            (self.tr("Dead&line:"), self.deadline_field)]))
        layout.addWidget(self._group(self.tr("Schedule"), [], self.schedule_info))
        layout.addWidget(self._group(self.tr("Predecessors"), [], self.dependencies))
        layout.addWidget(self._group(self.tr("Notes"), [(self.tr("No&tes:"), self.notes_edit)]))
        layout.addStretch(1)
        labels = [label for label in host.findChildren(QLabel) if label.buddy() is not None]
        labels += self.schedule_info.labels()
        widest = max(label.sizeHint().width() for label in labels)
        for label in labels:  # one label column across the groups
            label.setMinimumWidth(widest)

    def _date_field(self, field: str, check_text: str, name: str) -> OptionalDateField:
        editor = OptionalDateField(self.tr("Set"), self.form_host)
        editor.check_box.setAccessibleName(check_text)
        editor.date_edit.setAccessibleName(name)
        editor.committed.connect(partial(self._on_date_committed, field))
        return editor

    def _group(self, title: str, rows: list[tuple[str, QWidget]], whole: QWidget | None = None) -> QGroupBox:
        """A titled form of labelled rows, or of one ``whole`` widget that lays out its own labels."""
        return form_group(title, self.form_host, rows, whole)

    # --- showing -------------------------------------------------------------------------------------

    @property
    def task_id(self) -> str | None:
        """The id of the task shown, or ``None``."""
        return self._task_id

    def task(self) -> Task | None:
        """The task shown, or ``None`` when there is none (or it no longer exists)."""
        return self._document.plan.task_by_id.get(self._task_id) if self._task_id else None

    def show_task(self, task_id: str | None) -> None:
        """Show ``task_id`` (committing what was typed for the task shown before)."""
        force = task_id != self._task_id
        if force:
            self.commit_pending()
            self._visit += 1
        self._task_id = task_id
        self._load(force)

    def refresh(self) -> None:
        """Reload the values from the plan, leaving alone a field the user is typing in."""
        self._load(False)

    def commit_pending(self) -> None:
        """Push what the user typed but did not yet confirm (when the panel switches task)."""
        self.name_edit.commit()
        self.notes_edit.commit()

    def _load(self, force: bool) -> None:
        document = self._document
        task = self.task()
        self.form_host.setEnabled(task is not None)
        if task is None:
            self.title_label.setText(self.tr("No task selected"))
        else:
            self.title_label.setText(self.tr("{id}  {name}").format(id=task.id, name=task.name))
        self._loading = True
        self.name_edit.show_value(task.name if task else "", force or task is None)
        self.notes_edit.show_value(task.notes if task else "", force or task is None)
        self._fill_phases()
        phase = task.phase if task else None
        index = self.phase_combo.findData(phase)
        if index < 0:  # a phase that does not exist: show its id as it is
            self.phase_combo.addItem(str(phase), phase)
            index = self.phase_combo.count() - 1
        self.phase_combo.setCurrentIndex(index)
        self._show_kind(task.kind if task else "", force)
        self.estimates.show_task(task, force)
        self.start_field.show_value(task.start_no_earlier_than if task else None)
        self.deadline_field.show_value(task.deadline if task else None)
        self._loading = False
        self.schedule_info.show_task(task, document.plan, document.schedule, document.validation)
        self.dependencies.show_task(self._task_id if task else None, force)

    def _show_kind(self, kind: str, force: bool) -> None:
        line = self.kind_line
        if line.isModified() and line.hasFocus() and not force:
            return
        index = self.kind_combo.findData(kind)
        if index >= 0:
            self.kind_combo.setCurrentIndex(index)
        else:
            self.kind_combo.setCurrentIndex(-1)
            self.kind_combo.setEditText(kind)
        line.setModified(False)

    def _fill_phases(self) -> None:
        wanted = [(self.tr("No phase"), None)] + [(p.name or p.id, p.id) for p in self._document.plan.phases]
        combo = self.phase_combo
        have = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
        if have != wanted:
            combo.clear()
            for text, value in wanted:
                combo.addItem(text, value)

    # --- pushing edits -------------------------------------------------------------------------------

    def _push(self, values: dict[str, object], label: str, merge_key: str | None = None) -> None:
        task = self.task()
        if task is None or self._loading or all(getattr(task, k) == v for k, v in values.items()):
            return
        try:
            edit = set_item_fields(self._document.plan, "tasks", task.id, label.format(id=task.id), **values)
            self._document.push(edit, merge_key=merge_key)
        except EditError:  # the plan changed under the panel; the refresh shows what is there
            self.refresh()

    def _push_field(self, field: str, value: object) -> None:
        self._push({field: value}, self._labels[field])

    def _on_estimates_committed(self, values: dict[str, object]) -> None:
        fields = sorted(values)
        label = self._labels[fields[0]] if len(fields) == 1 else self._labels["estimates"]
        key = f"task:{self._task_id}:{'+'.join(fields)}:{self.estimates.session}:{self._visit}"
        self._push(values, label, key)

    def _on_date_committed(self, field: str, value: date | None) -> None:
        label = self._labels[field if value is not None else f"{field}:clear"]
        self._push({field: value}, label, f"task:{self._task_id}:{field}:{self._visit}")

    def _on_phase_combo_current_index_changed(self, _index: int) -> None:
        if not self._loading:
            self._push_field("phase", self.phase_combo.currentData())

    def _on_kind_combo_activated(self, index: int) -> None:
        if not self._loading and index >= 0:
            self._push_field("kind", self.kind_combo.itemData(index))
            self.kind_line.setModified(False)

    def _on_kind_line_editing_finished(self) -> None:
        line = self.kind_line
        if self._loading or not line.isModified():
            return
        line.setModified(False)
        text = line.text().strip()
        if not text:
            self.refresh()
            return
        index = self.kind_combo.findText(text)
        self._push_field("kind", self.kind_combo.itemData(index) if index >= 0 else text)

    def _on_selection_selection_changed(self, _ids: tuple[str, ...]) -> None:
        self.show_task(self._selection.current)

    def _on_document_plan_changed(self, _changes: ChangeSet) -> None:
        if self._task_id is not None and self.task() is None:
            self._task_id = None
            self._load(True)
        else:
            self.refresh()
