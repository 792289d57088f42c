"""The task table: one row per task with its estimates, scheduled dates, float and links, plus its filter.

``TaskTableModel`` adapts the document's plan and schedule (read-only; the task editor pushes the edits):
rows are task ids in plan order, cells read precomputed results. ``plan_changed`` resets the model for a
structural change and otherwise emits ``dataChanged`` for the rows named and the schedule columns.
``TaskFilterProxyModel`` sorts by raw values and keeps the rows whose id, name, phase or kind match a text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from app.engine.edits import ChangeSet
from app.engine.model import Plan, Task
from app.engine.schedule import Schedule
from app.engine.task_edits import predecessor_summary
from app.ui.appearance import status_ink
from app.ui.document import Document
from app.ui.formatting import format_date

TASK_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

_CONTEXT = "TaskTableModel"
_ALIGN_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ALIGN_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_ALIGN_CENTRE = Qt.AlignmentFlag.AlignCenter
_NEGATIVE = QColor("#c62828")

AnyIndex = QModelIndex | QPersistentModelIndex


def _scheduled(fn: Callable[[Schedule, int], Any]) -> Callable[[Task, Plan, Schedule | None], Any]:
    def value(task: Task, _plan: Plan, schedule: Schedule | None) -> Any:
        if schedule is None or task.id not in schedule.index:
            return None
        return fn(schedule, schedule.index[task.id])
    return value


def _phase_name(task: Task, plan: Plan, _schedule: Schedule | None) -> str:
    if task.phase is None:
        return ""
    phase = plan.phase_by_id.get(task.phase)
    return (phase.name or phase.id) if phase is not None else task.phase


def _start(schedule: Schedule, row: int) -> date:
    return date.fromordinal(int(schedule.start_ordinals[row]))


def _finish(schedule: Schedule, row: int) -> date:
    return date.fromordinal(int(schedule.finish_ordinals[row]))


_ACRONYMS = {"dpia": "DPIA"}


def kind_label(kind: str) -> str:
    """Return a task kind as shown: ``parallel_run`` -> ``Parallel run`` (free text is shown as typed)."""
    if kind in _ACRONYMS:
        return _ACRONYMS[kind]
    return kind.replace("_", " ").capitalize() if kind.islower() else kind


@dataclass(frozen=True)
class Column:
    """One task-table column.

    Attributes:
        key: stable name (tests, saved header state).
        header: untranslated header text.
        value: the raw value of a cell from the task, the plan and the schedule (``None`` for blank).
        fmt: the displayed text of a raw value.
        numeric: right-align the column.
        scheduled: the value comes from the schedule (refreshed on every change).
    """

    key: str
    header: object  # str marked by QT_TRANSLATE_NOOP
    value: Callable[[Task, Plan, Schedule | None], Any]
    fmt: Callable[[Any], str] = str
    numeric: bool = False
    scheduled: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("id", QT_TRANSLATE_NOOP(_CONTEXT, "ID"), lambda t, p, s: t.id),
    Column("name", QT_TRANSLATE_NOOP(_CONTEXT, "Name"), lambda t, p, s: t.name),
    Column("phase", QT_TRANSLATE_NOOP(_CONTEXT, "Phase"), _phase_name),
    Column("kind", QT_TRANSLATE_NOOP(_CONTEXT, "Kind"), lambda t, p, s: t.kind, fmt=kind_label),
    Column("duration", QT_TRANSLATE_NOOP(_CONTEXT, "Duration (wd)"), lambda t, p, s: t.duration,
           numeric=True),
    Column("start", QT_TRANSLATE_NOOP(_CONTEXT, "Start"), _scheduled(_start), fmt=format_date, numeric=True,
           scheduled=True),
    Column("finish", QT_TRANSLATE_NOOP(_CONTEXT, "Finish"), _scheduled(_finish), fmt=format_date,
           numeric=True, scheduled=True),
    Column("total_float", QT_TRANSLATE_NOOP(_CONTEXT, "Total float"),
           _scheduled(lambda s, k: int(s.total_float[k])), numeric=True, scheduled=True),
    Column("critical", QT_TRANSLATE_NOOP(_CONTEXT, "Critical"), _scheduled(lambda s, k: bool(s.critical[k])),
           fmt=lambda v: "", scheduled=True),
    Column("estimates", QT_TRANSLATE_NOOP(_CONTEXT, "O / M / P"), lambda t, p, s: t.estimates,
           fmt=lambda v: " / ".join(str(n) for n in v), numeric=True),
    Column("deadline", QT_TRANSLATE_NOOP(_CONTEXT, "Deadline"), lambda t, p, s: t.deadline, fmt=format_date,
           numeric=True),
    Column("predecessors", QT_TRANSLATE_NOOP(_CONTEXT, "Predecessors"),
           lambda t, p, s: predecessor_summary(t)),
)
COLUMN_KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS)
_SCHEDULED = tuple(k for k, c in enumerate(COLUMNS) if c.scheduled)


class TaskTableModel(QAbstractTableModel):
    """Table of the document's tasks in plan order.

    ``data(index, TASK_ROLE)`` returns the ``Task``; ``SORT_ROLE`` a sortable raw value. The Critical
    column shows a tick (``CheckStateRole``, not user-checkable); negative float is red.

    Args:
        document: the document whose plan and schedule the table shows.
        parent: the owning QObject.
    """

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._ids: tuple[str, ...] = ()
        self._row_of: dict[str, int] = {}
        self._load_ids()
        document.plan_changed.connect(self._on_document_plan_changed)

    # --- Qt model interface ---------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        """Return the number of tasks (0 under any valid parent: a flat table)."""
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        """Return the number of columns (0 under any valid parent)."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Return the translated column header, or the row number for vertical headers."""
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            column = COLUMNS[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return QCoreApplication.translate(_CONTEXT, str(column.header))
            if role == Qt.ItemDataRole.ToolTipRole and column.key in ("duration", "estimates", "total_float"):
                return QCoreApplication.translate(_CONTEXT, "In working days")
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(_ALIGN_RIGHT if column.numeric else _ALIGN_LEFT)
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the cell text, tooltip, alignment, colour, tick, the ``Task`` or its sort key."""
        task = self.task_at(index)
        if task is None:
            return None
        if role == TASK_ROLE:
            return task
        column = COLUMNS[index.column()]
        value = column.value(task, self._document.plan, self._document.schedule)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column.key == "critical" and role == Qt.ItemDataRole.ToolTipRole:
                return QCoreApplication.translate(_CONTEXT, "Critical") if value else None
            return column.fmt(value) if value is not None else ""
        if role == SORT_ROLE:
            return self._sort_key(value)
        if role == Qt.ItemDataRole.CheckStateRole and column.key == "critical" and value:
            return Qt.CheckState.Checked  # a tick on critical rows only; the others stay blank
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_ALIGN_CENTRE if column.key == "critical" else
                       _ALIGN_RIGHT if column.numeric else _ALIGN_LEFT)
        if role == Qt.ItemDataRole.ForegroundRole and column.key == "total_float" and value is not None \
                and value < 0:
            return QBrush(status_ink(_NEGATIVE))  # with its minus sign: never colour alone
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Return the item flags: enabled and selectable (the task editor does the editing)."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    # --- lookups --------------------------------------------------------------------------------------

    def task_at(self, index: AnyIndex) -> Task | None:
        """Return the task shown in ``index``'s row, or ``None`` for an invalid index."""
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        return self._document.plan.task_by_id.get(self._ids[index.row()])

    def row_of(self, task_id: str) -> int:
        """Return the row of task ``task_id``, or -1 when there is none."""
        return self._row_of.get(task_id, -1)

    def task_id_at(self, row: int) -> str:
        """Return the id of the task in ``row``."""
        return self._ids[row]

    @staticmethod
    def column_of(key: str) -> int:
        """Return the column number of the column called ``key``."""
        return COLUMN_KEYS.index(key)

    @staticmethod
    def _sort_key(value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, (int, float, str)):
            return value
        if isinstance(value, tuple):
            return value[1]  # O / M / P sorts by the most likely estimate
        return value.isoformat() if hasattr(value, "isoformat") else str(value)

    # --- refreshing ----------------------------------------------------------------------------------

    def _load_ids(self) -> None:
        self._ids = tuple(t.id for t in self._document.plan.tasks)
        self._row_of = {}
        for row, task_id in enumerate(self._ids):
            self._row_of.setdefault(task_id, row)

    def _on_document_plan_changed(self, changes: ChangeSet) -> None:
        if changes.structural and changes.touches("tasks"):
            self.beginResetModel()
            self._load_ids()
            self.endResetModel()
            return
        if not self._ids:
            return
        last_row, last_column = len(self._ids) - 1, len(COLUMNS) - 1
        if changes.touches("tasks"):
            rows = {self._row_of[i] for i in changes.ids if i in self._row_of}
            for row in sorted(rows):
                self.dataChanged.emit(self.index(row, 0), self.index(row, last_column))
        if changes.touches("phases"):
            column = self.column_of("phase")
            self.dataChanged.emit(self.index(0, column), self.index(last_row, column))
        # Any change may move dates and float (durations, links, calendar, freezes): one signal for them.
        self.dataChanged.emit(self.index(0, _SCHEDULED[0]), self.index(last_row, _SCHEDULED[-1]))


class TaskFilterProxyModel(QSortFilterProxyModel):
    """Sorts the task table by raw values and filters it by a text found in the id, name, phase or kind.

    Args:
        parent: the owning QObject.
    """

    _SEARCHED = tuple(COLUMN_KEYS.index(k) for k in ("id", "name", "phase", "kind"))

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    @property
    def text(self) -> str:
        """The filter text (empty shows every task)."""
        return self._text

    def set_text(self, text: str) -> None:
        """Show only the tasks whose id, name, phase or kind contain ``text`` (any case)."""
        text = text.strip().casefold()
        if text != self._text:
            self.beginFilterChange()
            self._text = text
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:  # noqa: N802 - Qt override
        """Accept a row when the filter text is empty or found in one of the searched columns."""
        if not self._text:
            return True
        model = self.sourceModel()
        return any(self._text in str(model.index(source_row, column, source_parent).data()).casefold()
                   for column in self._SEARCHED)
