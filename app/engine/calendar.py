"""The working calendar: UK bank holidays by nation, project non-working days, and working-day indices.

Semantics §1-2: working days are Monday to Friday minus the bank holidays of the project's nation (from the
``holidays`` package's UK subdivisions) minus the project's own non-working dates. Index 0 is the first working
day on or after the project start; negative indices count back before it. Freeze windows are held as index
ranges of the working days inside them.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
import numpy as np

from app.engine.model import Freeze, Nation, Project

SUBDIVISION: dict[str, str] = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}
_SPAN_YEARS_BEFORE = 3
_GROW_YEARS = 10


@lru_cache(maxsize=16)
def bank_holidays(nation: Nation, first_year: int, last_year: int) -> dict[date, str]:
    """Return the bank holidays of ``nation`` from ``first_year`` to ``last_year`` inclusive, with names."""
    found = holidays.country_holidays("GB", subdiv=SUBDIVISION[nation], years=range(first_year, last_year + 1))
    return dict(sorted(found.items()))


@dataclass(frozen=True)
class FreezeSpan:
    """A freeze window as working-day indices: the working days inside it are ``[first, end)``."""

    name: str
    first: int
    end: int


class WorkingCalendar:
    """Maps dates to working-day indices and back for one project.

    The table of working days grows on demand, so indices far in the future (or before the start) work.
    """

    def __init__(self, nation: Nation, start: date, non_working: Iterable[date] = ()) -> None:
        self.nation = nation
        self.start = start
        self._extra = frozenset(non_working)
        self.non_working = self._extra
        self._first_year = start.year - _SPAN_YEARS_BEFORE
        self._last_year = start.year
        self._ordinals: list[int] = []
        self._origin = 0  # position of index 0 in self._ordinals
        self._array: np.ndarray | None = None
        self._build(start.year + _GROW_YEARS)

    @classmethod
    def for_project(cls, project: Project) -> WorkingCalendar:
        """Return the calendar of ``project``'s nation, start date and non-working days."""
        return cls(project.nation, project.start_date, project.non_working_days)

    def _build(self, last_year: int) -> None:
        holidays_ = bank_holidays(self.nation, self._first_year, last_year)
        day = date(self._first_year, 1, 1)
        end = date(last_year, 12, 31)
        ordinals = []
        while day <= end:
            if day.weekday() < 5 and day not in holidays_ and day not in self._extra:
                ordinals.append(day.toordinal())
            day += timedelta(days=1)
        self._ordinals = ordinals
        self._last_year = last_year
        self._origin = bisect.bisect_left(ordinals, self.start.toordinal())
        self._array = None

    def _ensure_index(self, index: int) -> None:
        while self._origin + index >= len(self._ordinals):
            self._build(self._last_year + _GROW_YEARS)
        if self._origin + index < 0:
            raise ValueError(f"working-day index {index} is more than {_SPAN_YEARS_BEFORE} years before the start")

    def _ensure_date(self, day: date) -> None:
        while day.year >= self._last_year:
            self._build(self._last_year + _GROW_YEARS)

    def is_working_day(self, day: date) -> bool:
        """True when ``day`` is a working day."""
        self._ensure_date(day)
        ordinal = day.toordinal()
        pos = bisect.bisect_left(self._ordinals, ordinal)
        return pos < len(self._ordinals) and self._ordinals[pos] == ordinal

    def index_on_or_after(self, day: date) -> int:
        """Index of the first working day on or after ``day``."""
        self._ensure_date(day)
        return bisect.bisect_left(self._ordinals, day.toordinal()) - self._origin

    def index_on_or_before(self, day: date) -> int:
        """Index of the last working day on or before ``day``."""
        self._ensure_date(day)
        return bisect.bisect_right(self._ordinals, day.toordinal()) - 1 - self._origin

    def date_of(self, index: int) -> date:
        """The date of working-day ``index``."""
        self._ensure_index(index)
        return date.fromordinal(self._ordinals[self._origin + index])

    def ordinals_of(self, indices: np.ndarray) -> np.ndarray:
        """Vectorised ``date_of``: the proleptic ordinals of many indices at once."""
        if indices.size:
            self._ensure_index(int(indices.max()))
            self._ensure_index(int(indices.min()))
        if self._array is None:
            self._array = np.asarray(self._ordinals, dtype=np.int64)
        found: np.ndarray = self._array[indices + self._origin]
        return found

    def working_days_between(self, first: date, last: date) -> int:
        """Number of working days from ``first`` to ``last`` inclusive (0 if ``last`` is before ``first``)."""
        return max(0, self.index_on_or_before(last) - self.index_on_or_after(first) + 1)

    def freeze_span(self, freeze: Freeze) -> FreezeSpan:
        """The working days inside ``freeze`` (inclusive dates) as an index range."""
        first = self.index_on_or_after(freeze.start)
        end = self.index_on_or_after(freeze.end + timedelta(days=1))
        return FreezeSpan(freeze.name, first, max(first, end))

    def holidays_between(self, first: date, last: date) -> list[tuple[date, str]]:
        """Bank holidays of the nation between two dates, inclusive, with their names."""
        self._ensure_date(last)
        table = bank_holidays(self.nation, self._first_year, self._last_year)
        return [(d, n) for d, n in table.items() if first <= d <= last]


def add_months(day: date, months: float) -> date:
    """``day`` plus a number of calendar months (whole months by the calendar, any fraction as days).

    The day of the month is clipped to the target month's length (31 Jan + 1 month = 28 or 29 Feb).
    """
    whole = int(months)
    month_index = day.month - 1 + whole
    year, month = day.year + month_index // 12, month_index % 12 + 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    result = date(year, month, min(day.day, last_day))
    return result + timedelta(days=round((months - whole) * 365.25 / 12))
