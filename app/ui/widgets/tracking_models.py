"""The Tracking page's progress model: every task's baseline, forecast and actual dates, actuals editable.

``ProgressTableModel`` adapts ``plan.tasks`` (rows are task ids; cells read the task, ``document.schedule``
and ``document.variance``); ``setData`` on an actual date or percent complete pushes one labelled edit and
refuses an actual finish before the actual start. Also the columns, roles and formats the tracking tables
share. Every value is the engine's; the models format.
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
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from app.engine.edits import ChangeSet, EditError, set_item_fields
from app.engine.model import Task
from app.engine.tracking import DateVariance
from app.ui.appearance import status_ink
from app.ui.document import Document
from app.ui.formatting import format_date, format_money, from_qdate

ITEM_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: The date a cleared actual-date editor starts at (the task's forecast date), so the calendar opens nearby.
SUGGESTED_ROLE = Qt.ItemDataRole.UserRole + 2
_CONTEXT = "TrackingModels"
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_LATE = QColor("#b71c1c")
_EARLY = QColor("#1b5e20")
AnyIndex = QModelIndex | QPersistentModelIndex
ACTUAL_FIELDS = ("actual_start", "actual_finish", "percent_complete")


def translate(text: object) -> str:
    """``text`` translated in the tracking models' context."""
    return QCoreApplication.translate(_CONTEXT, str(text))


def rag_word(status: str) -> str:
    """``red`` -> ``Red``: the status in words, so it never rests on colour alone."""
    words = {"red": translate("Red"), "amber": translate("Amber"), "green": translate("Green")}
    return words.get(status, status)


def signed_days(days: int | None) -> str:
    """Working days of slip with a sign: ``+5``, ``-2``, ``0``; empty for none."""
    return "" if days is None else f"{days:+d}" if days else "0"


def signed_money(pounds: float | None) -> str:
    """Whole pounds with a sign for a change: ``+£1,200``, ``-£50``, ``£0``; empty for none."""
    if pounds is None:
        return ""
    return ("+" if round(pounds) > 0 else "") + format_money(pounds)


def sort_value(value: Any, numeric: bool) -> Any:
    """A sort key of one type per column: numbers (none first) or text (dates as ISO text, none first)."""
    if value is None:
        return float("-inf") if numeric else ""
    if isinstance(value, date):
        return value.isoformat()
    return value


def slip_colour(value: float | None) -> QBrush | None:
    """Red for late (or dearer), green for early (or cheaper), none for no change."""
    if value is None or round(value) == 0:
        return None
    return QBrush(status_ink(_LATE if value > 0 else _EARLY))  # legible on the theme's base


# --- task progress ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column: ``key``, translatable ``header``, how to format, and the task field it edits."""

    key: str
    header: object  # str marked by QT_TRANSLATE_NOOP
    fmt: Callable[[Any], str] = str
    numeric: bool = False
    field: str | None = None
    tip: object = None


PROGRESS_COLUMNS: tuple[Column, ...] = (
    Column("id", QT_TRANSLATE_NOOP(_CONTEXT, "Id")),
    Column("name", QT_TRANSLATE_NOOP(_CONTEXT, "Name")),
    Column("phase", QT_TRANSLATE_NOOP(_CONTEXT, "Phase")),
    Column("baseline_start", QT_TRANSLATE_NOOP(_CONTEXT, "Baseline start"), format_date),
    Column("baseline_finish", QT_TRANSLATE_NOOP(_CONTEXT, "Baseline finish"), format_date),
    Column("forecast_start", QT_TRANSLATE_NOOP(_CONTEXT, "Forecast start"), format_date),
    Column("forecast_finish", QT_TRANSLATE_NOOP(_CONTEXT, "Forecast finish"), format_date),
    Column(
        "finish_variance",
        QT_TRANSLATE_NOOP(_CONTEXT, "Finish variance"),
        signed_days,
        numeric=True,
        tip=QT_TRANSLATE_NOOP(_CONTEXT, "Working days the forecast finish is past the baseline's (+ late)"),
    ),
    Column(
        "actual_start",
        QT_TRANSLATE_NOOP(_CONTEXT, "Actual start"),
        format_date,
        field="actual_start",
        tip=QT_TRANSLATE_NOOP(_CONTEXT, "Double-click or F2 to record; Delete clears"),
    ),
    Column(
        "actual_finish",
        QT_TRANSLATE_NOOP(_CONTEXT, "Actual finish"),
        format_date,
        field="actual_finish",
        tip=QT_TRANSLATE_NOOP(_CONTEXT, "Double-click or F2 to record; Delete clears"),
    ),
    Column(
        "percent_complete",
        QT_TRANSLATE_NOOP(_CONTEXT, "% complete"),
        lambda v: f"{v:g}%",
        numeric=True,
        field="percent_complete",
    ),
)
PROGRESS_KEYS: tuple[str, ...] = tuple(c.key for c in PROGRESS_COLUMNS)


def header_data(columns: tuple[Column, ...], section: int, orientation: Qt.Orientation, role: int) -> Any:
    """The header of ``columns``' ``section``: translated text, tooltip and alignment."""
    if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(columns):
        return section + 1 if role == Qt.ItemDataRole.DisplayRole else None
    column = columns[section]
    if role == Qt.ItemDataRole.DisplayRole:
        return translate(column.header)
    if role == Qt.ItemDataRole.ToolTipRole and column.tip is not None:
        return translate(column.tip)
    if role == Qt.ItemDataRole.TextAlignmentRole:
        return int(_RIGHT if column.numeric else _LEFT)
    return None


def as_date(value: Any) -> date | None:
    """An edited actual date as a ``date``: ``None``, ``""`` and an invalid ``QDate`` clear it.

    Raises:
        TypeError: ``value`` is not a date at all.
    """
    if value is None or value == "":
        return None
    if isinstance(value, QDate):
        return from_qdate(value) if value.isValid() else None
    if isinstance(value, date):
        return value
    raise TypeError(f"not a date: {value!r}")


class ProgressTableModel(QAbstractTableModel):
    """Every task with its baseline, forecast and actual dates; actuals and % complete edit in place.

    ``ITEM_ROLE`` returns the ``Task``; ``SORT_ROLE`` a sortable raw value.

    Args:
        document: the document whose tasks, schedule and variance the table shows.
        parent: the owning QObject.

    Signals:
        edit_refused(str): an edit was refused; the text says why (nothing was pushed).
    """

    edit_refused = Signal(str)

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._ids: tuple[str, ...] = ()
        self._row_of: dict[str, int] = {}
        self._variance_of: object = None
        self._variances: dict[str, DateVariance] = {}
        self._load_ids()
        document.plan_changed.connect(self._on_document_plan_changed)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        """Return the number of tasks (0 under a valid parent: a flat table)."""
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        """Return the number of columns."""
        return 0 if parent.isValid() else len(PROGRESS_COLUMNS)

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Return the translated header, its tooltip and alignment."""
        return header_data(PROGRESS_COLUMNS, section, orientation, role)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the cell text, edit value, sort key, colour, the task or its suggested date."""
        task = self.task_at(index)
        if task is None:
            return None
        if role == ITEM_ROLE:
            return task
        column = PROGRESS_COLUMNS[index.column()]
        value = self.value(task, column.key)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else column.fmt(value)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == SORT_ROLE:
            return sort_value(value, column.numeric)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_RIGHT if column.numeric else _LEFT)
        if role == Qt.ItemDataRole.ForegroundRole and column.key == "finish_variance":
            return slip_colour(value)
        if role == SUGGESTED_ROLE and column.key in ("actual_start", "actual_finish"):
            return value or self.value(task, column.key.replace("actual", "forecast"))
        if role == Qt.ItemDataRole.ToolTipRole and column.key == "finish_variance" and value:
            text = (
                translate("{n} working days later than the baseline")
                if value > 0
                else translate("{n} working days earlier than the baseline")
            )
            return text.format(n=abs(value))
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Enabled and selectable; actual start, actual finish and % complete are editable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if PROGRESS_COLUMNS[index.column()].field is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """Push one labelled edit for a valid, changed actual; refuse (and say why) an invalid one."""
        task = self.task_at(index)
        field = PROGRESS_COLUMNS[index.column()].field if index.isValid() else None
        if task is None or field is None or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            parsed, label = self._parse(task, field, value)
        except (TypeError, ValueError) as problem:
            self.edit_refused.emit(
                str(problem)
                if isinstance(problem, ValueError)
                else translate("That is not a valid value for {id}.").format(id=task.id)
            )
            return False
        if getattr(task, field) == parsed:
            return True
        try:
            self._document.push(
                set_item_fields(self._document.plan, "tasks", task.id, label, **{field: parsed})
            )
        except EditError as problem:
            self.edit_refused.emit(str(problem))
            return False
        return True

    def _parse(self, task: Task, field: str, value: Any) -> tuple[Any, str]:
        """Return the field's new value and the edit's label; ``ValueError`` (in words) when refused."""
        if field == "percent_complete":
            try:
                percent = float(value)
            except (TypeError, ValueError, OverflowError):  # not Python's "could not convert string to float"
                raise ValueError(translate("Enter percent complete as a number from 0 to 100.")) from None
            if not 0.0 <= percent <= 100.0:  # NaN and infinity too
                raise ValueError(translate("Percent complete must be between 0 and 100."))
            return percent, translate("Set {id} to {n:g}% complete").format(id=task.id, n=percent)
        day = as_date(value)
        start = day if field == "actual_start" else task.actual_start
        finish = day if field == "actual_finish" else task.actual_finish
        if start is not None and finish is not None and finish < start:
            raise ValueError(
                translate(
                    "{id} cannot finish on {finish} before it started on {start}: the change was not made."
                ).format(id=task.id, finish=format_date(finish), start=format_date(start))
            )
        if field == "actual_start":
            text = (
                translate("Record actual start of {id}") if day else translate("Clear actual start of {id}")
            )
        else:
            text = (
                translate("Record actual finish of {id}") if day else translate("Clear actual finish of {id}")
            )
        return day, text.format(id=task.id)

    # --- lookups --------------------------------------------------------------------------------------

    def value(self, task: Task, key: str) -> Any:
        """The raw value of column ``key`` for ``task`` (a date, an int, a string or None)."""
        if key in ("id", "name", "actual_start", "actual_finish", "percent_complete"):
            return getattr(task, key)
        if key == "phase":
            phase = self._document.plan.phase_by_id.get(task.phase or "")
            return phase.name if phase is not None else task.phase or ""
        schedule = self._document.schedule
        if key in ("forecast_start", "forecast_finish"):
            if schedule is None or task.id not in schedule.index:
                return None
            return schedule.start_of(task.id) if key == "forecast_start" else schedule.finish_of(task.id)
        moved = self._variance(task.id)
        if moved is None:
            return None
        return {
            "baseline_start": moved.baseline_start,
            "baseline_finish": moved.baseline_finish,
            "finish_variance": moved.finish_days,
        }.get(key)

    def _variance(self, task_id: str) -> DateVariance | None:
        current = self._document.variance
        if current is not self._variance_of:
            self._variance_of = current
            self._variances = {} if current is None else {v.id: v for v in current.tasks}
        return self._variances.get(task_id)

    def task_at(self, index: AnyIndex) -> Task | None:
        """The task in ``index``'s row, or ``None``."""
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        return self._document.plan.task_by_id.get(self._ids[index.row()])

    def row_of(self, task_id: str) -> int:
        """The row of task ``task_id``, or -1."""
        return self._row_of.get(task_id, -1)

    def search_text(self, row: int) -> str:
        """The id, name and phase of ``row``'s task, folded for a case-insensitive search."""
        task = self._document.plan.task_by_id.get(self._ids[row])
        return "" if task is None else f"{task.id}\n{task.name}\n{self.value(task, 'phase')}".casefold()

    @staticmethod
    def column_of(key: str) -> int:
        """The column number of the column called ``key``."""
        return PROGRESS_KEYS.index(key)

    def _load_ids(self) -> None:
        self._ids = tuple(t.id for t in self._document.plan.tasks)
        self._row_of = {task_id: row for row, task_id in reversed(list(enumerate(self._ids)))}

    def _on_document_plan_changed(self, changes: ChangeSet) -> None:
        if changes.touches("tasks") and tuple(t.id for t in self._document.plan.tasks) != self._ids:
            self.beginResetModel()
            self._load_ids()
            self.endResetModel()
        elif self._ids:  # any change can move forecasts (dates, links, the status date, the baseline)
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(PROGRESS_COLUMNS) - 1))


class ProgressFilterProxy(QSortFilterProxyModel):
    """Sorts the progress table by raw values and keeps the tasks whose id, name or phase contain a text.

    Args:
        parent: the owning QObject.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_text(self, text: str) -> None:
        """Show only the tasks whose id, name or phase contain ``text`` (any case); empty shows all."""
        text = text.strip().casefold()
        if text != self._text:
            self.beginFilterChange()
            self._text = text
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:  # noqa: N802 - Qt override
        """Accept a row when there is no filter text or its task's id, name or phase contains it."""
        model = self.sourceModel()
        if not self._text or not isinstance(model, ProgressTableModel):
            return True
        return self._text in model.search_text(source_row)
