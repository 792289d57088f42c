"""The app's item tables: how they are made, and column widths fitted to contents with caps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


def fit_columns(table: QTableView, keys: Sequence[str], widest: Mapping[str, int], default: int) -> None:
    """Fit ``table``'s columns to their contents, capped per column key, the last one taking the rest.

    Args:
        table: the table view.
        keys: the column keys in column order.
        widest: the cap in pixels for particular keys.
        default: the cap for every other column.
    """
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    table.resizeColumnsToContents()
    for column, key in enumerate(keys):
        header.resizeSection(column, min(header.sectionSize(column), widest.get(key, default)))


def item_table(parent: QWidget, model: QAbstractItemModel, accessible_name: str) -> QTableView:
    """A table of plan items: sortable (plan order until a header is clicked), whole-row selection."""
    table = QTableView(parent)
    table.setModel(model)
    table.setAccessibleName(accessible_name)
    table.setSortingEnabled(True)
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    return table
