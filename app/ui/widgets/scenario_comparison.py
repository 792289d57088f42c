"""The Scenarios page's side-by-side table: one column per version of the plan, one row per figure.

Formatting only: every date and pound is a ``ScenarioFigures`` value the engine computed (``compare``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from app.engine.scenarios import ScenarioFigures
from app.ui.formatting import format_money

_CONTEXT = "ScenariosPage"
_MISSING = "—"
_Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def long_date(value: date) -> str:
    """A date as ``5 Jun 2028``."""
    return f"{value.day} {value:%b %Y}"


def _yes_no(value: bool) -> str:
    return _tr("Yes") if value else _tr("No")


@dataclass(frozen=True)
class FigureRow:
    """One row of the comparison: the ``ScenarioFigures`` field it shows, its label and its format."""

    key: str
    label: str
    fmt: Callable[[Any], str]


def comparison_rows() -> tuple[FigureRow, ...]:
    """The rows of the comparison table, top to bottom."""
    return (
        FigureRow("finish", _tr("Finish"), long_date),
        FigureRow("p50", _tr("P50"), long_date),
        FigureRow("p80", _tr("P80"), long_date),
        FigureRow("working_days", _tr("Working days"), lambda days: f"{days:,}"),
        FigureRow("within_benchmark", _tr("Within benchmark"), _yes_no),
        FigureRow("one_off", _tr("One-off cost"), format_money),
        FigureRow("dual_running", _tr("Dual running"), format_money),
        FigureRow("total_migrate", _tr("Total cost (migrate)"), format_money),
        FigureRow("npc_migrate", _tr("NPC (migrate)"), format_money),
        FigureRow("npc_do_minimum", _tr("NPC (do minimum)"), format_money),
        FigureRow("switching_value", _tr("Switching value (£/yr)"), format_money),
    )


def version_title(figures: ScenarioFigures) -> str:
    """A version's column title: its name, with "(working)" for the working plan."""
    return _tr("%1 (working)").replace("%1", figures.name) if figures.scenario is None else figures.name


def cell_text(figures: ScenarioFigures, row: FigureRow) -> str:
    """The text of one cell; a version that cannot be scheduled shows its problem in the Finish row."""
    if figures.problem is not None and row.key == "finish":
        return _tr("Cannot be scheduled: %1").replace("%1", figures.problem)
    value = getattr(figures, row.key)
    return _MISSING if value is None else row.fmt(value)


def comparison_description(versions: Sequence[ScenarioFigures]) -> str:
    """The comparison in words, for the chart's accessible description."""
    parts = []
    for figures in versions:
        if figures.finish is None:
            parts.append(_tr("%1: cannot be scheduled").replace("%1", version_title(figures)))
            continue
        p80 = long_date(figures.p80) if figures.p80 is not None else _MISSING
        money = format_money(figures.npc_migrate) if figures.npc_migrate is not None else _MISSING
        parts.append(_tr("%1: finish %2, P80 %3, NPC %4").replace("%1", version_title(figures))
                     .replace("%2", long_date(figures.finish)).replace("%3", p80).replace("%4", money))
    return "; ".join(parts) + "."


class ScenarioComparisonModel(QAbstractTableModel):
    """Rows are figures (Finish, P50, ... Switching value), columns the versions compared.

    ``Qt.ItemDataRole.UserRole`` on a cell returns the column's ``ScenarioFigures``.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows = comparison_rows()
        self._versions: tuple[ScenarioFigures, ...] = ()

    @property
    def versions(self) -> tuple[ScenarioFigures, ...]:
        """The figures shown, one per column."""
        return self._versions

    def set_versions(self, versions: Sequence[ScenarioFigures]) -> None:
        """Show ``versions`` (replacing any shown)."""
        self.beginResetModel()
        self._versions = tuple(versions)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt override
        """Rows: one per figure."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt override
        """Columns: one per version."""
        return 0 if parent.isValid() else len(self._versions)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The formatted figure, its alignment, the problem as a tool tip, or the ``ScenarioFigures``."""
        if not index.isValid():
            return None
        figures, row = self._versions[index.column()], self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return cell_text(figures, row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if figures.problem is not None and row.key == "finish":
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return figures.problem or f"{version_title(figures)}: {row.label}"
        if role == Qt.ItemDataRole.UserRole:
            return figures
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Versions across the top, figure names down the side."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return version_title(self._versions[section]) if 0 <= section < len(self._versions) else None
        return self._rows[section].label if 0 <= section < len(self._rows) else None
