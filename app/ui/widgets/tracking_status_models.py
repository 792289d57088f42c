"""The Tracking page's result tables: each phase's RAG status and each cost item's variance.

Both are rebuilt from ``document.status`` and ``document.variance`` on every plan change (tens of rows).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from app.charts.status_charts import RAG_COLOURS
from app.engine.edits import ChangeSet
from app.engine.tracking import CostVariance, RagAssessment
from app.ui.appearance import status_cell
from app.ui.document import Document
from app.ui.formatting import format_date, format_money
from app.ui.models.cost_models import format_pence
from app.ui.widgets.tracking_models import (
    ITEM_ROLE,
    SORT_ROLE,
    Column,
    header_data,
    rag_word,
    signed_days,
    signed_money,
    slip_colour,
    sort_value,
    translate,
)

_CONTEXT = "TrackingModels"
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
AnyIndex = QModelIndex | QPersistentModelIndex


PHASE_COLUMNS: tuple[Column, ...] = (
    Column("name", QT_TRANSLATE_NOOP(_CONTEXT, "Phase")),
    Column("status", QT_TRANSLATE_NOOP(_CONTEXT, "Status"), rag_word),
    Column("percent_complete", QT_TRANSLATE_NOOP(_CONTEXT, "% complete"), lambda v: f"{v:g}%", numeric=True),
    Column("baseline_finish", QT_TRANSLATE_NOOP(_CONTEXT, "Baseline finish"), format_date),
    Column("forecast_finish", QT_TRANSLATE_NOOP(_CONTEXT, "Forecast finish"), format_date),
    Column(
        "slip_days",
        QT_TRANSLATE_NOOP(_CONTEXT, "Slip"),
        signed_days,
        numeric=True,
        tip=QT_TRANSLATE_NOOP(_CONTEXT, "Working days past the baseline finish (+ late)"),
    ),
    Column("reason", QT_TRANSLATE_NOOP(_CONTEXT, "Reason")),
)
PHASE_KEYS: tuple[str, ...] = tuple(c.key for c in PHASE_COLUMNS)


class _ReadOnlyTableModel(QAbstractTableModel):
    """A table of engine results rebuilt on every plan change (tens of rows): ``_rows`` holds the values."""

    COLUMNS: tuple[Column, ...] = ()

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._rows: tuple[Any, ...] = self._load()
        document.plan_changed.connect(self._on_document_plan_changed)

    def _load(self) -> tuple[Any, ...]:
        raise NotImplementedError

    def value(self, row: Any, key: str) -> Any:
        """The raw value of column ``key`` in ``row``."""
        return getattr(row, key)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        """Return the number of rows (0 under a valid parent)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        """Return the number of columns."""
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Return the translated header, its tooltip and alignment."""
        return header_data(self.COLUMNS, section, orientation, role)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the cell text, raw value (edit and sort roles), alignment, colour or the engine row."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == ITEM_ROLE:
            return row
        column = self.COLUMNS[index.column()]
        value = self.value(row, column.key)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else column.fmt(value)
        if role in (Qt.ItemDataRole.EditRole, SORT_ROLE):
            return value if role == Qt.ItemDataRole.EditRole else sort_value(value, column.numeric)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_RIGHT if column.numeric else _LEFT)
        return self._decoration(row, column, value, role)

    def _decoration(self, row: Any, column: Column, value: Any, role: int) -> Any:
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Enabled and selectable (read only)."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def _on_document_plan_changed(self, _changes: ChangeSet) -> None:
        self.beginResetModel()
        self._rows = self._load()
        self.endResetModel()


class PhaseStatusModel(_ReadOnlyTableModel):
    """The RAG status of each phase with tasks: the status cell is coloured and says the word.

    Args:
        document: the document whose ``status`` the table shows.
        parent: the owning QObject.
    """

    COLUMNS = PHASE_COLUMNS

    def _load(self) -> tuple[RagAssessment, ...]:
        status = self._document.status
        return () if status is None else status.phases

    def _decoration(self, row: RagAssessment, column: Column, value: Any, role: int) -> Any:
        if column.key == "status":
            # A wash of the RAG colour over the theme's base and the colour made legible on it; the cell
            # also says the word, so it never relies on colour alone.
            fill, ink = status_cell(QColor(RAG_COLOURS[row.status][1]))
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(fill)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(ink)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        if role == Qt.ItemDataRole.ForegroundRole and column.key == "slip_days":
            return slip_colour(value)
        if role == Qt.ItemDataRole.ToolTipRole and column.key in ("reason", "status"):
            return "\n".join(row.reasons)
        return None


COST_COLUMNS: tuple[Column, ...] = (
    Column("item", QT_TRANSLATE_NOOP(_CONTEXT, "Item")),
    Column("name", QT_TRANSLATE_NOOP(_CONTEXT, "Name")),
    Column("category", QT_TRANSLATE_NOOP(_CONTEXT, "Category")),
    Column("baseline", QT_TRANSLATE_NOOP(_CONTEXT, "Baseline"), format_money, numeric=True),
    Column("current", QT_TRANSLATE_NOOP(_CONTEXT, "Current"), format_money, numeric=True),
    Column(
        "variance",
        QT_TRANSLATE_NOOP(_CONTEXT, "Variance"),
        signed_money,
        numeric=True,
        tip=QT_TRANSLATE_NOOP(_CONTEXT, "Current minus baseline, ex VAT, before optimism bias (+ dearer)"),
    ),
)
COST_KEYS: tuple[str, ...] = tuple(c.key for c in COST_COLUMNS)


class CostVarianceModel(_ReadOnlyTableModel):
    """Each cost item's total now against the chosen baseline; empty without a baseline.

    Args:
        document: the document whose ``variance`` the table shows.
        parent: the owning QObject.
    """

    COLUMNS = COST_COLUMNS

    def _load(self) -> tuple[CostVariance, ...]:
        moved = self._document.variance
        return () if moved is None else moved.costs

    def _decoration(self, row: CostVariance, column: Column, value: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column.numeric:
            if value is None:
                return (
                    translate("Not in the baseline")
                    if column.key == "baseline"
                    else translate("No longer in the plan")
                )
            return format_pence(value)
        if role == Qt.ItemDataRole.ForegroundRole and column.key == "variance":
            return slip_colour(value)
        return None
