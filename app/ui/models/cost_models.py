"""Costs page models: the plan's cost lines (editable in place) with their filter, and totals by year.

``CostLineTableModel`` adapts ``plan.cost_lines``: rows are line ids in plan order; cells read the line and,
for the Total column, the line's item in ``document.costs``. ``setData`` pushes one labelled edit.
``CostLineFilterProxy`` filters by option, category and text. ``FinancialYearTotalsModel`` shows the
report's figures by financial year, one column per year plus Total: values are picked, never summed.
"""

from __future__ import annotations

import math
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
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont

from app.engine.cost import CostItem, CostReport
from app.engine.edits import ChangeSet, EditError, set_item_fields
from app.engine.model import CostAnchor, CostLine, Plan
from app.ui.appearance import application_palette, muted_text
from app.ui.document import Document
from app.ui.formatting import format_date, format_money

LINE_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_CONTEXT = "CostLineTableModel"
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
AnyIndex = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def format_pence(pounds: float) -> str:
    """Return ``pounds`` with pence, e.g. ``£1,234.50`` (tooltips; the tables show whole pounds)."""
    sign = "-" if pounds < 0 else ""
    return f"{sign}£{abs(pounds):,.2f}"


def option_label(option: str) -> str:
    """``do_minimum`` -> ``Do minimum``."""
    return _tr("Migrate") if option == "migrate" else _tr("Do minimum") if option == "do_minimum" else option


def kind_label(kind: str) -> str:
    """``one_off`` -> ``One-off``."""
    return _tr("One-off") if kind == "one_off" else _tr("Recurring") if kind == "recurring" else kind


def _anchor_text(anchor: CostAnchor | None, missing: str) -> str:
    if anchor is None:
        return missing
    if anchor.date is not None:
        return format_date(anchor.date)
    if anchor.task:
        return (
            _tr("{task} start").format(task=anchor.task)
            if anchor.event == "start"
            else _tr("{task} finish").format(task=anchor.task)
        )
    return _tr("(unset)")


def timing_text(line: CostLine) -> str:
    """When a line charges, in words: ``on 01/10/2026``, ``over T07``, ``monthly from T11 start to ...``."""
    if line.kind == "one_off":
        if line.date is not None:
            return _tr("on {date}").format(date=format_date(line.date))
        return _tr("over {task}").format(task=line.task) if line.task else _tr("not placed")
    text = _tr("monthly from {start} to {end}").format(
        start=_anchor_text(line.start, _tr("(no start)")), end=_anchor_text(line.end, _tr("horizon end"))
    )
    if line.ramp:
        text += _tr(", ramped ({n} steps)").format(n=len(line.ramp))
    return text


@dataclass(frozen=True)
class Column:
    """One cost-line column: ``value(line, item)`` is the raw value; ``field`` names an editable field."""

    key: str
    header: object  # str marked by QT_TRANSLATE_NOOP
    value: Callable[[CostLine, CostItem | None], Any]
    fmt: Callable[[Any], str] = str
    numeric: bool = False
    field: str | None = None
    money: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("id", QT_TRANSLATE_NOOP(_CONTEXT, "Id"), lambda c, i: c.id),
    Column("name", QT_TRANSLATE_NOOP(_CONTEXT, "Name"), lambda c, i: c.name, field="name"),
    Column("category", QT_TRANSLATE_NOOP(_CONTEXT, "Category"), lambda c, i: c.category, field="category"),
    Column("option", QT_TRANSLATE_NOOP(_CONTEXT, "Option"), lambda c, i: c.option, fmt=option_label),
    Column("kind", QT_TRANSLATE_NOOP(_CONTEXT, "Kind"), lambda c, i: c.kind, fmt=kind_label),
    Column(
        "amount",
        QT_TRANSLATE_NOOP(_CONTEXT, "Amount"),
        lambda c, i: c.amount,
        fmt=format_money,
        numeric=True,
        money=True,
    ),
    Column("timing", QT_TRANSLATE_NOOP(_CONTEXT, "Timing"), lambda c, i: timing_text(c)),
    Column(
        "total",
        QT_TRANSLATE_NOOP(_CONTEXT, "Total in horizon"),
        lambda c, i: i.total if i else None,
        fmt=format_money,
        numeric=True,
        money=True,
    ),
    Column(
        "unit_cost",
        QT_TRANSLATE_NOOP(_CONTEXT, "Unit cost"),
        lambda c, i: c.unit_cost,
        fmt=format_money,
        numeric=True,
        field="unit_cost",
        money=True,
    ),
    Column(
        "quantity",
        QT_TRANSLATE_NOOP(_CONTEXT, "Quantity"),
        lambda c, i: c.quantity,
        fmt=lambda v: f"{v:,.10g}",
        numeric=True,
        field="quantity",
    ),
    Column("ob_category", QT_TRANSLATE_NOOP(_CONTEXT, "OB category"), lambda c, i: c.ob_category),
    Column("system", QT_TRANSLATE_NOOP(_CONTEXT, "System"), lambda c, i: c.system or ""),
    Column("phase", QT_TRANSLATE_NOOP(_CONTEXT, "Phase"), lambda c, i: c.phase or ""),
)
COLUMN_KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS)
_EDIT_LABELS = {
    "name": QT_TRANSLATE_NOOP(_CONTEXT, "Rename cost line {id}"),
    "category": QT_TRANSLATE_NOOP(_CONTEXT, "Change category of {id}"),
    "unit_cost": QT_TRANSLATE_NOOP(_CONTEXT, "Change unit cost of {id}"),
    "quantity": QT_TRANSLATE_NOOP(_CONTEXT, "Change quantity of {id}"),
}
_HEADER_TIPS = {
    "amount": QT_TRANSLATE_NOOP(_CONTEXT, "Unit cost x quantity: a one-off total, or a month"),
    "total": QT_TRANSLATE_NOOP(_CONTEXT, "What the line costs inside the appraisal horizon"),
}


def parse_field(field: str, value: Any) -> Any:
    """Return ``value`` as the type of a cost-line field, raising ``ValueError`` (in words) when invalid."""
    if field in ("unit_cost", "quantity"):
        unreadable = (_tr("Enter an amount in pounds, e.g. 1250 or £1,250.50.") if field == "unit_cost"
                      else _tr("Enter a number, e.g. 250."))
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            raise ValueError(unreadable) from None
        if not math.isfinite(number):  # "nan", "inf" and "1e400" read as numbers no file can hold
            raise ValueError(unreadable)
        if number < 0:
            raise ValueError(
                _tr("An amount cannot be negative.")
                if field == "unit_cost"
                else _tr("A quantity cannot be negative.")
            )
        return number + 0.0  # "-0" is nothing, not minus nothing
    text = str(value).strip()
    if not text:
        raise ValueError(_tr("A cost line needs a name.") if field == "name" else _tr("Choose a category."))
    return text


class CostLineTableModel(QAbstractTableModel):
    """The plan's cost lines in plan order; ``LINE_ROLE`` returns the ``CostLine``.

    Args:
        document: the document whose cost lines and cost report the table shows.
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
        self._items: dict[str, CostItem] = {}
        self._items_of: CostReport | None = None
        self._load_ids()
        document.plan_changed.connect(self._on_document_plan_changed)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        """Return the number of cost lines (0 under a valid parent: a flat table)."""
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        """Return the number of columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Return the translated header, its tooltip and alignment."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return section + 1 if role == Qt.ItemDataRole.DisplayRole else None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return _tr(str(column.header))
        if role == Qt.ItemDataRole.ToolTipRole and column.key in _HEADER_TIPS:
            return _tr(str(_HEADER_TIPS[column.key]))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_RIGHT if column.numeric else _LEFT)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the cell text (whole pounds), tooltip (pence), edit value, sort key or the line."""
        line = self.line_at(index)
        if line is None:
            return None
        if role == LINE_ROLE:
            return line
        column = COLUMNS[index.column()]
        value = column.value(line, self._item(line.id))
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else column.fmt(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            if value is None:
                return _tr("Not counted: see the warnings") if column.key == "total" else None
            return format_pence(value) if column.money else column.fmt(value)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == SORT_ROLE:
            return value if value is not None else -1.0 if column.numeric else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_RIGHT if column.numeric else _LEFT)
        if role == Qt.ItemDataRole.ForegroundRole and line.option == "do_minimum" and column.key == "option":
            return QBrush(muted_text(application_palette()))
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Enabled and selectable; name, category, unit cost and quantity are editable in place."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if COLUMNS[index.column()].field is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """Push one labelled edit for a valid, changed value; refuse invalid ones (nothing is pushed)."""
        line = self.line_at(index)
        field = COLUMNS[index.column()].field if index.isValid() else None
        if line is None or field is None or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            parsed = parse_field(field, value)
        except (TypeError, ValueError) as problem:
            self.edit_refused.emit(
                str(problem)
                if isinstance(problem, ValueError)
                else _tr("That is not a valid value for {id}.").format(id=line.id)
            )
            return False
        if getattr(line, field) == parsed:
            return True
        label = _tr(str(_EDIT_LABELS[field])).format(id=line.id)
        try:
            self._document.push(
                set_item_fields(self._document.plan, "cost_lines", line.id, label, **{field: parsed})
            )
        except EditError as problem:
            self.edit_refused.emit(str(problem))
            return False
        return True

    def line_at(self, index: AnyIndex) -> CostLine | None:
        """The cost line in ``index``'s row, or ``None``."""
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        return _line_by_id(self._document.plan, self._ids[index.row()])

    def row_of(self, line_id: str) -> int:
        """The row of cost line ``line_id``, or -1."""
        return self._row_of.get(line_id, -1)

    @staticmethod
    def column_of(key: str) -> int:
        """The column number of the column called ``key``."""
        return COLUMN_KEYS.index(key)

    def _item(self, line_id: str) -> CostItem | None:
        report = self._document.costs
        if report is not self._items_of:
            self._items_of = report
            self._items = {} if report is None else {i.id: i for i in report.lines if i.source == "line"}
        return self._items.get(line_id)

    def _load_ids(self) -> None:
        self._ids = tuple(c.id for c in self._document.plan.cost_lines)
        self._row_of = {}
        for row, line_id in enumerate(self._ids):
            self._row_of.setdefault(line_id, row)

    def _on_document_plan_changed(self, changes: ChangeSet) -> None:
        if (
            changes.structural
            and changes.touches("cost_lines")
            or tuple(c.id for c in self._document.plan.cost_lines) != self._ids
        ):
            self.beginResetModel()
            self._load_ids()
            self.endResetModel()
        elif self._ids:  # any change can move a line's total (task dates, rates, the horizon)
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))


def _line_by_id(plan: Plan, line_id: str) -> CostLine | None:
    return next((c for c in plan.cost_lines if c.id == line_id), None)


class CostLineFilterProxy(QSortFilterProxyModel):
    """Sorts by raw values and keeps the lines of an option, a category and containing a text.

    Args:
        parent: the owning QObject.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._option: str | None = None
        self._category: str | None = None
        self._text = ""
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_filters(self, option: str | None, category: str | None, text: str) -> None:
        """Show lines of ``option`` and ``category`` (``None``: any) whose id, name or notes hold text."""
        self.beginFilterChange()
        self._option, self._category, self._text = option, category, text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:  # noqa: N802 - Qt override
        """Keep a row matching every filter."""
        model = self.sourceModel()
        line = model.index(source_row, 0, source_parent).data(LINE_ROLE) if model is not None else None
        if not isinstance(line, CostLine):
            return False
        if self._option is not None and line.option != self._option:
            return False
        if self._category is not None and line.category != self._category:
            return False
        haystack = f"{line.id} {line.name} {line.system or ''} {line.notes}".casefold()
        return not self._text or self._text in haystack


_BOLD_ROWS = ("migrate", "do_minimum", "npc_migrate", "npc_do_minimum")
_FY_ROWS: tuple[tuple[str, object], ...] = (
    ("migrate", QT_TRANSLATE_NOOP("FinancialYearTotalsModel", "Migrate total")),
    ("do_minimum", QT_TRANSLATE_NOOP("FinancialYearTotalsModel", "Do minimum total")),
    ("optimism_bias", QT_TRANSLATE_NOOP("FinancialYearTotalsModel", "Optimism bias (migrate)")),
    ("migrate_with_ob", QT_TRANSLATE_NOOP("FinancialYearTotalsModel", "Migrate with optimism bias")),
    ("vat", QT_TRANSLATE_NOOP("FinancialYearTotalsModel", "Irrecoverable VAT (migrate)")),
    ("factor", QT_TRANSLATE_NOOP("FinancialYearTotalsModel", "Discount factor")),
    ("pv_migrate", QT_TRANSLATE_NOOP("FinancialYearTotalsModel", "Discounted: migrate")),
    ("pv_do_minimum", QT_TRANSLATE_NOOP("FinancialYearTotalsModel", "Discounted: do minimum")),
    ("npc_migrate", QT_TRANSLATE_NOOP("FinancialYearTotalsModel", "Net present cost: migrate")),
    ("npc_do_minimum", QT_TRANSLATE_NOOP("FinancialYearTotalsModel", "Net present cost: do minimum")),
    (
        "npc_migrate_with_ob",
        QT_TRANSLATE_NOOP("FinancialYearTotalsModel", "Net present cost: migrate with optimism bias"),
    ),
    (
        "npc_difference",
        QT_TRANSLATE_NOOP("FinancialYearTotalsModel", "Migrate less do minimum (present value)"),
    ),
)
_NPC = {
    "npc_migrate": "npc_migrate",
    "npc_do_minimum": "npc_do_minimum",
    "npc_migrate_with_ob": "npc_migrate_with_ob",
    "npc_difference": "npc_difference",
}


class FinancialYearTotalsModel(QAbstractTableModel):
    """The cost report by financial year: one column per year label plus Total, rows as ``ROW_KEYS``.

    Each cell is a figure of the report: ``by_fy_*``, ``discount_factors`` and ``discounted_by_fy_*`` by
    year, ``total_*`` (or the NPC, for discounted rows) in the Total column; the net present cost rows fill
    the Total column only. Empty when there is no report.

    Args:
        document: the document whose ``costs`` the table shows.
        parent: the owning QObject.
    """

    ROW_KEYS: tuple[str, ...] = tuple(key for key, _ in _FY_ROWS)

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._report = document.costs
        document.plan_changed.connect(self._on_document_plan_changed)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        """Return the number of figure rows (0 without a report)."""
        return 0 if parent.isValid() or self._report is None else len(_FY_ROWS)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        """Return one column per financial year plus Total."""
        return 0 if parent.isValid() or self._report is None else len(self._report.fy_labels) + 1

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Year labels and Total across; the figure names down."""
        report = self._report
        if report is None or role != Qt.ItemDataRole.DisplayRole:
            if role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Horizontal:
                return int(_RIGHT)
            return None
        if orientation == Qt.Orientation.Horizontal:
            labels = report.fy_labels
            if 0 <= section < len(labels):
                return labels[section]
            return (
                QCoreApplication.translate("FinancialYearTotalsModel", "Total")
                if section == len(labels)
                else None
            )
        if 0 <= section < len(_FY_ROWS):
            return QCoreApplication.translate("FinancialYearTotalsModel", str(_FY_ROWS[section][1]))
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The figure (whole pounds; pence in the tooltip; a factor to 4 places); ``UserRole``: the float."""
        value = self.value(index.row(), index.column()) if index.isValid() else None
        if value is None and role != Qt.ItemDataRole.TextAlignmentRole:
            return None
        key = self.ROW_KEYS[index.row()] if index.isValid() and index.row() < len(_FY_ROWS) else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{value:.4f}" if key == "factor" else format_money(value or 0.0)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{value:.6f}" if key == "factor" else format_pence(value or 0.0)
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_RIGHT)
        if role == Qt.ItemDataRole.FontRole and key in _BOLD_ROWS:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def value(self, row: int, column: int) -> float | None:
        """The report's figure shown at ``row``, ``column`` (``None`` where the report has none)."""
        report = self._report
        if report is None or not 0 <= row < len(_FY_ROWS):
            return None
        labels = report.fy_labels
        if not 0 <= column <= len(labels):
            return None
        key = self.ROW_KEYS[row]
        if key in _NPC:
            return float(getattr(report, _NPC[key])) if column == len(labels) else None
        if key == "factor":
            return report.discount_factors[column] if column < len(labels) else None
        by_fy, total = {
            "migrate": (report.by_fy_migrate, report.total_migrate),
            "do_minimum": (report.by_fy_do_minimum, report.total_do_minimum),
            "optimism_bias": (report.optimism_bias_by_fy, report.optimism_bias),
            "migrate_with_ob": (report.by_fy_migrate_with_ob, report.total_migrate_with_ob),
            "vat": (report.irrecoverable_vat_by_fy_migrate, report.irrecoverable_vat),
            "pv_migrate": (report.discounted_by_fy_migrate, report.npc_migrate),
            "pv_do_minimum": (report.discounted_by_fy_do_minimum, report.npc_do_minimum),
        }[key]
        return total if column == len(labels) else by_fy.get(labels[column], 0.0)

    def _on_document_plan_changed(self, _changes: ChangeSet) -> None:
        self.beginResetModel()
        self._report = self._document.costs
        self.endResetModel()


class CategoryTotalsModel(QAbstractTableModel):
    """Each cost category's total: migrate (``by_category``) and do minimum (``by_category_do_minimum``).

    Categories are in order of the migrate total, largest first; a blank cell means the option has none.

    Args:
        document: the document whose ``costs`` the table shows.
        parent: the owning QObject.
    """

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._rows: list[tuple[str, float | None, float | None]] = []
        self._load()
        document.plan_changed.connect(self._on_document_plan_changed)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        """Return the number of categories."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        """Category, migrate, do minimum."""
        return 0 if parent.isValid() else 3

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """The column names."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < 3
        ):
            names = ("Category", "Migrate", "Do minimum")
            return QCoreApplication.translate("CategoryTotalsModel", names[section])
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_LEFT if section == 0 else _RIGHT)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The category name or its total (whole pounds; pence in the tooltip)."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        value = row[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_LEFT if index.column() == 0 else _RIGHT)
        if value is None or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.UserRole,
        ):
            return None
        if isinstance(value, str) or role == Qt.ItemDataRole.UserRole:
            return value
        return format_money(value) if role == Qt.ItemDataRole.DisplayRole else format_pence(value)

    def _load(self) -> None:
        report = self._document.costs
        if report is None:
            self._rows = []
            return
        names = sorted(report.by_category, key=lambda n: -report.by_category[n])
        names += [n for n in report.by_category_do_minimum if n not in report.by_category]
        self._rows = [(n, report.by_category.get(n), report.by_category_do_minimum.get(n)) for n in names]

    def _on_document_plan_changed(self, _changes: ChangeSet) -> None:
        self.beginResetModel()
        self._load()
        self.endResetModel()
