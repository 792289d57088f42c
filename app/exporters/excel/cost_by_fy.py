"""The Cost by FY sheet: categories by financial year as SUMIFS over Cost lines, then the appraisal.

Every figure is a formula: category rows and totals are SUMIFS over the Cost lines table (base view unless
the row says otherwise); discount factors are ``1/(1+DiscountRate)^t``; net present costs are SUMPRODUCTs of
the yearly totals and the factors; the annuity factor behind the switching value sums the factors of the
benefit years (from ``BenefitsFirstYear``). Defined names mark the key totals.
"""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from app.engine.cost import CostReport
from app.exporters.excel import cost_lines as cl
from app.exporters.excel.assumptions import BENEFITS_FIRST_YEAR, DISCOUNT_RATE
from app.exporters.excel.cells import (
    BOLD,
    FACTOR,
    INTEGER,
    MONEY_SUMMARY,
    Cell,
    Sheet,
    cell_ref,
    criterion,
    defined_name,
    needs_escape,
    row_range,
    write_formula,
    write_number,
    write_text,
)

TITLE = "Cost by FY"
TOTAL_MIGRATE = "TotalMigrate"
TOTAL_DO_MINIMUM = "TotalDoMinimum"
NPC_MIGRATE = "NPCMigrate"
NPC_DO_MINIMUM = "NPCDoMinimum"
NPC_MIGRATE_WITH_OB = "NPCMigrateWithOB"
BENEFIT_ANNUITY = "BenefitAnnuity"
DISCOUNT_FACTORS = "DiscountFactors"


class CostByFyLayout:
    """Where the figures are (row numbers), for tests and for the Summary's references."""

    def __init__(self) -> None:
        """Start empty; rows are filled in as the sheet is written."""
        self.categories: dict[str, int] = {}
        self.categories_do_minimum: dict[str, int] = {}
        self.rows: dict[str, int] = {}


def _option(option: str) -> tuple[str, str]:
    return (cl.OPTION, f'"{option}"')


def write_cost_by_fy(wb: Workbook, costs: CostReport) -> CostByFyLayout:
    """Write the sheet; return where each row went."""
    labels = costs.fy_labels
    n = len(labels)
    first, last, total_col = 2, 1 + n, 2 + n
    sheet = Sheet(wb, TITLE, [46.0] + [13.0] * n + [15.0], freeze="B2")
    ws = sheet.ws
    layout = CostByFyLayout()
    sheet.header(["Line (£, ex VAT, real prices)", *labels, "Total"])
    sheet.print_titles("1:1")
    ws.print_title_cols = "A:A"

    def fy(col: int) -> tuple[str, str]:
        return (cl.FY, criterion(f"{get_column_letter(col)}$1"))

    def row(
        label: str,
        cells: Iterable[Cell],
        total: str | None = "sum",
        bold: bool = False,
        number_format: str = MONEY_SUMMARY,
        key: str | None = None,
    ) -> int:
        font = BOLD if bold else None
        values = list(cells)
        row_no = sheet.row + 1
        if total == "sum" and n:
            values.append(write_formula(ws, f"=SUM({row_range(row_no, first, last)})", number_format, font))
        elif total is not None and total != "sum":
            values.append(write_formula(ws, total, number_format, font))
        sheet.append([write_text(ws, label, font=font), *values])
        if key:
            layout.rows[key] = row_no
        return row_no

    def sumifs_row(
        label: str, criteria: list[tuple[str, str]], key: str | None = None, bold: bool = False
    ) -> int:
        font = BOLD if bold else None
        cells = [
            write_formula(ws, "=" + cl.sumifs(fy(col), *criteria), MONEY_SUMMARY, font)
            for col in range(first, last + 1)
        ]
        return row(label, cells, bold=bold, key=key)

    base = (cl.VIEW, f'"{cl.BASE_VIEW}"')
    for option, title, categories, target in (
        (
            "migrate",
            "Migrate: base view (ex VAT, ex optimism bias)",
            costs.by_category_by_fy,
            layout.categories,
        ),
        (
            "do_minimum",
            "Do minimum: base view (the estate runs on unchanged)",
            _do_minimum_categories(costs),
            layout.categories_do_minimum,
        ),
    ):
        sheet.section(title)
        for category in categories:
            row_no = sheet.row + 1
            own = (cl.CATEGORY, criterion(f"$A{row_no}", needs_escape(category)))
            target[category] = sumifs_row(category, [own, _option(option), base])
        key = "total_migrate" if option == "migrate" else "total_do_minimum"
        label = "Total migrate" if option == "migrate" else "Total do minimum"
        total_row = sumifs_row(label, [_option(option), base], key=key, bold=True)
        defined_name(
            wb,
            TOTAL_MIGRATE if option == "migrate" else TOTAL_DO_MINIMUM,
            sheet.title,
            cell_ref(total_row, total_col),
        )
        sheet.blank()

    tm, td = layout.rows["total_migrate"], layout.rows["total_do_minimum"]
    sheet.section("Appraisal (Green Book; rate on the Assumptions sheet)")
    t_row = row("Year (t)", (write_number(ws, t, INTEGER) for t in range(n)), total=None, key="t")
    df_row = row(
        "Discount factor 1/(1+r)^t",
        (
            write_formula(ws, f"=1/(1+{DISCOUNT_RATE})^{cell_ref(t_row, c)}", FACTOR)
            for c in range(first, last + 1)
        ),
        total=None,
        key="discount_factor",
    )
    if n:
        defined_name(wb, DISCOUNT_FACTORS, sheet.title, row_range(df_row, first, last))
    for key, label, source in (
        ("discounted_migrate", "Discounted migrate", tm),
        ("discounted_do_minimum", "Discounted do minimum", td),
    ):
        row(
            label,
            (
                write_formula(ws, f"={cell_ref(source, c)}*{cell_ref(df_row, c)}", MONEY_SUMMARY)
                for c in range(first, last + 1)
            ),
            key=key,
        )
    factors = row_range(df_row, first, last)
    for key, label, source, name in (
        ("npc_migrate", "Net present cost (migrate)", tm, NPC_MIGRATE),
        ("npc_do_minimum", "Net present cost (do minimum)", td, NPC_DO_MINIMUM),
    ):
        formula = f"=SUMPRODUCT({row_range(source, first, last)},{factors})" if n else "=0"
        npc = row(label, [None] * n, total=formula, bold=True, key=key)
        defined_name(wb, name, sheet.title, cell_ref(npc, total_col))
    flag_row = row(
        "Benefit year (1 = counted in the switching value)",
        (
            write_formula(ws, f"=IF({cell_ref(t_row, c)}>={BENEFITS_FIRST_YEAR},1,0)", INTEGER)
            for c in range(first, last + 1)
        ),
        total=None,
        key="benefit_flag",
    )
    annuity = row(
        "Annuity factor of the benefit years",
        [None] * n,
        total=f"=SUMPRODUCT({row_range(flag_row, first, last)},{factors})" if n else "=0",
        number_format=FACTOR,
        key="annuity",
    )
    defined_name(wb, BENEFIT_ANNUITY, sheet.title, cell_ref(annuity, total_col))
    sheet.blank()

    sheet.section("Adjustments (outside the base view)")
    ob = sumifs_row(
        "Optimism bias (migrate)", [(cl.VIEW, f'"{cl.OB_VIEW}"'), _option("migrate")], key="optimism_bias"
    )
    with_ob = row(
        "Migrate with optimism bias",
        (
            write_formula(ws, f"={cell_ref(tm, c)}+{cell_ref(ob, c)}", MONEY_SUMMARY)
            for c in range(first, last + 1)
        ),
        key="with_ob",
    )
    npc_ob = row(
        "Net present cost (migrate, with optimism bias)",
        [None] * n,
        total=f"=SUMPRODUCT({row_range(with_ob, first, last)},{factors})" if n else "=0",
        bold=True,
        key="npc_with_ob",
    )
    defined_name(wb, NPC_MIGRATE_WITH_OB, sheet.title, cell_ref(npc_ob, total_col))
    for option, label in (("migrate", "migrate"), ("do_minimum", "do minimum")):
        vat = sumifs_row(
            f"Irrecoverable VAT ({label})",
            [(cl.VIEW, f'"{cl.VAT_VIEW}"'), _option(option)],
            key=f"vat_{option}",
        )
        source = tm if option == "migrate" else td
        row(
            f"{label.capitalize()}, financial view (inc. irrecoverable VAT)",
            (
                write_formula(ws, f"={cell_ref(source, c)}+{cell_ref(vat, c)}", MONEY_SUMMARY)
                for c in range(first, last + 1)
            ),
            key=f"financial_{option}",
        )
    return layout


def _do_minimum_categories(costs: CostReport) -> list[str]:
    seen: dict[str, None] = {}
    for item in costs.lines:
        if item.option == "do_minimum" and item.is_base:
            seen.setdefault(item.category, None)
    return list(seen)
