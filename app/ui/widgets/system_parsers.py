"""Parsing and formatting of the values typed into the system properties panel.

Parsers raise ``ValueError`` with the (translated) message the panel shows under the field; they never touch
the plan except to look up ids already in use.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication

from app.engine.model import System
from app.storage.interchange import MAX_WHOLE

_CONTEXT = "SystemPropertiesPanel"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def parse_system_id(text: str, own_id: str | None, systems: Mapping[str, System]) -> str:
    """Return the trimmed id, refusing an empty one, one with spaces, or another system's."""
    value = text.strip()
    if not value:
        raise ValueError(_tr("Enter an ID: every system needs one."))
    if any(character.isspace() for character in value):
        raise ValueError(_tr("An ID cannot contain spaces."))
    if value != own_id and value in systems:
        message = _tr("{id} is already the ID of “{name}”.")
        raise ValueError(message.format(id=value, name=systems[value].name))
    return value


def parse_name(text: str) -> str:
    """Return the trimmed name, refusing an empty one."""
    value = text.strip()
    if not value:
        raise ValueError(_tr("Enter a name: every system needs one."))
    return value


def parse_text(text: str) -> str:
    """Return the text without surrounding white space (free text: always valid)."""
    return text.strip()


def parse_whole(text: str) -> int:
    """Return a whole number of 0 or more (thousands separators allowed)."""
    value = parse_optional_whole(text)
    if value is None:
        raise ValueError(_tr("Enter a whole number (0 or more)."))
    return value


def parse_optional_whole(text: str) -> int | None:
    """Return a whole number of 0 or more, or ``None`` for an empty field."""
    cleaned = text.replace(",", "").strip()
    if not cleaned:
        return None
    try:
        value = int(cleaned)
    except ValueError:
        raise ValueError(_tr("Enter a whole number (0 or more), or leave it empty.")) from None
    if value < 0:
        raise ValueError(_tr("Cannot be negative."))
    if value > MAX_WHOLE:  # a project file or interchange JSON could not hold it
        raise ValueError(_tr("Too large: enter at most {n}.").format(n=f"{MAX_WHOLE:,}"))
    return value


def parse_money(text: str) -> float:
    """Return an amount in pounds of 0 or more; ``£`` and thousands separators are allowed, empty is 0."""
    cleaned = text.replace(",", "").replace("£", "").strip()
    if not cleaned:
        return 0.0
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(_tr("Enter an amount in pounds, such as 12,500.")) from None
    if not math.isfinite(value):
        raise ValueError(_tr("Enter an amount in pounds, such as 12,500."))
    if value < 0:
        raise ValueError(_tr("Cannot be negative."))
    return value if value else 0.0  # "-0" is nothing, not minus nothing


def parse_number_ranges(text: str) -> tuple[str, ...]:
    """Return one number range per line; blank lines (but trailing ones) and repeats are refused."""
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    ranges: list[str] = []
    for number, line in enumerate(lines, start=1):
        value = line.strip()
        if not value:
            raise ValueError(_tr("Line {n} is blank: remove it or enter a number range.").format(n=number))
        if value in ranges:
            raise ValueError(_tr("Line {n} repeats line {m}.").format(n=number, m=ranges.index(value) + 1))
        ranges.append(value)
    return tuple(ranges)


def parse_notes(text: str) -> str:
    """Return the notes without trailing white space."""
    return text.rstrip()


def format_whole(value: object) -> str:
    """Return a whole number with thousands separators, or an empty string for ``None``."""
    return "" if value is None else f"{value:,}"


def format_pounds(value: object) -> str:
    """Return pounds for editing: ``12,500``, ``9,500.50``, or a rate under a pound to 10 places (``0.008``).

    No £ sign: the label says it. Amounts of a pound or more show pennies; less would show as ``0.00``.
    """
    amount = float(value)  # type: ignore[arg-type]
    if amount.is_integer() or (abs(amount) >= 1 and round(amount, 2).is_integer()):
        return f"{amount:,.0f}"  # 1.004 shows as "1", as "1" reads back: the text is stable
    if abs(amount) < 1 and round(amount, 2) != amount:
        return f"{amount:.10f}".rstrip("0").rstrip(".")
    return f"{amount:,.2f}"


def format_lines(value: object) -> str:
    """Return a tuple of strings one per line."""
    return "\n".join(str(line) for line in value) if isinstance(value, tuple) else str(value)
