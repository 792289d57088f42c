"""``SystemTableModel``: the document's systems (current and target estate) as a table.

An adapter (style guide §4): it holds the tuple of system ids and reads each cell from the document's plan.
Columns are declared as data; editing a cell pushes an ``Edit`` through the document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.engine.edits import ChangeSet, EditError, set_item_fields
from app.engine.model import COMPONENT_KIND_LABELS, Plan, System
from app.ui.document import Document
from app.ui.formatting import format_date, format_money
from app.ui.widgets.system_parsers import parse_money, parse_whole

SYSTEM_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

_CONTEXT = "SystemTableModel"
_ESTATE_LABELS = {
    "current": QT_TRANSLATE_NOOP(_CONTEXT, "Current"),
    "target": QT_TRANSLATE_NOOP(_CONTEXT, "Target"),
}
_ALIGN_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ALIGN_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

AnyIndex = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def _text_edit(field: str) -> Callable[[System, object], dict[str, Any]]:
    def edit(_system: System, value: object) -> dict[str, Any]:
        text = str(value).strip()
        if field == "name" and not text:
            raise ValueError(_tr("Enter a name: every system needs one."))
        return {field: text}
    return edit


def _whole_number_edit(field: str) -> Callable[[System, object], dict[str, Any]]:
    def edit(_system: System, value: object) -> dict[str, Any]:
        return {field: parse_whole(str(value))}  # the system panel's rules: 0 or more, at most MAX_WHOLE
    return edit


def _money_edit(field: str) -> Callable[[System, object], dict[str, Any]]:
    def edit(_system: System, value: object) -> dict[str, Any]:
        return {field: parse_money(str(value))}  # finite, not negative, "£" and "," allowed
    return edit


@dataclass(frozen=True)
class Column:
    """One table column.

    Attributes:
        key: stable name (used by tests and saved header state).
        header: untranslated header text (translated at display time).
        value: the raw value of the cell, used for editing and sorting.
        fmt: the displayed text of the raw value.
        edit: turns an entered value into the fields to set, or ``None`` when read-only.
        label: the undo label for an edit of this column.
        numeric: right-align the column.
    """

    key: str
    header: object  # str marked by QT_TRANSLATE_NOOP (typed object by PySide)
    value: Callable[[System, Plan], Any]
    fmt: Callable[[Any], str] = str
    edit: Callable[[System, object], dict[str, Any]] | None = None
    label: object = ""
    numeric: bool = False


def _replaced_by_names(system: System, plan: Plan) -> str:
    names = [plan.system_by_id[i].name if i in plan.system_by_id else i for i in system.replaced_by]
    return ", ".join(names)


def _phase_name(system: System, plan: Plan) -> str:
    if system.phase is None:
        return ""
    phase = plan.phase_by_id.get(system.phase)
    return phase.name if phase is not None else system.phase


COLUMNS: tuple[Column, ...] = (
    Column("id", QT_TRANSLATE_NOOP(_CONTEXT, "ID"), lambda s, p: s.id),
    Column("name", QT_TRANSLATE_NOOP(_CONTEXT, "Name"), lambda s, p: s.name,
           edit=_text_edit("name"), label=QT_TRANSLATE_NOOP(_CONTEXT, "Rename system {id}")),
    Column("estate", QT_TRANSLATE_NOOP(_CONTEXT, "Estate"), lambda s, p: s.estate,
           fmt=lambda v: QCoreApplication.translate(_CONTEXT, str(_ESTATE_LABELS.get(v, v)))),
    Column("kind", QT_TRANSLATE_NOOP(_CONTEXT, "Component"), lambda s, p: s.kind,
           fmt=lambda v: COMPONENT_KIND_LABELS.get(v, v)),
    Column("action", QT_TRANSLATE_NOOP(_CONTEXT, "Action"), lambda s, p: s.action,
           fmt=lambda v: v.replace("_", " ").capitalize()),
    Column("vendor", QT_TRANSLATE_NOOP(_CONTEXT, "Supplier"), lambda s, p: s.vendor,
           edit=_text_edit("vendor"), label=QT_TRANSLATE_NOOP(_CONTEXT, "Change supplier of {id}")),
    Column("seats", QT_TRANSLATE_NOOP(_CONTEXT, "Seats"), lambda s, p: s.seats, fmt=lambda v: f"{v:,}",
           edit=_whole_number_edit("seats"), label=QT_TRANSLATE_NOOP(_CONTEXT, "Change seats of {id}"),
           numeric=True),
    Column("annual_run_cost", QT_TRANSLATE_NOOP(_CONTEXT, "Run cost/yr"), lambda s, p: s.annual_run_cost,
           fmt=format_money, edit=_money_edit("annual_run_cost"),
           label=QT_TRANSLATE_NOOP(_CONTEXT, "Change run cost of {id}"), numeric=True),
    Column("contract_end", QT_TRANSLATE_NOOP(_CONTEXT, "Contract end"), lambda s, p: s.contract_end,
           fmt=format_date, numeric=True),
    Column("replaced_by", QT_TRANSLATE_NOOP(_CONTEXT, "Replaced by"), _replaced_by_names),
    Column("phase", QT_TRANSLATE_NOOP(_CONTEXT, "Phase"), _phase_name),
    Column("personal_data", QT_TRANSLATE_NOOP(_CONTEXT, "Personal data"), lambda s, p: s.personal_data,
           edit=_text_edit("personal_data"),
           label=QT_TRANSLATE_NOOP(_CONTEXT, "Change personal data of {id}")),
    Column("classification", QT_TRANSLATE_NOOP(_CONTEXT, "Classification"), lambda s, p: s.classification),
)
COLUMN_KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS)


class SystemTableModel(QAbstractTableModel):
    """Table of the document's systems, one row per system in plan order.

    ``data(index, SYSTEM_ROLE)`` returns the ``System``; ``SORT_ROLE`` returns a sortable raw value.

    Args:
        document: the document whose plan the table shows and to which edits are pushed.
        parent: the owning QObject.

    Signals:
        edit_refused(str): an edit was refused; the text says why (nothing was pushed).
    """

    edit_refused = Signal(str)

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._ids: tuple[str, ...] = tuple(s.id for s in document.plan.systems)
        self._row_of = {system_id: row for row, system_id in enumerate(self._ids)}
        document.plan_changed.connect(self._on_document_plan_changed)

    # --- Qt model interface ---------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        """Return the number of systems (0 under any valid parent: a flat table)."""
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        """Return the number of columns (0 under any valid parent)."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Return the translated column header, or the row number for vertical headers."""
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return QCoreApplication.translate(_CONTEXT, str(COLUMNS[section].header))
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(_ALIGN_RIGHT if COLUMNS[section].numeric else _ALIGN_LEFT)
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the cell text, edit value, alignment, tooltip, the ``System`` or its sort key."""
        system = self.system_at(index)
        if system is None:
            return None
        column = COLUMNS[index.column()]
        if role == SYSTEM_ROLE:
            return system
        value = column.value(system, self._document.plan)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.fmt(value) if value is not None else ""
        if role == Qt.ItemDataRole.EditRole:
            return value if value is not None else ""
        if role == SORT_ROLE:
            return self._sort_key(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_ALIGN_RIGHT if column.numeric else _ALIGN_LEFT)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Return the item flags: editable for the columns that declare an edit."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if COLUMNS[index.column()].edit is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """Push the edit for an entered value; return False (and change nothing) if it is not acceptable."""
        system = self.system_at(index)
        if system is None or role != Qt.ItemDataRole.EditRole:
            return False
        column = COLUMNS[index.column()]
        if column.edit is None:
            return False
        try:
            values = column.edit(system, value)
        except (TypeError, ValueError) as problem:
            self.edit_refused.emit(
                str(problem)
                if isinstance(problem, ValueError)
                else _tr("That is not a valid value for {id}.").format(id=system.id)
            )
            return False
        if all(getattr(system, k) == v for k, v in values.items()):
            return True
        label = _tr(str(column.label)).format(id=system.id)
        try:
            self._document.push(set_item_fields(self._document.plan, "systems", system.id, label, **values))
        except EditError as problem:
            self.edit_refused.emit(str(problem))
            return False
        return True

    # --- helpers --------------------------------------------------------------------------------------

    def system_at(self, index: AnyIndex) -> System | None:
        """Return the system shown in ``index``'s row, or ``None`` for an invalid index."""
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        return self._document.plan.system_by_id.get(self._ids[index.row()])

    def row_of(self, system_id: str) -> int:
        """Return the row of system ``system_id``, or -1 when there is none."""
        return self._row_of.get(system_id, -1)

    def column_of(self, key: str) -> int:
        """Return the column number of the column called ``key``."""
        return COLUMN_KEYS.index(key)

    @staticmethod
    def _sort_key(value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, (int, float, str)):
            return value
        return value.isoformat() if hasattr(value, "isoformat") else str(value)

    def _on_document_plan_changed(self, changes: ChangeSet) -> None:
        if changes.structural and changes.touches("systems"):
            self.beginResetModel()
            self._ids = tuple(s.id for s in self._document.plan.systems)
            self._row_of = {system_id: row for row, system_id in enumerate(self._ids)}
            self.endResetModel()
            return
        if not self._ids:
            return
        last_column = len(COLUMNS) - 1
        if changes.touches("phases"):
            column = COLUMN_KEYS.index("phase")
            self.dataChanged.emit(self.index(0, column), self.index(len(self._ids) - 1, column))
        if changes.touches("systems"):
            rows = {self._row_of[i] for i in changes.ids if i in self._row_of}
            # Other rows name changed systems in "Replaced by".
            rows |= {self._row_of[s.id] for s in self._document.plan.systems
                     if changes.ids.intersection(s.replaced_by)}
            for row in sorted(rows):
                self.dataChanged.emit(self.index(row, 0), self.index(row, last_column))
