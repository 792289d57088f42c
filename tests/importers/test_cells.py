"""Cell values as procurement spreadsheets hold them: UK dates, pounds, whole numbers, kinds, markings."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.engine.model import COMPONENT_KINDS
from app.importers.cells import (
    CellError,
    infer_kind,
    parse_action,
    parse_classification,
    parse_date,
    parse_estate,
    parse_flag_text,
    parse_kind,
    parse_money,
    parse_whole,
    split_list,
)
from app.importers.columns import find_header_row, header_key, map_headers, match_header


@pytest.mark.parametrize(("cell", "expected"), [
    ("31/03/2027", date(2027, 3, 31)), ("1/4/27", date(2027, 4, 1)), ("31-03-2027", date(2027, 3, 31)),
    ("31.03.2027", date(2027, 3, 31)), ("31 Mar 2027", date(2027, 3, 31)),
    ("31 March 2027", date(2027, 3, 31)),
    ("1st April 2027", date(2027, 4, 1)), ("31-Mar-27", date(2027, 3, 31)), ("2027-03-31", date(2027, 3, 31)),
    ("2027-03-31 00:00:00", date(2027, 3, 31)), (datetime(2027, 3, 31, 9, 30), date(2027, 3, 31)),
    (date(2027, 3, 31), date(2027, 3, 31)), (46477, date(2027, 3, 31)), (None, None), ("  ", None),
    ("TBC", None),
])
def test_dates(cell: object, expected: date | None) -> None:
    assert parse_date(cell) == expected


@pytest.mark.parametrize(("cell", "reason"), [
    ("31/02/2027", "'31/02/2027' is not a real date"),
    ("03/31/2027", "not a real date (dates are read day first: dd/mm/yyyy)"),
    ("next year", "'next year' is not a date (use dd/mm/yyyy)"),
    (12.5, "is not a date"), (True, "is not a date"),
])
def test_bad_dates(cell: object, reason: str) -> None:
    with pytest.raises(CellError, match=reason.replace("(", "\\(").replace(")", "\\)")):
        parse_date(cell)


@pytest.mark.parametrize(("cell", "expected"), [
    (12000, 12000.0), (9500.5, 9500.5), ("£12,000", 12000.0), ("£ 12 000.50", 12000.5),
    ("12,000 pa", 12000.0),
    ("£12k", 12000.0), ("1.2m", 1_200_000.0), ("GBP 300", 300.0), ("0", 0.0), ("-", None), ("n/a", None),
    (None, None), ("£12,000 ex VAT", 12000.0), ("\u00a312,000\u00a0", 12000.0),
])
def test_money(cell: object, expected: float | None) -> None:
    assert parse_money(cell) == expected


@pytest.mark.parametrize(("cell", "reason"), [
    ("£12,x00", "'£12,x00' is not an amount of money"), ("(500)", "'(500)' is negative"),
    (-5, "'-5' is negative"), ("-£5", "is negative"), ("lots", "not an amount of money"),
    (float("nan"), "not an amount of money"), (True, "not an amount of money"),
    ("#DIV/0!", "spreadsheet error"),
])
def test_bad_money(cell: object, reason: str) -> None:
    with pytest.raises(CellError, match=reason.replace("(", "\\(").replace(")", "\\)")):
        parse_money(cell)


@pytest.mark.parametrize(("cell", "unit", "expected"), [
    (25, "seats", 25), (25.0, "seats", 25), ("1,200", "seats", 1200), ("40 users", "seats", 40),
    ("90 days", "days", 90), ("2 weeks", "days", 14), ("12 months", "months", 12), ("1 year", "months", 12),
    ("", "days", None),
])
def test_whole_numbers(cell: object, unit: str, expected: int | None) -> None:
    assert parse_whole(cell, unit) == expected


@pytest.mark.parametrize(("cell", "unit", "reason"), [
    ("lots", "seats", "not a whole number of seats"), (2.5, "seats", "not a whole number"),
    (-1, "seats", "negative"), ("3 months", "days", "not in days"), (True, "seats", "not a whole number"),
])
def test_bad_whole_numbers(cell: object, unit: str, reason: str) -> None:
    with pytest.raises(CellError, match=reason):
        parse_whole(cell, unit)


@pytest.mark.parametrize(("cell", "expected"), [
    ("IVR / self-service", "ivr"), ("IVR", "ivr"), ("ACD", "acd"), ("sip_trunk", "sip_trunk"),
    ("SBC", "sip_trunk"), ("Call recording", "recording"), ("Workforce management", "wfm"),
    ("Agent desktops & headsets", "endpoint"), ("Teams", "uc"), ("CCaaS", "platform"),
    ("Resilience, security & service management", "service_management"), ("webchat / chatbot", "webchat"),
])
def test_kinds(cell: str, expected: str) -> None:
    assert parse_kind(cell) == expected


def test_every_kind_label_and_key_round_trips() -> None:
    for key, label in COMPONENT_KINDS:
        assert parse_kind(label) == key
        assert parse_kind(key) == key


def test_unknown_kind_and_inference_from_names() -> None:
    with pytest.raises(CellError, match="not a known component type"):
        parse_kind("Coffee machine")
    assert infer_kind("Verint WFM") == "wfm"
    assert infer_kind("Genesys Cloud IVR") == "ivr"
    assert infer_kind("Finance system") is None


@pytest.mark.parametrize(("cell", "expected"), [
    ("current", "current"), ("Legacy", "current"), ("As-Is", "current"), ("existing", "current"),
    ("Target", "target"), ("new", "target"), ("To-Be", "target"), ("future estate", "target"), ("", None),
])
def test_estates(cell: str, expected: str | None) -> None:
    assert parse_estate(cell) == expected


@pytest.mark.parametrize(("cell", "expected"), [
    ("OFFICIAL", "OFFICIAL"), ("Official", "OFFICIAL"), ("official sensitive", "OFFICIAL-SENSITIVE"),
    ("OFFICIAL - SENSITIVE", "OFFICIAL-SENSITIVE"), ("O-S", "OFFICIAL-SENSITIVE"),
    ("OFFICIAL-SENSITIVE: PERSONAL", "OFFICIAL-SENSITIVE"), (None, None),
])
def test_classifications(cell: object, expected: str | None) -> None:
    assert parse_classification(cell) == expected


@pytest.mark.parametrize("cell", ["SECRET", "Top Secret", "RESTRICTED", "blue"])
def test_bad_classifications(cell: str) -> None:
    with pytest.raises(CellError):
        parse_classification(cell)


def test_actions_flags_and_lists() -> None:
    assert parse_action("Replace") == "replace"
    assert parse_action("Decommission") == "retire"
    with pytest.raises(CellError, match="not an action"):
        parse_action("burn it")
    assert [parse_flag_text(v) for v in ("Yes", "no", True, False, "Call audio")] == ["Yes", "", "Yes", "",
                                                                                        "Call audio"]
    assert split_list("0300 1; 0300 2,\n0800 3") == ("0300 1", "0300 2", "0800 3")
    assert split_list(1632960000.0) == ("1632960000",)


def test_header_matching() -> None:
    assert header_key("Annual run cost (£)") == "annual run cost"
    assert match_header("Notice period (working days)") == ("notice_days", 2, 2)
    assert match_header("Total annual cost") == ("annual_run_cost", 1, 2)
    assert match_header("One-off cost") is None
    assert map_headers(["Supplier name", "Name", "System owner"]) == {"vendor": 0, "name": 1}


def test_header_row_search() -> None:
    rows = [("Title",), (), ("Name", "Supplier"), ("PBX", "BT")]
    assert find_header_row(rows) == 2
    assert find_header_row([(), ()]) is None
