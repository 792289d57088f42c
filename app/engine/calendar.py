"""The working calendar: UK bank holidays by nation, project non-working days, and working-day indices.

Semantics §1-2: working days are Monday to Friday minus the bank holidays of the project's nation (from the
``holidays`` package's UK subdivisions) minus the project's own non-working dates. Index 0 is the first working
day on or after the project start; negative indices count back before it. Freeze windows are held as index
ranges of the working days inside them.

The table of working days grows on demand, doubling its span each time, from three years before the start
year to at most 31 December ``LAST_YEAR`` (3999: a thousand years past the latest start an interchange
file may hold). A schedule that needs a working day past that (durations or lags far too long, or a start
no earlier than, actual or status date beyond it) raises ``PlanError`` ("the schedule runs past 31 Dec
3999 ..."). A date past the last year, asked for its index, maps to one index beyond every working day
the calendar can hold, without growing the table: a deadline or freeze in 9999 then bounds nothing.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import MINYEAR, date, timedelta
from functools import lru_cache

import holidays
import numpy as np

from app.engine.model import Freeze, Nation, Project
from app.errors import PlanError

SUBDIVISION: dict[str, str] = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}
_SPAN_YEARS_BEFORE = 3
_GROW_YEARS = 10
# The last year the working calendar reaches (see the module docstring).
LAST_YEAR = 3999
_LAST_DAY = date(LAST_YEAR, 12, 31)


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

    The table of working days grows on demand (doubling its span, up to ``LAST_YEAR``), so indices far in
    the future (or up to three years before the start) work.
    """

    def __init__(self, nation: Nation, start: date, non_working: Iterable[date] = ()) -> None:
        self.nation = nation
        self.start = start
        self._extra = frozenset(non_working)
        self.non_working = self._extra
        if start.year > LAST_YEAR:
            raise PlanError(f"the project starts after {_LAST_DAY:%d %b %Y}, the last day the working "
                            f"calendar reaches")
        self._first_year = max(MINYEAR, start.year - _SPAN_YEARS_BEFORE)
        self._last_year = self._first_year - 1
        self._ordinals: list[int] = []
        self._array: np.ndarray | None = None
        # More than any index the table can hold (every day from the start to the last day counted).
        self._beyond = _LAST_DAY.toordinal() - start.toordinal() + 1
        self._extend(min(start.year + _GROW_YEARS, LAST_YEAR))
        self._origin = bisect.bisect_left(self._ordinals, start.toordinal())  # position of index 0

    @classmethod
    def for_project(cls, project: Project) -> WorkingCalendar:
        """Return the calendar of ``project``'s nation, start date and non-working days."""
        return cls(project.nation, project.start_date, project.non_working_days)

    def _extend(self, last_year: int) -> None:
        """Add the working days of the years after the table's last year, up to ``last_year``."""
        first_year = self._last_year + 1
        low, high = date(first_year, 1, 1).toordinal(), date(last_year, 12, 31).toordinal()
        days = np.arange(low, high + 1, dtype=np.int64)
        keep = (days + 6) % 7 < 5  # date.weekday(): Monday to Friday
        off = [d.toordinal() for d in bank_holidays(self.nation, first_year, last_year)]
        off += [d.toordinal() for d in self._extra if first_year <= d.year <= last_year]
        if off:
            keep &= ~np.isin(days, np.array(off, dtype=np.int64))
        self._ordinals.extend(days[keep].tolist())
        self._last_year = last_year
        self._array = None

    def _grow(self) -> None:
        """Double the table's span (at least ten more years), to ``LAST_YEAR`` at most."""
        span = self._last_year - self._first_year + 1
        self._extend(min(LAST_YEAR, self._last_year + max(_GROW_YEARS, span)))

    def _ensure_index(self, index: int) -> None:
        if self._origin + index < 0:
            raise PlanError(f"the schedule runs before 01 Jan {self._first_year}, the first day the working "
                            f"calendar reaches (working day {index:,} counted back from the start)")
        while self._origin + index >= len(self._ordinals):
            if index >= self._beyond or self._last_year >= LAST_YEAR:
                raise PlanError(f"the schedule runs past {_LAST_DAY:%d %b %Y}, the last day the working "
                                f"calendar reaches (durations or lags far too long, or a date too far ahead)")
            self._grow()

    def _ensure_date(self, day: date) -> None:
        while day.year >= self._last_year and self._last_year < LAST_YEAR:
            self._grow()

    def is_working_day(self, day: date) -> bool:
        """True when ``day`` is a working day (never past ``LAST_YEAR``)."""
        if day.year > LAST_YEAR:
            return False
        self._ensure_date(day)
        ordinal = day.toordinal()
        pos = bisect.bisect_left(self._ordinals, ordinal)
        return pos < len(self._ordinals) and self._ordinals[pos] == ordinal

    def index_on_or_after(self, day: date) -> int:
        """Index of the first working day on or after ``day`` (past ``LAST_YEAR``: beyond every index)."""
        if day.year > LAST_YEAR:
            return self._beyond
        self._ensure_date(day)
        return bisect.bisect_left(self._ordinals, day.toordinal()) - self._origin

    def index_on_or_before(self, day: date) -> int:
        """Index of the last working day on or before ``day`` (past ``LAST_YEAR``: beyond every index)."""
        if day.year > LAST_YEAR:
            return self._beyond
        self._ensure_date(day)
        return bisect.bisect_right(self._ordinals, day.toordinal()) - 1 - self._origin

    def date_of(self, index: int) -> date:
        """The date of working-day ``index``.

        Raises:
            PlanError: the index lies past ``LAST_YEAR`` (or more than three years before the start).
        """
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
        after = freeze.end + timedelta(days=1) if freeze.end < _LAST_DAY else None
        end = self._beyond if after is None else self.index_on_or_after(after)
        return FreezeSpan(freeze.name, first, max(first, end))

    def holidays_between(self, first: date, last: date) -> list[tuple[date, str]]:
        """Bank holidays of the nation between two dates, inclusive, with their names (to ``LAST_YEAR``)."""
        last = min(last, _LAST_DAY)
        self._ensure_date(last)
        table = bank_holidays(self.nation, self._first_year, self._last_year)
        return [(d, n) for d, n in table.items() if first <= d <= last]


def add_months(day: date, months: float) -> date:
    """``day`` plus a number of calendar months (whole months by the calendar, any fraction as days).

    The day of the month is clipped to the target month's length (31 Jan + 1 month = 28 or 29 Feb).

    Raises:
        PlanError: the result would fall outside the years 1 to 9999 (or ``months`` is not a number).
    """
    try:
        whole = int(months)
        month_index = day.month - 1 + whole
        year, month = day.year + month_index // 12, month_index % 12 + 1
        last_day = 31 if month == 12 else (date(year, month + 1, 1) - timedelta(days=1)).day
        result = date(year, month, min(day.day, last_day))
        return result + timedelta(days=round((months - whole) * 365.25 / 12))
    except (ValueError, OverflowError):
        raise PlanError(f"{months:g} months from {day:%d %b %Y} is outside the dates a calendar can hold "
                        f"(years {MINYEAR} to {date.max.year})") from None
