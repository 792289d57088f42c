"""The blank inventory workbook a procurement team fills in: headers, drop-downs, formats and guidance.

``write_inventory_template`` writes an "Inventory" sheet whose headers the inventory importer recognises,
a "Guidance" sheet explaining every column and a hidden "Lists" sheet feeding the drop-downs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from app.engine.model import CLASSIFICATIONS, COMPONENT_KINDS, ESTATES, SYSTEM_ACTIONS
from app.storage.atomic import atomic_write_with

MONEY_FORMAT = '"£"#,##0.00'
DATE_FORMAT = "dd/mm/yyyy"
TEXT_FORMAT = "@"
# Rows below the header that get formats and drop-downs.
TEMPLATE_ROWS = 500


@dataclass(frozen=True)
class TemplateColumn:
    """One column of the template: header, width, cell format, drop-down list and guidance."""

    header: str
    width: int
    guidance: str
    allowed: str = ""
    number_format: str | None = None
    choices: str | None = None  # a column of the Lists sheet
    required: bool = False


COLUMNS: tuple[TemplateColumn, ...] = (
    TemplateColumn("Name", 36, "The system or component, as people know it.",
                   "Any text; unique in the sheet.", required=True),
    TemplateColumn("ID", 10, "Your reference for it. Left blank, ccplan numbers systems S01, S02, ...",
                   "Any text; unique.", TEXT_FORMAT),
    TemplateColumn("Estate (current/target)", 14, "Whether it is in today's estate or the one you are moving "
                   "to. Blank means current.", "current, target", choices="A"),
    TemplateColumn("Component type", 34, "What kind of component it is (see the list below).",
                   "One of the component types below (the label or the short key).", choices="B"),
    TemplateColumn("Action", 12, "What happens to it in the migration. Blank means replace (current) or "
                   "new (target).", ", ".join(SYSTEM_ACTIONS), choices="C"),
    TemplateColumn("Supplier", 22, "Who provides it.", "Any text."),
    TemplateColumn("Seats", 8, "Agent seats, licences or users.", "A whole number, 0 or more.", "0"),
    TemplateColumn("Annual run cost (£)", 16, "What it costs a year, excluding VAT.",
                   "Pounds, 0 or more, e.g. 12000 or £12,000.", MONEY_FORMAT),
    TemplateColumn("Contract end (dd/mm/yyyy)", 16, "When the current contract term ends.",
                   "A date, day first: 31/03/2027.", DATE_FORMAT),
    TemplateColumn("Notice (days)", 10, "Notice needed to end or not renew the contract.",
                   "A whole number of days, e.g. 90.", "0"),
    TemplateColumn("Renewal term (months)", 12, "How long the contract renews for if notice is not given.",
                   "A whole number of months, e.g. 12.", "0"),
    TemplateColumn("Exit fee (£)", 14, "What leaving early or exiting costs, excluding VAT.",
                   "Pounds, 0 or more.", MONEY_FORMAT),
    TemplateColumn("Personal data", 26,
                   "Which personal data it holds (for the DPIA). Blank or No means none.",
                   "Text, e.g. 'Call recordings, caller names'."),
    TemplateColumn("Classification", 20, "Government Security Classification of the data it holds. Blank "
                   "means OFFICIAL.", ", ".join(CLASSIFICATIONS), choices="D"),
    TemplateColumn("Replaced by", 18, "For a current system: the target system(s) replacing it.",
                   "IDs or names from this sheet, separated by commas.", TEXT_FORMAT),
    TemplateColumn("Phase / wave", 14, "The phase or wave it moves in. New names become new phases.",
                   "Text, e.g. 'Wave 1' or a phase ID of the plan."),
    TemplateColumn("Number ranges (DDI)", 24, "Telephone numbers or ranges it answers.",
                   "Text, separated by commas, e.g. 0300 123 4000-4099.", TEXT_FORMAT),
    TemplateColumn("Notes", 40, "Anything else worth knowing.", "Any text."),
)


def _lists() -> dict[str, tuple[str, ...]]:
    return {"A": ESTATES, "B": tuple(label for _, label in COMPONENT_KINDS), "C": SYSTEM_ACTIONS,
            "D": CLASSIFICATIONS}


def _write_inventory_sheet(ws: Worksheet, lists_title: str) -> None:
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = column.width
        if column.number_format:
            for row in range(2, TEMPLATE_ROWS + 2):
                ws.cell(row=row, column=index).number_format = column.number_format
        if column.choices:
            size = len(_lists()[column.choices])
            source = f"{quote_sheetname(lists_title)}!${column.choices}$2:${column.choices}${size + 1}"
            validation = DataValidation(type="list", formula1=source, allow_blank=True, showDropDown=False,
                                        errorStyle="warning", showErrorMessage=True,
                                        error="Not one of the listed values: ccplan may not recognise it.",
                                        errorTitle=column.header, prompt=column.allowed,
                                        promptTitle=column.header, showInputMessage=True)
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            ws.add_data_validation(validation)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}1"
    ws.row_dimensions[1].height = 32


def _write_guidance_sheet(ws: Worksheet) -> None:
    bold = Font(bold=True)
    ws.append(["How to fill in the inventory"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["One row per system or component. Keep the header row; add rows below it. Only Name is "
               "required. ccplan reads the first sheet that looks like this one, skips blank rows and "
               "reports every row it cannot read, with the reason."])
    ws.append([])
    ws.append(["Column", "Required", "What to enter", "Allowed values"])
    for cell in ws[4]:
        cell.font = bold
    for column in COLUMNS:
        ws.append([column.header, "Yes" if column.required else "No", column.guidance, column.allowed])
    ws.append([])
    ws.append(["Component types"])
    ws.cell(row=ws.max_row, column=1).font = bold
    ws.append(["Label (as in the drop-down)", "Short key (also accepted)"])
    for cell in ws[ws.max_row]:
        cell.font = bold
    for key, label in COMPONENT_KINDS:
        ws.append([label, key])
    for letter, width in (("A", 40), ("B", 24), ("C", 70), ("D", 60)):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _write_lists_sheet(ws: Worksheet) -> None:
    headers = {"A": "Estates", "B": "Component types", "C": "Actions", "D": "Classifications"}
    for letter, values in _lists().items():
        ws[f"{letter}1"] = headers[letter]
        for row, value in enumerate(values, start=2):
            ws[f"{letter}{row}"] = value
    ws.sheet_state = "hidden"


def build_inventory_template() -> Workbook:
    """Return the template workbook (Inventory, Guidance and a hidden Lists sheet)."""
    workbook = Workbook()
    inventory = workbook.active
    assert inventory is not None
    inventory.title = "Inventory"
    guidance = workbook.create_sheet("Guidance")
    lists = workbook.create_sheet("Lists")
    _write_inventory_sheet(inventory, lists.title)
    _write_guidance_sheet(guidance)
    _write_lists_sheet(lists)
    return workbook


def write_inventory_template(path: str | Path) -> None:
    """Write the inventory template to ``path`` (an .xlsx): saved beside it first, then moved into place.

    Raises:
        OSError: the folder cannot be written.
    """
    target = Path(path)
    workbook = build_inventory_template()
    atomic_write_with(target, lambda tmp: workbook.save(tmp))
