"""The system properties panel: a scrollable form editing every field of the selected system.

Each valid change is one undoable ``Edit`` pushed through the ``Document`` with a label naming the system
("Change supplier of A13"); repeated changes of one field of one system merge into one step. Invalid text is
outlined in red with a message under it and is not pushed. The panel shows ``SystemSelection.current``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.engine.edits import EditError, set_item_fields
from app.engine.estate_edits import rename_system_edit
from app.engine.model import CLASSIFICATIONS, COMPONENT_KINDS, SYSTEM_ACTIONS, System
from app.ui.document import Document
from app.ui.selection import SystemSelection
from app.ui.widgets import system_parsers as parsers
from app.ui.widgets.property_fields import (
    CheckedLineEdit,
    CheckedTextEdit,
    OptionalDateField,
    Parser,
    form_group,
    lay_out_panel,
    panel_title,
)
from app.ui.widgets.replacement_list import ReplacementList

_BLANK = System("", "", "target", "platform")  # shown (disabled) when no system is selected


class SystemPropertiesPanel(QWidget):
    """Edits the current system of a ``SystemSelection``; disabled when nothing is selected.

    Args:
        document: the document whose plan is edited.
        selection: the shared selection; the panel shows its ``current`` system.
        parent: the owning widget.
    """

    def __init__(self, document: Document, selection: SystemSelection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._selection = selection
        self._system_id: str | None = None
        self._loading = False
        self._labels = self._undo_labels()
        self.title_label = panel_title(self, self.tr("System shown"))
        self.form_host = QWidget()
        self._build_form()
        self.scroll_area = lay_out_panel(self, self.title_label, self.form_host, top_margin=6)
        selection.selection_changed.connect(self._on_selection_selection_changed)
        self.show_system(selection.current)

    # --- building ------------------------------------------------------------------------------------

    def _undo_labels(self) -> dict[str, str]:
        return {
            "id": self.tr("Change ID of {id} to {new}"), "name": self.tr("Rename system {id}"),
            "estate": self.tr("Change estate of {id}"), "kind": self.tr("Change component of {id}"),
            "action": self.tr("Change action for {id}"), "vendor": self.tr("Change supplier of {id}"),
            "seats": self.tr("Change seats of {id}"), "annual_run_cost": self.tr("Change run cost of {id}"),
            "contract_end": self.tr("Change contract end of {id}"),
            "notice_days": self.tr("Change notice period of {id}"),
            "renewal_months": self.tr("Change renewal term of {id}"),
            "exit_fee": self.tr("Change exit fee of {id}"),
            "personal_data": self.tr("Change personal data of {id}"),
            "classification": self.tr("Change classification of {id}"),
            "replaced_by": self.tr("Set replacements of {id}"), "phase": self.tr("Change phase of {id}"),
            "number_ranges": self.tr("Change number ranges of {id}"),
            "notes": self.tr("Change notes of {id}"),
        }

    def _build_form(self) -> None:
        host = self.form_host
        own_id: Callable[[str], object] = lambda text: parsers.parse_system_id(  # noqa: E731
            text, self._system_id, self._document.plan.system_by_id)
        self.id_edit = self._line("id", self.tr("ID"), own_id)
        self.name_edit = self._line("name", self.tr("Name"), parsers.parse_name)
        estates: list[tuple[str, object]] = [(self.tr("Current estate"), "current"),
                                             (self.tr("Target estate"), "target")]
        self.estate_combo = self._combo("estate", self.tr("Estate"), estates)
        self.kind_combo = self._combo("kind", self.tr("Component"),
                                      [(label, key) for key, label in COMPONENT_KINDS])
        self.action_combo = self._combo("action", self.tr("Action"),
                                        [(a.replace("_", " ").capitalize(), a) for a in SYSTEM_ACTIONS])
        self.vendor_edit = self._line("vendor", self.tr("Supplier"), parsers.parse_text)
        self.seats_edit = self._line("seats", self.tr("Seats"), parsers.parse_whole, parsers.format_whole)
        self.run_cost_edit = self._line("annual_run_cost", self.tr("Annual run cost (£)"),
                                        parsers.parse_money, parsers.format_pounds)
        self.contract_end = OptionalDateField(self.tr("Has contract end"), host)
        self.contract_end.check_box.setAccessibleName(self.tr("Has contract end"))
        self.contract_end.date_edit.setAccessibleName(self.tr("Contract end date"))
        self.contract_end.committed.connect(partial(self._push_field, "contract_end"))
        self.notice_edit = self._line("notice_days", self.tr("Notice period (days)"),
                                      parsers.parse_optional_whole, parsers.format_whole)
        self.renewal_edit = self._line("renewal_months", self.tr("Renewal term (months)"),
                                       parsers.parse_optional_whole, parsers.format_whole)
        self.exit_fee_edit = self._line("exit_fee", self.tr("Exit fee (£)"), parsers.parse_money,
                                        parsers.format_pounds)
        self.personal_edit = self._line("personal_data", self.tr("Personal data held"), parsers.parse_text)
        self.personal_edit.setPlaceholderText(self.tr("None recorded"))
        self.classification_combo = self._combo("classification", self.tr("Classification"),
                                                [(c, c) for c in CLASSIFICATIONS])
        self.replacements = ReplacementList(host)
        self.replacements.setAccessibleName(self.tr("Replaced by"))
        self.replacements.setToolTip(self.tr("Check the systems that replace this one"))
        self.replacements.setMinimumHeight(self.fontMetrics().lineSpacing() * 12)
        self.replacements.committed.connect(partial(self._push_field, "replaced_by"))
        self.phase_combo = self._combo("phase", self.tr("Phase"), [])
        self.ranges_edit = self._text("number_ranges", self.tr("Number ranges"), parsers.parse_number_ranges,
                                      parsers.format_lines, self.tr("One number range per line"), 4)
        self.notes_edit = self._text("notes", self.tr("Notes"), parsers.parse_notes, str, "", 7)

        layout = QVBoxLayout(host)
        layout.setContentsMargins(0, 0, 6, 6)
        layout.addWidget(self._group(self.tr("System"), [
            (self.tr("&ID:"), self.id_edit), (self.tr("&Name:"), self.name_edit),
            (self.tr("Estate:"), self.estate_combo), (self.tr("Component:"), self.kind_combo),
            (self.tr("Action:"), self.action_combo), (self.tr("Supplier:"), self.vendor_edit)]))
        layout.addWidget(self._group(self.tr("Contract and costs"), [
            (self.tr("Seats:"), self.seats_edit), (self.tr("Run cost/yr (£):"), self.run_cost_edit),
            (self.tr("Contract end:"), self.contract_end), (self.tr("Notice (days):"), self.notice_edit),
            (self.tr("Renewal (months):"), self.renewal_edit),
            (self.tr("Exit fee (£):"), self.exit_fee_edit)]))
        layout.addWidget(self._group(self.tr("Data protection"), [
            (self.tr("Personal data:"), self.personal_edit),
            (self.tr("Classification:"), self.classification_combo)]))
        layout.addWidget(self._group(self.tr("Migration"), [
            (self.tr("Replaced by:"), self.replacements), (self.tr("Phase:"), self.phase_combo),
            (self.tr("Number ranges:"), self.ranges_edit), (self.tr("Notes:"), self.notes_edit)]))
        layout.addStretch(1)
        labels = [label for label in host.findChildren(QLabel) if label.buddy() is not None]
        widest = max(label.sizeHint().width() for label in labels)
        for label in labels:  # one label column across the groups
            label.setMinimumWidth(widest)

    def _line(self, field: str, name: str, parse: Parser,
              fmt: Callable[[object], str] = str) -> CheckedLineEdit:
        edit = CheckedLineEdit(parse, fmt, self.form_host)
        edit.setAccessibleName(name)
        edit.error.setAccessibleName(self.tr("{field} problem").format(field=name))
        edit.committed.connect(partial(self._on_field_committed, field))
        edit.reverted.connect(self.refresh)
        return edit

    def _text(self, field: str, name: str, parse: Parser, fmt: Callable[[object], str],
              tip: str, lines: int) -> CheckedTextEdit:
        edit = CheckedTextEdit(parse, fmt, self.form_host)
        edit.setAccessibleName(name)
        edit.setPlaceholderText(tip)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 12)
        edit.error.setAccessibleName(self.tr("{field} problem").format(field=name))
        edit.committed.connect(partial(self._push_field, field))
        return edit

    def _combo(self, field: str, name: str, choices: list[tuple[str, object]]) -> QComboBox:
        combo = QComboBox(self.form_host)
        combo.setAccessibleName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        for text, value in choices:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(partial(self._on_combo_current_index_changed, field, combo))
        return combo

    def _group(self, title: str, rows: list[tuple[str, QWidget]]) -> QGroupBox:
        return form_group(title, self.form_host, rows)

    # --- showing -------------------------------------------------------------------------------------

    @property
    def system_id(self) -> str | None:
        """The id of the system shown, or ``None``."""
        return self._system_id

    def system(self) -> System | None:
        """The system shown, or ``None`` when there is none (or it no longer exists)."""
        return self._document.plan.system_by_id.get(self._system_id) if self._system_id else None

    def show_system(self, system_id: str | None) -> None:
        """Show ``system_id`` (committing what was typed for the system shown before)."""
        force = system_id != self._system_id
        if force:
            self.commit_pending()
        self._system_id = system_id
        self._load(force)

    def refresh(self) -> None:
        """Reload the values from the plan, leaving alone a field the user is typing in."""
        self._load(False)

    def commit_pending(self) -> None:
        """Push what the user typed but did not yet confirm (when the panel switches system)."""
        for editor in self._text_editors():
            editor.commit()

    def _text_editors(self) -> tuple[CheckedLineEdit | CheckedTextEdit, ...]:
        return (self.id_edit, self.name_edit, self.vendor_edit, self.seats_edit, self.run_cost_edit,
                self.notice_edit, self.renewal_edit, self.exit_fee_edit, self.personal_edit, self.ranges_edit,
                self.notes_edit)

    def _load(self, force: bool) -> None:
        plan = self._document.plan
        system = self.system()
        self.form_host.setEnabled(system is not None)
        shown = system if system is not None else _BLANK
        if system is None:
            self.title_label.setText(self.tr("No system selected"))
        else:
            estate = self.tr("current estate") if system.estate == "current" else self.tr("target estate")
            self.title_label.setText(self.tr("{id}  {name} ({estate})").format(
                id=system.id, name=system.name, estate=estate))
        self._loading = True
        fields: dict[CheckedLineEdit | CheckedTextEdit, str] = {
            self.id_edit: "id", self.name_edit: "name", self.vendor_edit: "vendor", self.seats_edit: "seats",
            self.run_cost_edit: "annual_run_cost", self.notice_edit: "notice_days",
            self.renewal_edit: "renewal_months", self.exit_fee_edit: "exit_fee",
            self.personal_edit: "personal_data", self.ranges_edit: "number_ranges", self.notes_edit: "notes"}
        for editor, field in fields.items():
            editor.show_value(getattr(shown, field), force or system is None)
        self._fill_phases()
        choices: tuple[tuple[QComboBox, object], ...] = (
            (self.estate_combo, shown.estate), (self.kind_combo, shown.kind),
            (self.action_combo, shown.action),
            (self.classification_combo, shown.classification), (self.phase_combo, shown.phase))
        for combo, value in choices:
            index = combo.findData(value)
            if index < 0:  # a value the app does not offer (free text in the file): show it as it is
                combo.addItem(str(value), value)
                index = combo.count() - 1
            combo.setCurrentIndex(index)
        self.contract_end.show_value(shown.contract_end)
        self.replacements.show_system(plan, system)
        self._loading = False

    def _fill_phases(self) -> None:
        wanted = [(self.tr("No phase"), None)] + [(p.name or p.id, p.id) for p in self._document.plan.phases]
        combo = self.phase_combo
        have = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
        if have != wanted:
            self.phase_combo.clear()
            for text, value in wanted:
                self.phase_combo.addItem(text, value)

    # --- pushing edits -------------------------------------------------------------------------------

    def _push_field(self, field: str, value: object) -> None:
        system = self.system()
        if system is None or self._loading or getattr(system, field) == value:
            return
        label = self._labels[field].format(id=system.id)
        try:
            edit = set_item_fields(self._document.plan, "systems", system.id, label, **{field: value})
            self._document.push(edit, merge_key=f"system:{system.id}:{field}")
        except EditError:  # the plan changed under the panel; the refresh shows what is there
            self.refresh()

    def _rename(self, new_id: str) -> None:
        system = self.system()
        if system is None or new_id == system.id:
            return
        label = self._labels["id"].format(id=system.id, new=new_id)
        try:
            self._document.push(rename_system_edit(self._document.plan, system.id, new_id, label))
        except EditError:
            self.refresh()
            return
        if self._system_id == system.id:  # nobody moved the selection to the new id: do it here
            self._system_id = new_id
            self._selection.set_selected(new_id if i == system.id else i for i in self._selection.ids)
            self._load(True)

    def _on_field_committed(self, field: str, value: object) -> None:
        if field == "id":
            self._rename(str(value))
        else:
            self._push_field(field, value)

    def _on_combo_current_index_changed(self, field: str, combo: QComboBox, _index: int) -> None:
        if not self._loading:
            self._push_field(field, combo.currentData())

    def _on_selection_selection_changed(self, _ids: tuple[str, ...]) -> None:
        self.show_system(self._selection.current)
