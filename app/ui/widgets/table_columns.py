"""Column widths for the app's tables: fit to contents, cap long text columns, let the last one stretch."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtWidgets import QHeaderView, QTableView


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
