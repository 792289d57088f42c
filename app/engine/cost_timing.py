"""When money falls: UK financial years, the appraisal horizon, and the spreading rules of semantics §6.

A ``FiscalHorizon`` is the appraisal period as a day grid: ``appraisal_years`` financial years (1 April to
31 March, labelled ``2027/28``) from the one containing the project start. Every spreading rule returns an
array of pounds per financial year of the horizon; money outside the horizon is left out (the caller warns).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from app.engine.calendar import WorkingCalendar
from app.engine.model import RampStep

FY_START_MONTH = 4  # the UK public-sector financial year starts on 1 April (domain brief §3.5)


def fy_start_year(day: date) -> int:
    """The calendar year in which the financial year containing ``day`` starts."""
    return day.year if day.month >= FY_START_MONTH else day.year - 1


def fy_label(start_year: int) -> str:
    """The label of the financial year starting 1 April ``start_year``: ``2027`` gives ``2027/28``."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


@dataclass(frozen=True)
class FiscalHorizon:
    """The appraisal horizon as whole UK financial years, with day and month grids for monthly charges.

    The horizon always starts on 1 April, so it holds ``12 x years`` whole calendar months.

    Attributes:
        first_year: the calendar year in which financial year t = 0 starts (1 April).
        labels: the financial-year labels, t = 0 first.
        start: 1 April of year t = 0.
        end: 31 March of the last financial year (inclusive).
        month_of_day: for each day of the grid (``start`` to ``end``), the index of its month.
        days_in_month: for each month of the grid, its number of days.
    """

    first_year: int
    labels: tuple[str, ...]
    start: date
    end: date
    month_of_day: np.ndarray
    days_in_month: np.ndarray

    @classmethod
    def for_start(cls, project_start: date, years: int) -> FiscalHorizon:
        """The horizon of ``years`` financial years from the one containing ``project_start``."""
        years = max(1, years)
        first = fy_start_year(project_start)
        start = date(first, FY_START_MONTH, 1)
        end = date(first + years, FY_START_MONTH, 1) - timedelta(days=1)
        months = np.arange(np.datetime64(f"{first}-04", "M"), np.datetime64(f"{first + years}-04", "M") + 1)
        since_day_one = months.astype("datetime64[D]") - np.datetime64("0001-01-01", "D")
        month_starts = since_day_one.astype(np.int64) + 1  # proleptic ordinals of each month's first day
        ordinals = np.arange(start.toordinal(), end.toordinal() + 1, dtype=np.int64)
        month_of_day = np.searchsorted(month_starts, ordinals, side="right") - 1
        return cls(first, tuple(fy_label(first + k) for k in range(years)), start, end,
                   month_of_day.astype(np.int64), np.diff(month_starts).astype(np.float64))

    @property
    def years(self) -> int:
        """Number of financial years in the horizon."""
        return len(self.labels)

    def fy_index(self, day: date) -> int:
        """The financial-year index t of ``day`` (negative before the horizon, ``years`` or more after)."""
        return fy_start_year(day) - self.first_year

    def contains(self, day: date) -> bool:
        """True when ``day`` falls inside the horizon."""
        return self.start <= day <= self.end

    def zeros(self) -> np.ndarray:
        """A fresh array of pounds per financial year, all zero."""
        return np.zeros(self.years, dtype=np.float64)

    def on_date(self, amount: float, day: date) -> np.ndarray:
        """``amount`` falling on ``day``: all in that day's financial year (nothing outside the horizon)."""
        out = self.zeros()
        if self.contains(day):
            out[self.fy_index(day)] = amount
        return out

    def monthly(self, amount: float, first: date, last: date, ramp: Sequence[RampStep] = (),
                months: int = 1) -> np.ndarray:
        """A charge of ``amount`` per ``months`` months from ``first`` to ``last`` (inclusive), pro rata.

        Each day is charged ``1 / days in its month`` of a month's charge times the ramp share in force on
        it (the last ramp step starting on or before the day; 100% before the first step), so a whole month
        costs exactly a month's charge and 17 days of a 31-day month cost 17/31 of it. The days of each
        month are summed first, then the months of each financial year, then multiplied by the amount (so
        twelve whole months of ``annual`` per 12 months give ``annual`` exactly).

        Args:
            amount: pounds per ``months`` months (a recurring line's monthly amount; an annual run cost
                with ``months=12``).
            first: the first day charged.
            last: the last day charged (inclusive); before ``first`` charges nothing.
            ramp: ramp steps (any order).
            months: the number of months ``amount`` pays for.

        Returns:
            Pounds per financial year of the horizon (days outside the horizon are not charged).
        """
        day0 = self.start.toordinal()
        a = max(first.toordinal(), day0) - day0
        b = min(last.toordinal(), self.end.toordinal()) - day0 + 1
        if b <= a or amount == 0.0:
            return self.zeros()
        month_index = self.month_of_day[a:b]
        m0 = int(month_index[0])
        if ramp:
            shares = ramp_shares(ramp, np.arange(a, b, dtype=np.int64) + day0)
            per_month = np.bincount(month_index - m0, weights=shares)
        else:
            per_month = np.bincount(month_index - m0).astype(np.float64)
        fraction = per_month / self.days_in_month[m0:m0 + per_month.size]
        fy_of_month = (np.arange(m0, m0 + per_month.size) // 12).astype(np.int64)
        month_count = np.bincount(fy_of_month, weights=fraction, minlength=self.years)
        charged: np.ndarray = amount * month_count / months
        return charged


def ramp_shares(ramp: Sequence[RampStep], ordinals: np.ndarray) -> np.ndarray:
    """The ramp share in force on each day (proleptic ordinals): the latest step started, else 1.0."""
    steps = sorted(ramp, key=lambda s: s.start)
    starts = np.array([s.start.toordinal() for s in steps], dtype=np.int64)
    shares = np.array([s.share for s in steps], dtype=np.float64)
    position = np.searchsorted(starts, ordinals, side="right") - 1
    in_force: np.ndarray = np.where(position >= 0, shares[np.maximum(position, 0)], 1.0)
    return in_force


@dataclass(frozen=True)
class TaskSpread:
    """How each of a set of tasks' working days fall into the horizon's financial years.

    ``share[i, t]`` is the fraction of task i's working days in financial year t (a milestone counts as
    one working day, its date); a row sums to less than 1 when part of the task lies outside the horizon.
    """

    share: np.ndarray


def spread_over_tasks(horizon: FiscalHorizon, calendar: WorkingCalendar, es: np.ndarray,
                      ef: np.ndarray) -> TaskSpread:
    """Fractions of each task's working days ``[es, ef)`` per financial year, for an even spread.

    Args:
        horizon: the appraisal horizon.
        calendar: the project's working calendar (indices as in the schedule).
        es: early-start working-day indices (one per task).
        ef: early-finish indices; ``ef <= es`` is a milestone, which falls on the day of ``es``.
    """
    boundaries = np.array([calendar.index_on_or_after(date(horizon.first_year + k, FY_START_MONTH, 1))
                           for k in range(horizon.years + 1)], dtype=np.int64)
    es = es.astype(np.int64)
    finish = np.maximum(ef.astype(np.int64), es + 1)
    low, high = boundaries[:-1][None, :], boundaries[1:][None, :]
    days = np.clip(finish[:, None], low, high) - np.clip(es[:, None], low, high)
    return TaskSpread(days / (finish - es)[:, None])
