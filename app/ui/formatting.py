"""Display formats shared by the UI models and pages: UK dates and whole pounds.

Formatting only: values come from the engine already computed; nothing here derives a date or an amount.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate


def format_money(pounds: float) -> str:
    """Return ``pounds`` as whole pounds with thousands separators, e.g. ``£1,234`` (``-£50`` if negative)."""
    sign = "-" if pounds < 0 else ""
    return f"{sign}£{abs(pounds):,.0f}"


def format_date(value: date | None) -> str:
    """Return ``value`` in UK day-first form ``dd/mm/yyyy``, or an empty string for no date."""
    return value.strftime("%d/%m/%Y") if value is not None else ""


def format_percent(fraction: float, decimals: int = 1) -> str:
    """Return a fraction as a percentage, e.g. ``0.035`` -> ``3.5%``."""
    return f"{fraction * 100:.{decimals}f}%"


def to_qdate(value: date) -> QDate:
    """Return ``value`` as a ``QDate``."""
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    """Return ``value`` as a ``datetime.date``."""
    return date(value.year(), value.month(), value.day())
