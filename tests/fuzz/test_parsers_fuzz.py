"""Fuzzing the parsers behind the dialogs' and panels' fields with any text a user can type or paste.

Contract: a parser returns a value the plan can hold (finite, in range, storable) or raises ``ValueError``
whose message is one clear line; no other exception. Values it accepts survive formatting and re-parsing.
"""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.engine.model import System
from app.storage.interchange import MAX_WHOLE
from app.ui.widgets import system_parsers as parsers
from tests.fuzz.helpers import assert_one_line

# Text that looks like numbers, money, percentages and dates, and text that does not.
numberish = st.one_of(
    st.sampled_from(("", " ", "0", "-0", "+5", "1,200", "1_000", "١٢٣", "٥", "1e3", "1e400", "nan", "-nan",
                     "inf", "Infinity", "-inf", "£12,500", "£-5", "12.345", "0x10", "1" * 40, "9" * 5000,
                     "1,,2",
                     "£", "%", "25%", ",", ".", "1.", ".5", "1 2", "\u00a012", "12\n", "½")),
    st.from_regex(r"[-+£ ]?[0-9,._]{0,25}(e[-+]?[0-9]{1,4})?%?", fullmatch=True),
    st.integers().map(str),
    st.floats().map(str),
    st.text(max_size=30),
)
any_text = st.one_of(numberish, st.text(), st.text(alphabet=st.characters(codec="utf-8"), max_size=50))


def _outcome(parse: object, text: str) -> tuple[bool, object]:
    try:
        return True, parse(text)  # type: ignore[operator]
    except ValueError as problem:
        assert_one_line(str(problem))
        return False, None


# --- the system properties panel (app/ui/widgets/system_parsers.py) -------------------------------------

SYSTEMS = {"A1": System("A1", "Avaya PBX", "current", "acd"),
           "B2": System("B2", "Cloud IVR", "target", "ivr")}


@given(any_text, st.sampled_from((None, "A1", "Z9")))
def test_system_ids(text: str, own: str | None) -> None:
    ok, value = _outcome(lambda t: parsers.parse_system_id(t, own, SYSTEMS), text)
    if ok:
        assert isinstance(value, str) and value and value == value.strip()
        assert not any(c.isspace() for c in value)
        assert value == own or value not in SYSTEMS


@given(any_text)
def test_names_and_free_text(text: str) -> None:
    ok, value = _outcome(parsers.parse_name, text)
    if ok:
        assert isinstance(value, str) and value.strip() == value and value
    assert parsers.parse_text(text) == text.strip()
    assert parsers.parse_notes(text) == text.rstrip()


@given(numberish)
def test_whole_numbers(text: str) -> None:
    for parse in (parsers.parse_whole, parsers.parse_optional_whole):
        ok, value = _outcome(parse, text)
        if ok and value is not None:
            assert type(value) is int and 0 <= value <= MAX_WHOLE
            assert parse(parsers.format_whole(value)) == value


@given(numberish)
def test_money(text: str) -> None:
    ok, value = _outcome(parsers.parse_money, text)
    if ok:
        assert isinstance(value, float) and math.isfinite(value) and value >= 0
        assert math.copysign(1.0, value) == 1.0  # never minus nothing
        shown = parsers.format_pounds(value)
        assert parsers.format_pounds(parsers.parse_money(shown)) == shown


@given(st.integers(0, MAX_WHOLE))
def test_whole_numbers_format_and_parse_back(number: int) -> None:
    assert parsers.parse_whole(parsers.format_whole(number)) == number


@given(st.one_of(any_text, st.lists(st.text(max_size=12), max_size=5).map("\n".join)))
def test_number_ranges(text: str) -> None:
    ok, value = _outcome(parsers.parse_number_ranges, text)
    if ok:
        assert isinstance(value, tuple)
        assert all(r and r == r.strip() and "\n" not in r for r in value)
        assert len(set(value)) == len(value)
        assert parsers.parse_number_ranges(parsers.format_lines(value)) == value


def test_the_values_that_once_escaped() -> None:
    with pytest.raises(ValueError, match="Too large"):
        parsers.parse_whole("1" * 30)
    with pytest.raises(ValueError, match="Too large"):
        parsers.parse_optional_whole(f"{MAX_WHOLE + 1:,}")
    assert parsers.parse_whole(f"{MAX_WHOLE:,}") == MAX_WHOLE
    assert math.copysign(1.0, parsers.parse_money("-0")) == 1.0


# --- the cost editors' and the systems table's parsers -------------------------------------------------


def _finite_non_negative(parse: object, text: str) -> None:
    ok, value = _outcome(parse, text)
    if ok and value is not None:
        assert isinstance(value, float) and math.isfinite(value) and value >= 0, (text, value)


@given(numberish)
def test_cost_line_editor_amounts_are_finite(text: str) -> None:
    from app.ui.widgets.cost_line_editor import (
        parse_money,
        parse_optional_money,
        parse_quantity,
        parse_vat_percent,
    )

    for parse in (parse_money, parse_optional_money, parse_quantity):
        _finite_non_negative(parse, text)
    ok, share = _outcome(parse_vat_percent, text)
    assert not ok or (isinstance(share, float) and 0 <= share <= 1)


@given(numberish)
def test_cost_table_fields_are_finite_with_a_clear_message(text: str) -> None:
    from app.ui.models.cost_models import parse_field

    for field in ("unit_cost", "quantity"):
        try:
            value = parse_field(field, text)
        except ValueError as problem:
            assert_one_line(str(problem))
            assert "could not convert" not in str(problem)
        else:
            assert math.isfinite(value) and value >= 0


@given(numberish)
def test_system_table_number_columns_are_storable(text: str) -> None:
    from app.ui.models.system_table import COLUMNS

    system = System("A1", "PBX", "current", "acd")
    for column in COLUMNS:
        if column.edit is None:
            continue
        try:
            values = column.edit(system, text)
        except (TypeError, ValueError) as problem:
            assert_one_line(str(problem))
            assert "invalid literal" not in str(problem) and "could not convert" not in str(problem)
            continue
        for value in values.values():
            if isinstance(value, int):
                assert 0 <= value <= MAX_WHOLE
            elif isinstance(value, float):
                assert math.isfinite(value) and value >= 0


@given(any_text)
def test_task_names(text: str) -> None:
    from app.ui.widgets.task_properties import _parse_name

    ok, value = _outcome(_parse_name, text)
    assert ok == bool(text.strip())
    if ok:
        assert value == text.strip()


@given(st.one_of(st.none(), st.just(""), st.dates(), st.integers(), st.text(max_size=5), st.floats()))
def test_progress_actual_dates_refuse_what_is_not_a_date(value: object) -> None:
    from app.ui.widgets.tracking_models import as_date

    try:
        day = as_date(value)
    except TypeError as problem:
        assert_one_line(str(problem))
    else:
        assert day is None or isinstance(day, date)
