"""The inventory template: headers, formats, drop-downs and guidance; filled in, it imports cleanly."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl

from app.engine.model import COMPONENT_KIND_KEYS, COMPONENT_KINDS, SYSTEM_ACTIONS
from app.exporters.inventory_template import COLUMNS, DATE_FORMAT, MONEY_FORMAT, write_inventory_template
from app.importers.columns import FIELDS
from app.importers.inventory import format_report, guess_columns, read_inventory


def test_template_layout(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_inventory_template(path)
    assert [p.name for p in tmp_path.iterdir()] == ["template.xlsx"]  # no temporary file left behind
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Inventory", "Guidance", "Lists"]
    ws = workbook["Inventory"]
    headers = [c.value for c in ws[1]]
    assert headers[:9] == ["Name", "ID", "Estate (current/target)", "Component type", "Action", "Supplier",
                           "Seats", "Annual run cost (£)", "Contract end (dd/mm/yyyy)"]
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "B2"
    assert ws.column_dimensions["A"].width >= 30
    assert ws["H2"].number_format == MONEY_FORMAT and ws["L2"].number_format == MONEY_FORMAT
    assert ws["I2"].number_format == DATE_FORMAT
    validations = {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation}
    assert validations == {"C2:C501": "'Lists'!$A$2:$A$3",
                           "D2:D501": f"'Lists'!$B$2:$B${len(COMPONENT_KINDS) + 1}",
                           "E2:E501": f"'Lists'!$C$2:$C${len(SYSTEM_ACTIONS) + 1}",
                           "N2:N501": "'Lists'!$D$2:$D$3"}
    lists = workbook["Lists"]
    assert lists.sheet_state == "hidden"
    assert [lists.cell(row=r, column=2).value for r in range(2, len(COMPONENT_KINDS) + 2)] == [
        label for _, label in COMPONENT_KINDS]
    guidance = [tuple(r) for r in workbook["Guidance"].iter_rows(values_only=True)]
    assert ("Name", "Yes", COLUMNS[0].guidance, COLUMNS[0].allowed) in guidance
    assert all(any(row[:2] == (label, key) for row in guidance) for key, label in COMPONENT_KINDS)


def test_every_template_header_maps_to_its_field(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_inventory_template(path)
    guess = guess_columns(path)
    assert (guess.sheet, guess.header_row, guess.unmatched) == ("Inventory", 1, ())
    assert list(guess.mapping) == [f.key for f in FIELDS]


def test_filled_in_template_imports_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_inventory_template(path)
    workbook = openpyxl.load_workbook(path)
    ws = workbook["Inventory"]
    filled = [
        ["Avaya Aura PBX", "C1", "current", "ACD / queueing / routing", "replace", "Avaya", 120, 48000,
         datetime(2027, 3, 31), 90, 12, 5000, "Caller numbers", "OFFICIAL-SENSITIVE", "T1", "Wave 1",
         "0300 123 4000-4099", "Main switch"],
        ["Cloud contact centre", "T1", "target", "Contact-centre platform / tenant", "new", "Genesys", 120,
         96000, None, None, None, None, "", "OFFICIAL", "", "Wave 1", "", ""],
    ]
    for row, values in enumerate(filled, start=2):  # typed into rows 2 and 3, as a user would
        for column, value in enumerate(values, start=1):
            ws.cell(row=row, column=column, value=value)
    workbook.save(path)
    result = read_inventory(path)
    assert result.problems == () and result.notes == ()
    assert format_report(result, path) == "Imported 2 of 2 rows from template.xlsx."
    pbx, platform = result.systems
    assert (pbx.id, pbx.kind, pbx.contract_end, pbx.exit_fee, pbx.replaced_by) == (
        "C1", "acd", date(2027, 3, 31), 5000.0, ("T1",))
    assert platform.kind in COMPONENT_KIND_KEYS and platform.estate == "target"
