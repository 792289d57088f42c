"""The cost line editor: a form editing every field of the current cost line, one undoable edit per change.

Money and percentages are checked as you type: a negative amount (or a VAT share outside 0-100%) gets a red
outline and a message and nothing is pushed. Each edit is labelled with the line ("Change unit cost of
C12"); date typing merges into one step. Refreshes never overwrite a field the user is typing in.
"""

from __future__ import annotations

import math
from datetime import date
from functools import partial

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.engine.edits import ChangeSet, EditError, set_item_fields
from app.engine.model import COST_CATEGORIES, OB_CATEGORIES, TREATMENTS, CostLine
from app.ui.document import Document
from app.ui.formatting import format_money
from app.ui.models.cost_models import kind_label, option_label, parse_field
from app.ui.widgets.cost_anchor_field import CostTimingField, anchor_mode, anchor_of
from app.ui.widgets.cost_ramp_editor import CostRampEditor
from app.ui.widgets.keyboard_access import form_scroll_area
from app.ui.widgets.property_fields import CheckedLineEdit, CheckedTextEdit, form_group


def _tr(text: str) -> str:
    return QCoreApplication.translate("CostLineEditor", text)


def parse_money(text: str) -> float:
    """A non-negative, finite amount of pounds from text such as ``£1,250.50``; raises ``ValueError``."""
    cleaned = text.strip().replace("£", "").replace(",", "")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(_tr("Enter an amount in pounds, e.g. 1250 or £1,250.50.")) from None
    if not math.isfinite(value):  # "nan", "inf", "1e400": no file can hold them
        raise ValueError(_tr("Enter an amount in pounds, e.g. 1250 or £1,250.50."))
    if value < 0:
        raise ValueError(_tr("An amount cannot be negative."))
    return value + 0.0  # "-0" is nothing, not minus nothing


def parse_optional_money(text: str) -> float | None:
    """Like ``parse_money``; blank means no estimate."""
    return None if not text.strip() else parse_money(text)


def parse_quantity(text: str) -> float:
    """A non-negative, finite quantity; raises ``ValueError`` with the message to show."""
    value: float = parse_field("quantity", text.replace(",", "").strip())
    return value


def parse_vat_percent(text: str) -> float:
    """An irrecoverable VAT share typed as a percentage (``25`` or ``25%``) -> a fraction 0..1."""
    try:
        value = float(text.replace("%", "").strip() or "0")
    except ValueError:
        raise ValueError(_tr("Enter a percentage from 0 to 100.")) from None
    if not 0.0 <= value <= 100.0:
        raise ValueError(_tr("The irrecoverable share must be from 0% to 100%."))
    return value / 100.0


def _money_text(value: object) -> str:
    return "" if value is None else f"{float(value):,.2f}"  # type: ignore[arg-type]


class CostLineEditor(QWidget):
    """Edits one cost line of the document (``show_line``); disabled when there is none.

    Args:
        document: the document whose plan is edited.
        parent: the owning widget.
    """

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._line_id: str | None = None
        self._loading = False
        self._visit = 0
        self.title_label = QLabel(self)
        self.title_label.setAccessibleName(self.tr("Cost line shown"))
        self.title_label.setWordWrap(True)
        font = QFont(self.title_label.font())
        font.setBold(True)
        self.title_label.setFont(font)
        self.form_host = QWidget()
        self._build()
        scroll = form_scroll_area(QScrollArea(self), self.tr("Cost line properties"))
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form_host)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addWidget(scroll, 1)
        document.plan_changed.connect(self._on_document_plan_changed)
        self.show_line(None)

    # --- building ------------------------------------------------------------------------------------

    def _combo(self, name: str, items: list[tuple[str, object]], field: str) -> QComboBox:
        combo = QComboBox(self.form_host)
        combo.setAccessibleName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        for text, value in items:
            combo.addItem(text, value)
        combo.activated.connect(partial(self._on_combo_activated, combo, field))
        return combo

    def _text(self, parse: object, fmt: object, name: str, field: str) -> CheckedLineEdit:
        edit = CheckedLineEdit(parse, fmt, self.form_host)  # type: ignore[arg-type]
        edit.setAccessibleName(name)
        edit.error.setAccessibleName(self.tr("{name} problem").format(name=name))
        edit.committed.connect(partial(self._push_field, field))
        edit.reverted.connect(self.refresh)
        return edit

    def _build(self) -> None:
        self.name_edit = self._text(partial(parse_field, "name"), str, self.tr("Cost line name"), "name")
        self.category_combo = self._combo(self.tr("Category"), [(c, c) for c in COST_CATEGORIES], "category")
        self.kind_combo = self._combo(
            self.tr("Kind"), [(kind_label(k), k) for k in ("one_off", "recurring")], "kind"
        )
        self.option_combo = self._combo(
            self.tr("Option"), [(option_label(o), o) for o in ("migrate", "do_minimum")], "option"
        )
        self.unit_cost_edit = self._text(parse_money, _money_text, self.tr("Unit cost"), "unit_cost")
        self.quantity_edit = self._text(
            parse_quantity,
            lambda v: f"{float(v):,.10g}",
            self.tr("Quantity"),
            "quantity",
        )
        self.amount_label = QLabel(self.form_host)
        self.amount_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.amount_label.setAccessibleName(self.tr("Amount"))
        self.when_field = CostTimingField(
            [("date", self.tr("On a date")), ("task", self.tr("Over a task"))],
            self.tr("One-off timing"),
            self.form_host,
        )
        self.when_field.committed.connect(self._on_when_field_committed)
        self.start_field = CostTimingField(
            [
                ("date", self.tr("On a date")),
                ("task:start", self.tr("At a task's start")),
                ("task:finish", self.tr("At a task's finish")),
            ],
            self.tr("Recurring start"),
            self.form_host,
        )
        self.start_field.committed.connect(partial(self._on_anchor_committed, "start"))
        self.end_field = CostTimingField(
            [
                ("none", self.tr("Horizon end")),
                ("date", self.tr("On a date")),
                ("task:start", self.tr("At a task's start")),
                ("task:finish", self.tr("At a task's finish")),
            ],
            self.tr("Recurring end"),
            self.form_host,
        )
        self.end_field.committed.connect(partial(self._on_anchor_committed, "end"))
        self.ramp_editor = CostRampEditor(self.form_host)
        self.ramp_editor.committed.connect(self._on_ramp_editor_committed)
        self.low_edit = self._text(parse_optional_money, _money_text, self.tr("Low estimate"), "low")
        self.low_edit.setPlaceholderText(self.tr("none"))
        self.high_edit = self._text(parse_optional_money, _money_text, self.tr("High estimate"), "high")
        self.high_edit.setPlaceholderText(self.tr("none"))
        self.vat_edit = self._text(
            parse_vat_percent,
            lambda v: f"{float(v) * 100:g}%",
            self.tr("Irrecoverable VAT share"),
            "vat_irrecoverable",
        )
        self.treatment_combo = self._combo(
            self.tr("Treatment"), [(t.capitalize(), t) for t in TREATMENTS], "treatment"
        )
        self.ob_combo = self._combo(
            self.tr("Optimism bias category"), [(o.capitalize(), o) for o in OB_CATEGORIES], "ob_category"
        )
        self.system_combo = self._combo(self.tr("System"), [], "system")
        self.phase_combo = self._combo(self.tr("Phase"), [], "phase")
        self.source_edit = self._text(str.strip, str, self.tr("Source"), "source")
        self.notes_edit = CheckedTextEdit(str.strip, str, self.form_host)
        self.notes_edit.setAccessibleName(self.tr("Cost line notes"))
        self.notes_edit.setFixedHeight(self.notes_edit.fontMetrics().lineSpacing() * 4 + 12)
        self.notes_edit.committed.connect(partial(self._push_field, "notes"))
        host = self.form_host
        self.timing_group = form_group(
            self.tr("Timing"),
            host,
            [
                (self.tr("&When:"), self.when_field),
                (self.tr("&Starts:"), self.start_field),
                (self.tr("&Ends:"), self.end_field),
                (self.tr("&Ramp:"), self.ramp_editor),
            ],
        )
        layout = QVBoxLayout(host)
        layout.setContentsMargins(0, 0, 6, 6)
        layout.addWidget(
            form_group(
                self.tr("Line"),
                host,
                [
                    (self.tr("&Name:"), self.name_edit),
                    (self.tr("Cate&gory:"), self.category_combo),
                    (self.tr("&Kind:"), self.kind_combo),
                    (self.tr("&Option:"), self.option_combo),
                ],
            )
        )
        layout.addWidget(
            form_group(
                self.tr("Amount"),
                host,
                [
                    (self.tr("&Unit cost (£):"), self.unit_cost_edit),
                    (self.tr("&Quantity:"), self.quantity_edit),
                    (self.tr("Amount:"), self.amount_label),
                    (self.tr("&Low (£):"), self.low_edit),
                    (self.tr("&High (£):"), self.high_edit),
                    (self.tr("&VAT irrecoverable:"), self.vat_edit),
                ],
            )
        )
        layout.addWidget(self.timing_group)
        layout.addWidget(
            form_group(
                self.tr("Appraisal"),
                host,
                [
                    (self.tr("&Treatment:"), self.treatment_combo),
                    (self.tr("O&B category:"), self.ob_combo),
                    (self.tr("S&ystem:"), self.system_combo),
                    (self.tr("&Phase:"), self.phase_combo),
                ],
            )
        )
        layout.addWidget(
            form_group(
                self.tr("Source and notes"),
                host,
                [(self.tr("Sour&ce:"), self.source_edit), (self.tr("No&tes:"), self.notes_edit)],
            )
        )
        layout.addStretch(1)
        labels = [label for label in host.findChildren(QLabel) if label.buddy() is not None]
        widest = max(label.sizeHint().width() for label in labels)
        for label in labels:  # one label column across the groups
            label.setMinimumWidth(widest)
        self._recurring_rows = (self.start_field, self.end_field, self.ramp_editor)

    # --- showing -------------------------------------------------------------------------------------

    @property
    def line_id(self) -> str | None:
        """The id of the line shown, or None."""
        return self._line_id

    def line(self) -> CostLine | None:
        """The line shown (None when there is none or it was deleted)."""
        if self._line_id is None:
            return None
        return next((c for c in self._document.plan.cost_lines if c.id == self._line_id), None)

    def show_line(self, line_id: str | None) -> None:
        """Show ``line_id`` (committing what was typed for the line shown before)."""
        force = line_id != self._line_id
        if force:
            self.commit_pending()
            self._visit += 1
        self._line_id = line_id
        self._load(force)

    def refresh(self) -> None:
        """Reload the values from the plan, leaving alone a field being typed in."""
        self._load(False)

    def commit_pending(self) -> None:
        """Push what the user typed but did not confirm yet."""
        for edit in (
            self.name_edit,
            self.unit_cost_edit,
            self.quantity_edit,
            self.low_edit,
            self.high_edit,
            self.vat_edit,
            self.source_edit,
        ):
            edit.commit()
        self.notes_edit.commit()

    def _load(self, force: bool) -> None:
        line = self.line()
        self.form_host.setEnabled(line is not None)
        self.title_label.setText(
            self.tr("No cost line selected")
            if line is None
            else self.tr("{id}  {name}").format(id=line.id, name=line.name)
        )
        blank = CostLine("", "", COST_CATEGORIES[-1], "one_off", 0.0)
        shown = line or blank
        self._loading = True
        force = force or line is None
        for edit, value in (
            (self.name_edit, shown.name),
            (self.unit_cost_edit, shown.unit_cost),
            (self.quantity_edit, shown.quantity),
            (self.low_edit, shown.low),
            (self.high_edit, shown.high),
            (self.vat_edit, shown.vat_irrecoverable),
            (self.source_edit, shown.source),
        ):
            edit.show_value(value, force)
        self.notes_edit.show_value(shown.notes, force)
        self.amount_label.setText(
            self.tr("{amount} ({what})").format(
                amount=format_money(shown.amount),
                what=self.tr("a month") if shown.kind == "recurring" else self.tr("once"),
            )
        )
        self.amount_label.setToolTip(f"£{shown.amount:,.2f}")
        plan = self._document.plan
        self._fill(
            self.system_combo,
            [(self.tr("No system"), None)] + [(f"{s.id}  {s.name}", s.id) for s in plan.systems],
        )
        self._fill(
            self.phase_combo, [(self.tr("No phase"), None)] + [(p.name or p.id, p.id) for p in plan.phases]
        )
        for combo, value in (
            (self.category_combo, shown.category),
            (self.kind_combo, shown.kind),
            (self.option_combo, shown.option),
            (self.treatment_combo, shown.treatment),
            (self.ob_combo, shown.ob_category),
            (self.system_combo, shown.system),
            (self.phase_combo, shown.phase),
        ):
            self._select(combo, value)
        start = plan.project.start_date
        for field in (self.when_field, self.start_field, self.end_field):
            field.set_tasks(plan.tasks)
        self.when_field.show_value(
            "date" if shown.date is not None or not shown.task else "task", shown.date, shown.task, start
        )
        for field, anchor in ((self.start_field, shown.start), (self.end_field, shown.end)):
            field.show_value(
                anchor_mode(anchor), anchor.date if anchor else None, anchor.task if anchor else None, start
            )
        self.ramp_editor.show_value(
            shown.ramp, shown.start.date if shown.start and shown.start.date else start
        )
        recurring = shown.kind == "recurring"
        form = self.timing_group.layout()
        assert isinstance(form, QFormLayout)
        form.setRowVisible(self.when_field, not recurring)
        for widget in self._recurring_rows:
            form.setRowVisible(widget, recurring)
        self._loading = False

    @staticmethod
    def _fill(combo: QComboBox, wanted: list[tuple[str, object]]) -> None:
        if [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())] != wanted:
            combo.clear()
            for text, value in wanted:
                combo.addItem(text, value)

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        index = combo.findData(value)
        if index < 0:  # a value not offered (a custom category, a deleted system): show it as it is
            combo.addItem(str(value), value)
            index = combo.count() - 1
        combo.setCurrentIndex(index)

    # --- pushing edits -------------------------------------------------------------------------------

    def _push(self, values: dict[str, object], label: str, merge_key: str | None = None) -> None:
        line = self.line()
        if line is None or self._loading or all(getattr(line, k) == v for k, v in values.items()):
            return
        try:
            edit = set_item_fields(
                self._document.plan, "cost_lines", line.id, label.format(id=line.id), **values
            )
            self._document.push(edit, merge_key=merge_key)
        except EditError:
            self.refresh()

    def _push_field(self, field: str, value: object) -> None:
        labels = {
            "name": self.tr("Rename cost line {id}"),
            "unit_cost": self.tr("Change unit cost of {id}"),
            "quantity": self.tr("Change quantity of {id}"),
            "low": self.tr("Change low estimate of {id}"),
            "high": self.tr("Change high estimate of {id}"),
            "vat_irrecoverable": self.tr("Change irrecoverable VAT of {id}"),
            "source": self.tr("Change source of {id}"),
            "notes": self.tr("Change notes of {id}"),
            "category": self.tr("Change category of {id}"),
            "kind": self.tr("Change kind of {id}"),
            "option": self.tr("Change option of {id}"),
            "treatment": self.tr("Change treatment of {id}"),
            "ob_category": self.tr("Change optimism bias category of {id}"),
            "system": self.tr("Change system of {id}"),
            "phase": self.tr("Change phase of {id}"),
        }
        if field == "kind":
            self._push_kind(str(value), labels["kind"])
        else:
            self._push({field: value}, labels[field])

    def _push_kind(self, kind: str, label: str) -> None:
        """Switch one-off <-> recurring, carrying the date or task over so the line stays placed."""
        line = self.line()
        if line is None or line.kind == kind:
            return
        if kind == "recurring":
            start = (
                anchor_of("date", line.date, None)
                if line.date is not None
                else (
                    anchor_of("task:start", None, line.task)
                    if line.task
                    else anchor_of("date", self._document.plan.project.start_date, None)
                )
            )
            self._push({"kind": kind, "start": start}, label)
        else:
            anchor = line.start
            self._push(
                {
                    "kind": kind,
                    "date": anchor.date if anchor else None,
                    "task": anchor.task if anchor and anchor.date is None else line.task,
                },
                label,
            )

    def _on_combo_activated(self, combo: QComboBox, field: str, _index: int) -> None:
        if not self._loading:
            self._push_field(field, combo.currentData())

    def _on_when_field_committed(self, mode: str, day: date | None, task: str | None) -> None:
        label = self.tr("Change date of {id}") if mode == "date" else self.tr("Change task of {id}")
        values: dict[str, object] = {"date": day, "task": task} if mode == "task" else {"date": day}
        self._push(values, label, f"cost:{self._line_id}:when:{self._visit}")

    def _on_anchor_committed(self, end: str, mode: str, day: date | None, task: str | None) -> None:
        label = self.tr("Change start of {id}") if end == "start" else self.tr("Change end of {id}")
        self._push({end: anchor_of(mode, day, task)}, label, f"cost:{self._line_id}:{end}:{self._visit}")

    def _on_ramp_editor_committed(self, ramp: object) -> None:
        self._push({"ramp": ramp}, self.tr("Change ramp of {id}"), f"cost:{self._line_id}:ramp:{self._visit}")

    def _on_document_plan_changed(self, _changes: ChangeSet) -> None:
        if self._line_id is not None and self.line() is None:
            self._line_id = None
            self._load(True)
        else:
            self.refresh()
