"""The working calendar: bank holidays of each UK nation (domain brief §5.2) and index arithmetic."""

from __future__ import annotations

from datetime import date

import pytest

from app.engine.calendar import WorkingCalendar, add_months, bank_holidays
from app.engine.model import Freeze

# Domain brief §5.2, 2026-2028 (2026 cross-checked with published lists; later years computed by rule).
EXPECTED = {
    "england-and-wales": {
        2026: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
        2027: ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"],
        2028: ["01-03", "04-14", "04-17", "05-01", "05-29", "08-28", "12-25", "12-26"],
    },
    "scotland": {
        2027: ["01-01", "01-04", "03-26", "05-03", "05-31", "08-02", "11-30", "12-27", "12-28"],
        2028: ["01-03", "01-04", "04-14", "05-01", "05-29", "08-07", "11-30", "12-25", "12-26"],
    },
    "northern-ireland": {
        2026: ["01-01", "03-17", "04-03", "04-06", "05-04", "05-25", "07-13", "08-31", "12-25", "12-28"],
        2027: ["01-01", "03-17", "03-26", "03-29", "05-03", "05-31", "07-12", "08-30", "12-27", "12-28"],
        2028: ["01-03", "03-17", "04-14", "04-17", "05-01", "05-29", "07-12", "08-28", "12-25", "12-26"],
    },
}


@pytest.mark.parametrize(("nation", "year"), [(n, y) for n, years in EXPECTED.items() for y in years])
def test_weekday_bank_holidays_match_the_brief(nation: str, year: int) -> None:
    cal = WorkingCalendar(nation, date(year, 1, 1))  # type: ignore[arg-type]
    weekday_holidays = sorted(f"{d:%m-%d}" for d in bank_holidays(nation, year, year)  # type: ignore[arg-type]
                              if d.weekday() < 5)
    assert weekday_holidays == EXPECTED[nation][year]
    for mmdd in EXPECTED[nation][year]:
        assert not cal.is_working_day(date.fromisoformat(f"{year}-{mmdd}"))


def test_scotland_and_northern_ireland_specials() -> None:
    scotland = WorkingCalendar("scotland", date(2026, 1, 1))
    england = WorkingCalendar("england-and-wales", date(2026, 1, 1))
    ni = WorkingCalendar("northern-ireland", date(2026, 1, 1))
    assert not scotland.is_working_day(date(2026, 1, 2))      # 2 January
    assert england.is_working_day(date(2026, 1, 2))
    assert not scotland.is_working_day(date(2026, 11, 30))    # St Andrew's Day
    assert scotland.is_working_day(date(2026, 4, 6))          # no Easter Monday in Scotland
    assert not ni.is_working_day(date(2027, 3, 17))           # St Patrick's Day
    assert not ni.is_working_day(date(2027, 7, 12))           # Battle of the Boyne
    assert england.is_working_day(date(2027, 7, 12))


def test_index_zero_is_first_working_day_on_or_after_start() -> None:
    cal = WorkingCalendar("england-and-wales", date(2026, 12, 25))  # Christmas, then Boxing Day observed
    assert cal.date_of(0) == date(2026, 12, 29)
    assert cal.index_on_or_after(date(2026, 12, 25)) == 0
    assert cal.date_of(-1) == date(2026, 12, 24)
    assert cal.index_on_or_before(date(2026, 12, 28)) == -1


def test_project_non_working_days_and_far_future() -> None:
    cal = WorkingCalendar("england-and-wales", date(2026, 6, 1), [date(2026, 6, 2)])
    assert [cal.date_of(i) for i in range(3)] == [date(2026, 6, 1), date(2026, 6, 3), date(2026, 6, 4)]
    far = cal.date_of(5000)
    assert far.year >= 2045 and cal.index_on_or_after(far) == 5000


def test_working_days_between_and_freeze_span() -> None:
    cal = WorkingCalendar("england-and-wales", date(2027, 12, 1))
    assert cal.working_days_between(date(2027, 12, 20), date(2027, 12, 31)) == 8  # 10 weekdays less 27 and 28 Dec
    span = cal.freeze_span(Freeze("Christmas", date(2027, 12, 13), date(2028, 1, 7)))
    assert cal.date_of(span.first) == date(2027, 12, 13)
    assert cal.date_of(span.end) == date(2028, 1, 10)
    weekend = cal.freeze_span(Freeze("Weekend", date(2027, 12, 4), date(2027, 12, 5)))
    assert weekend.first == weekend.end


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2026, 6, 1), 12, date(2027, 6, 1)),
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2026, 6, 1), 0.5, date(2026, 6, 16)),
    (date(2026, 11, 15), 3, date(2027, 2, 15)),
])
def test_add_months(start: date, months: float, expected: date) -> None:
    assert add_months(start, months) == expected
