"""Untrusted files: renamed and damaged workbooks, size caps, defusedxml, and CSV encodings and delimiters."""

from __future__ import annotations

import os
import zipfile
from datetime import date
from pathlib import Path

import pytest

from app.errors import InputError
from app.importers import sheets
from app.importers.inventory import format_report, guess_columns, read_inventory
from tests.importers.workbooks import HEADERS, estate_rows, write_workbook


@pytest.mark.parametrize("content", [b"Name,Supplier\nPBX,BT\n", os.urandom(4096), b""])
def test_renamed_files_are_not_workbooks(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "estate.xlsx"
    path.write_bytes(content)
    with pytest.raises(InputError, match="not an Excel workbook") as info:
        read_inventory(path)
    assert "estate.xlsx" in str(info.value)


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "estate.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(InputError, match="not an Excel workbook") as info:
        guess_columns(path)
    assert info.value.path == str(path)


def test_a_damaged_workbook(tmp_path: Path) -> None:
    good = write_workbook(tmp_path / "good.xlsx", [HEADERS, *estate_rows(2)])
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            broken = item.filename.endswith("sheet1.xml")
            target.writestr(item, b"<worksheet><sheetData><row" if broken else data)
    with pytest.raises(InputError, match="damaged") as info:
        read_inventory(path)
    assert "damaged.xlsx" in str(info.value)


def test_old_xls_and_ods_are_refused_with_advice(tmp_path: Path) -> None:
    xls = tmp_path / "estate.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(InputError, match="save it as .xlsx"):
        read_inventory(xls)
    ods = tmp_path / "estate.ods"
    ods.write_bytes(b"PK\x03\x04")
    with pytest.raises(InputError, match="OpenDocument"):
        read_inventory(ods)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the file"):
        read_inventory(tmp_path / "nope.xlsx")


def test_refuses_without_defusedxml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True
    path = write_workbook(tmp_path / "estate.xlsx", [HEADERS, *estate_rows(1)])
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    with pytest.raises(InputError, match="defusedxml"):
        read_inventory(path)


def test_size_row_and_column_caps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_workbook(tmp_path / "estate.xlsx", [HEADERS, *estate_rows(20)])
    monkeypatch.setattr(sheets, "MAX_FILE_BYTES", 1024)
    with pytest.raises(InputError, match="up to 0 MB"):
        read_inventory(path)
    monkeypatch.setattr(sheets, "MAX_FILE_BYTES", 50 * 1024 * 1024)
    monkeypatch.setattr(sheets, "MAX_ROWS", 10)
    with pytest.raises(InputError, match="more than 10 rows") as info:
        read_inventory(path)
    assert info.value.where == "sheet 'Inventory'"
    monkeypatch.setattr(sheets, "MAX_COLUMNS", 3)
    with pytest.raises(InputError, match="row 1 has 7 columns; ccplan reads at most 3"):
        read_inventory(path)


def test_zip_bombs_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_workbook(tmp_path / "estate.xlsx", [HEADERS, *estate_rows(20)])
    monkeypatch.setattr(sheets, "MAX_UNZIPPED_BYTES", 100)
    with pytest.raises(InputError, match="unpacks to more than"):
        read_inventory(path)


def test_formatting_to_the_bottom_of_the_sheet_is_not_data(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    for row in [HEADERS, *estate_rows(2)]:
        ws.append(row)
    for row in range(10, 5000):
        ws.cell(row=row, column=1).number_format = "@"
    ws.cell(row=4000, column=1, value="far below")
    workbook.save(tmp_path / "styled.xlsx")
    result = read_inventory(tmp_path / "styled.xlsx")
    assert len(result.systems) == 2 and result.rows_read == 2


def test_csv_with_bom_pounds_and_commas(tmp_path: Path) -> None:
    path = tmp_path / "estate.csv"
    text = ("System,Supplier,Annual cost,Contract end\r\n"
            '"Old PBX",BT,"£48,000.00",31/03/2027\r\n'
            '"Recorder, call",NICE,"£9,500",1/4/27\r\n'
            'Bad,NICE,"£1,x00",31/02/2027\r\n')
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = read_inventory(path)
    assert result.guess.sheet is None and result.guess.headers[0] == "System"
    assert [(s.name, s.annual_run_cost, s.contract_end) for s in result.systems] == [
        ("Old PBX", 48000.0, date(2027, 3, 31)), ("Recorder, call", 9500.0, date(2027, 4, 1))]
    assert [str(p) for p in result.problems] == [
        "row 4, column 'Annual cost': '£1,x00' is not an amount of money",
        "row 4, column 'Contract end': '31/02/2027' is not a real date",
    ]
    assert result.notes == ()
    assert format_report(result, path).startswith("Imported 2 of 3 rows from estate.csv; 1 skipped:")


def test_csv_in_windows_1252_with_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "estate.csv"
    path.write_bytes("Name;Supplier;Annual cost\nCafé IVR;Acme;£1.200\n".replace("£1.200", "£1200")
                     .encode("cp1252"))
    result = read_inventory(path)
    assert [(s.name, s.vendor, s.annual_run_cost) for s in result.systems] == [("Café IVR", "Acme", 1200.0)]
    assert "Windows-1252" in result.notes[0]


def test_tab_separated_utf16_and_unusual_names(tmp_path: Path) -> None:
    path = tmp_path / "estate.txt"
    path.write_bytes("Name\tSeats\nPBX\t10\n".encode("utf-16"))
    assert read_inventory(path).systems[0].seats == 10


def test_binary_data_named_csv(tmp_path: Path) -> None:
    path = tmp_path / "estate.csv"
    path.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(InputError, match="binary data"):
        read_inventory(path)


def test_xlsm_is_read_as_data_only(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "estate.xlsx", [HEADERS, *estate_rows(2)])
    macro = tmp_path / "estate.xlsm"
    macro.write_bytes(path.read_bytes())
    assert len(read_inventory(macro).systems) == 2
