"""The Assumptions sheet: every setting and default with its provenance tag (domain brief §0) and source.

Tags: [S] sourced from an official page, [S2] secondary source, [A] an assumption (a plan input or a ccplan
convention, editable), [V] not located in a published source. The discount rate and the first benefit year
are defined names (``DiscountRate``, ``BenefitsFirstYear``) every appraisal formula reads, so changing them
here moves the discount factors, the net present costs and the switching value.
"""

from __future__ import annotations

import re
from importlib.metadata import version

from openpyxl import Workbook

from app.engine.calendar import SUBDIVISION, bank_holidays
from app.engine.cost import CostReport
from app.engine.model import OptimismBias, Plan
from app.exporters.excel.cells import (
    INTEGER,
    PERCENT,
    Cell,
    Column,
    Sheet,
    defined_name,
    write_date,
    write_formula,
    write_money,
    write_number,
    write_text,
)

TITLE = "Assumptions"
HOLIDAYS_VERSION = version("holidays")
DISCOUNT_RATE = "DiscountRate"
BENEFITS_FIRST_YEAR = "BenefitsFirstYear"

COLUMNS = (
    Column("Group", 15),
    Column("Setting", 38, wrap=True),
    Column("Value", 22, wrap=True),
    Column("Tag", 6),
    Column("Source / note", 80, wrap=True),
)

GREEN_BOOK = (
    "HM Treasury, The Green Book (2022) A6.7: the overall discount rate of 3.5% (STPR); "
    "DF = 1/(1+r)^t, t = 0 for the financial year containing the project start (domain brief §3.7 "
    "[9][10])."
)
OB_SOURCE = (
    "HM Treasury, Supplementary Green Book Guidance: Optimism Bias (2003), from Mott MacDonald (2002), "
    "https://www.gov.uk/government/publications/green-book-supplementary-guidance-optimism-bias "
    "(domain brief §3.7 [5][6]). Resultant = (1 - mitigation) x upper bound."
)
_OB_DEFAULTS = (
    ("capital", "Equipment/development capital expenditure", 2.00),
    ("duration", "Equipment/development works duration", 0.54),
    ("operating", "Outsourcing operating expenditure", 0.41),
)
_TAG = re.compile(r"^\s*\[(S2|S|A|V)\]")

CONVENTIONS: tuple[tuple[str, str, str], ...] = (
    ("Money", "GBP excluding VAT, in real base-year prices (no inflation).", "[S] Green Book §5.11-5.13"),
    (
        "Horizon",
        "Whole financial years from the one containing the project start (t = 0); money outside "
        "is not counted.",
        "[A] docs/cost.md",
    ),
    (
        "One-off on a task",
        "Spread evenly over the task's working days, summed into each financial year.",
        "[A] docs/cost.md",
    ),
    (
        "Recurring lines",
        "Unit cost x quantity a month, start and end inclusive, part months pro rata by "
        "calendar days; ramps scale the charge.",
        "[A] docs/cost.md",
    ),
    (
        "Staff effort",
        "Effort days x the role's day rate, category Client programme team, spread over the "
        "task's working days.",
        "[A] docs/cost.md",
    ),
    (
        "Legacy run",
        "Each current system's annual run cost from the project start until its decommission "
        "task finishes (else its contract end); do minimum runs the whole horizon.",
        "[A] docs/cost.md",
    ),
    (
        "Dual running",
        "The legacy run cost falling on or after the day a replacement starts charging, "
        "reported on its own line (never duplicated).",
        "[A] domain brief §3.4; docs/cost.md",
    ),
    (
        "Optimism bias",
        "Separate uplift lines (View = optimism bias), never folded into base costs; "
        "do minimum is not uplifted.",
        "[S] Green Book OB guidance; [A] docs/cost.md",
    ),
    (
        "Irrecoverable VAT",
        "Financial view only (View = VAT); every net present cost excludes VAT for both options alike.",
        "[S] domain brief §3.6; [A] docs/cost.md",
    ),
    (
        "Switching value",
        "Constant annual benefit from the financial year after the last cutover to the "
        "horizon end whose present value equals NPC migrate - NPC do minimum.",
        "[A] docs/cost.md",
    ),
    (
        "Working days",
        "Monday to Friday less the nation's bank holidays and the project's non-working days.",
        "[S] semantics §1; [A] docs/scheduling.md",
    ),
    (
        "Benchmark window",
        "Ends the day before the start date plus the benchmark months.",
        "[A] docs/scheduling.md",
    ),
    (
        "Risk",
        "Monte Carlo over three-point task estimates (PERT-beta lambda 4, or triangular).",
        "[A] semantics §5",
    ),
    (
        "Cost lines sheet",
        "Years in which an item costs nothing are left out of the Cost lines sheet.",
        "[A] this workbook",
    ),
)


def write_assumptions(wb: Workbook, plan: Plan, costs: CostReport, benefits_first_year: int) -> None:
    """Write the sheet and define ``DiscountRate`` and ``BenefitsFirstYear``."""
    sheet = Sheet(wb, TITLE, COLUMNS, freeze="A2")
    ws = sheet.ws
    project = plan.project
    sheet.header(COLUMNS)

    def row(group: str, setting: str, value: Cell, tag: str, source: str) -> int:
        return sheet.append(
            [
                write_text(ws, group),
                write_text(ws, setting),
                value,
                write_text(ws, tag),
                write_text(ws, source),
            ]
        )

    plan_input = "Plan input (project settings)"
    row("Project", "Project", write_text(ws, project.name), "[A]", plan_input)
    row("Project", "Organisation", write_text(ws, project.organisation), "[A]", plan_input)
    row("Project", "Organisation type", write_text(ws, project.organisation_type), "[A]", plan_input)
    row("Project", "Start date", write_date(ws, project.start_date), "[A]", plan_input)
    row("Project", "Nation (bank holidays)", write_text(ws, project.nation), "[A]", plan_input)
    row("Project", "Status date", write_date(ws, project.status_date), "[A]", plan_input)
    row("Project", "Notes", None, "[A]", project.notes or plan_input)

    default_rate = abs(project.discount_rate - 0.035) < 1e-12
    rate_row = row(
        "Appraisal",
        "Discount rate (r)",
        write_number(ws, project.discount_rate, "0.00%"),
        "[S]" if default_rate else "[A]",
        GREEN_BOOK if default_rate else f"Project setting; Green Book default 3.5%. {GREEN_BOOK}",
    )
    defined_name(wb, DISCOUNT_RATE, sheet.title, f"C{rate_row}")
    row(
        "Appraisal",
        "Appraisal horizon (financial years)",
        write_number(ws, project.appraisal_years, INTEGER),
        "[A]",
        f"Project setting: {costs.fy_labels[0]} to {costs.fy_labels[-1]}" if costs.fy_labels else "",
    )
    first = row(
        "Appraisal",
        "First year of benefits (t) for the switching value",
        write_number(ws, benefits_first_year, INTEGER),
        "[A]",
        "The financial year after the last cutover (else decommission, else finish): "
        f"{costs.benefits_from_fy or 'none inside the horizon'} (docs/cost.md).",
    )
    defined_name(wb, BENEFITS_FIRST_YEAR, sheet.title, f"C{first}")
    row(
        "Appraisal",
        "Financial year",
        write_text(ws, "1 April - 31 March"),
        "[S]",
        "Councils' financial year (domain brief §3.5 [43]); central government and NHS also [V]. "
        "Labelled 2027/28 style [A].",
    )
    row(
        "Appraisal",
        "VAT rate",
        write_number(ws, project.vat_rate, PERCENT),
        "[S]" if abs(project.vat_rate - 0.2) < 1e-12 else "[A]",
        "UK standard rate 20% (domain brief §3.6 [17]); recovery per line (s.33 / s.41 bodies [41]).",
    )

    for key, label, upper in _OB_DEFAULTS:
        bias: OptimismBias = getattr(project, f"ob_{key}")
        sourced = abs(bias.upper - upper) < 1e-12
        upper_row = row(
            "Optimism bias",
            f"{label}: upper bound",
            write_number(ws, bias.upper, PERCENT),
            "[S]" if sourced else "[A]",
            OB_SOURCE if sourced else f"Project setting; Green Book upper bound {upper:.0%}. {OB_SOURCE}",
        )
        mit_row = row(
            "Optimism bias",
            f"{label}: mitigation",
            write_number(ws, bias.mitigation, PERCENT),
            "[A]",
            "Project setting: the share of the upper bound mitigated by identified, costed risks.",
        )
        row(
            "Optimism bias",
            f"{label}: resultant uplift",
            write_formula(ws, f"=(1-C{mit_row})*C{upper_row}", PERCENT),
            "[S]",
            "(1 - mitigation) x upper bound (Green Book OB guidance worked example).",
        )

    row("Schedule", "Distribution for risk", write_text(ws, project.distribution), "[A]", plan_input)
    row(
        "Schedule",
        "Benchmark months",
        write_number(ws, project.benchmark_months, "0.##"),
        "[A]",
        "Project setting (domain brief: median provider change takes about a year [V]).",
    )
    for when in project.non_working_days:
        row("Schedule", "Project non-working day", write_date(ws, when), "[A]", plan_input)
    for freeze in project.freezes:
        span = f"{freeze.start:%d/%m/%Y} - {freeze.end:%d/%m/%Y}"
        scope = f"; phases {', '.join(freeze.phases)}" if freeze.phases else "; every cutover"
        row("Schedule", f"Change freeze: {freeze.name}", write_text(ws, span), "[A]", plan_input + scope)

    subdivision = SUBDIVISION[project.nation]
    last_year = project.start_date.year + project.appraisal_years + 1
    for day, name in sorted(bank_holidays(project.nation, project.start_date.year, last_year).items()):
        row(
            "Calendar",
            f"Bank holiday: {name}",
            write_date(ws, day),
            "[S]",
            f"holidays package {HOLIDAYS_VERSION}, GB subdivision {subdivision} (UK bank holidays).",
        )

    for topic, text, source in CONVENTIONS:
        row("Convention", topic, write_text(ws, text), _leading_tag(source) or "[A]", source)

    for role in plan.roles:
        row("Day rate", f"{role.id}: {role.name}", write_money(ws, role.day_rate), "[A]", plan_input)
    for line in plan.cost_lines:
        row(
            "Cost line source",
            f"{line.id}: {line.name}",
            write_money(ws, line.amount),
            _leading_tag(line.source),
            line.source or "(no source given)",
        )
    sheet.table(1)


def _leading_tag(text: str) -> str:
    """The provenance tag a text starts with (``[S]``, ``[S2]``, ``[A]``, ``[V]``), else empty."""
    found = _TAG.match(text)
    return f"[{found.group(1)}]" if found else ""
