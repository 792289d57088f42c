"""CSV tables of a plan and its results: one UTF-8 file (with a byte-order mark, so Excel reads £) per table.

``write_csv_tables`` writes systems, integrations, phases, the schedule, cost lines by financial year and
the cost totals by financial year. Figures come from the engine (``compute_schedule``, ``compute_costs``);
here they are only formatted: dates ISO, money as plain numbers with two decimals. Every text cell that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return)
gets a leading single quote (OWASP CSV injection advice). Each file is written atomically.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from app.engine.cost import CostReport, compute_costs
from app.engine.model import Plan
from app.engine.schedule import Schedule, compute_schedule
from app.errors import InputError
from app.storage.atomic import atomic_write_bytes

__all__ = ["FORMULA_TRIGGERS", "TABLES", "write_csv_tables"]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
TABLES = ("systems.csv", "integrations.csv", "phases.csv", "schedule.csv", "cost-lines.csv", "cost-by-fy.csv")

Cell = str
Row = Sequence[Cell]


def text(value: str | None) -> Cell:
    """A user text cell, neutralised so no spreadsheet runs it as a formula."""
    if not value:
        return ""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def money(value: float) -> Cell:
    """Pounds as a plain number with two decimals (never ``-0.00``)."""
    rounded = round(float(value), 2) + 0.0
    return f"{rounded:.2f}"


def day(value: date | None) -> Cell:
    """An ISO date, or empty."""
    return value.isoformat() if value is not None else ""


def number(value: float | int | None) -> Cell:
    """A count or measure as plain text (empty for None)."""
    return "" if value is None else str(value)


def flag(value: bool) -> Cell:
    """Booleans as ``yes``/``no``, which read the same in any locale."""
    return "yes" if value else "no"


def write_csv_tables(plan: Plan, folder: str | Path, schedule: Schedule | None = None,
                     costs: CostReport | None = None) -> list[Path]:
    """Write the plan's tables as CSV files into ``folder`` (created if missing).

    Args:
        plan: the plan.
        folder: where to write ``TABLES`` (existing files of those names are replaced).
        schedule: its schedule (computed when not given).
        costs: its cost report on that schedule (computed when not given).

    Returns:
        The paths written, in ``TABLES`` order.

    Raises:
        InputError: the folder cannot be created or a file cannot be written.
        PlanError: the plan cannot be scheduled.
    """
    folder = Path(folder)
    schedule = schedule if schedule is not None else compute_schedule(plan)
    costs = costs if costs is not None else compute_costs(plan, schedule)
    tables = {
        "systems.csv": _systems(plan),
        "integrations.csv": _integrations(plan),
        "phases.csv": _phases(plan, schedule),
        "schedule.csv": _schedule(plan, schedule),
        "cost-lines.csv": _cost_lines(costs),
        "cost-by-fy.csv": _cost_by_fy(costs),
    }
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the folder: {exc.strerror or exc}", path=folder) from None
    written = []
    for name in TABLES:
        path = folder / name
        try:
            atomic_write_bytes(path, _encode(tables[name]))
        except OSError as exc:
            raise InputError(f"cannot write the CSV file: {exc.strerror or exc}", path=path) from None
        written.append(path)
    return written


def _encode(rows: Iterable[Row]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _systems(plan: Plan) -> list[Row]:
    rows: list[Row] = [(
        "id", "name", "estate", "kind", "action", "vendor", "seats", "annual_run_cost", "contract_end",
        "notice_days", "renewal_months", "exit_fee", "personal_data", "classification", "replaced_by",
        "phase", "number_ranges", "notes",
    )]
    for s in plan.systems:
        rows.append((
            text(s.id), text(s.name), s.estate, text(s.kind), text(s.action), text(s.vendor), number(s.seats),
            money(s.annual_run_cost), day(s.contract_end), number(s.notice_days), number(s.renewal_months),
            money(s.exit_fee), text(s.personal_data), s.classification, text("; ".join(s.replaced_by)),
            text(s.phase), text("; ".join(s.number_ranges)), text(s.notes),
        ))
    return rows


def _integrations(plan: Plan) -> list[Row]:
    rows: list[Row] = [
        ("id", "source", "target", "name", "kind", "dependency", "coexistence_bridge", "notes"),
    ]
    for i in plan.integrations:
        rows.append((text(i.id), text(i.source), text(i.target), text(i.name), text(i.kind),
                     flag(i.dependency), flag(i.coexistence_bridge), text(i.notes)))
    return rows


def _phases(plan: Plan, schedule: Schedule) -> list[Row]:
    dates = {p.id: p for p in schedule.phases}
    rows: list[Row] = [("id", "name", "description", "agents", "start", "finish", "tasks")]
    for p in plan.phases:
        rolled = dates.get(p.id)
        count = sum(1 for t in plan.tasks if t.phase == p.id)
        rows.append((text(p.id), text(p.name), text(p.description), number(p.agents),
                     day(rolled.start if rolled else None), day(rolled.finish if rolled else None),
                     number(count)))
    return rows


def _schedule(plan: Plan, schedule: Schedule) -> list[Row]:
    rows: list[Row] = [(
        "id", "name", "phase", "kind", "duration_days", "start", "finish", "total_float_days", "critical",
        "milestone", "predecessors", "start_no_earlier_than", "deadline", "percent_complete", "notes",
    )]
    floats = schedule.total_float
    critical = schedule.critical
    index = schedule.index
    for t in plan.tasks:
        i = index[t.id]
        links = "; ".join(f"{d.task} {d.type}{f'{d.lag:+d}' if d.lag else ''}" for d in t.predecessors)
        rows.append((
            text(t.id), text(t.name), text(t.phase), text(t.kind), number(t.duration),
            day(schedule.start_of(t.id)), day(schedule.finish_of(t.id)), number(int(floats[i])),
            flag(bool(critical[i])), flag(t.duration == 0), text(links), day(t.start_no_earlier_than),
            day(t.deadline), number(t.percent_complete), text(t.notes),
        ))
    return rows


def _cost_lines(costs: CostReport) -> list[Row]:
    rows: list[Row] = [(
        "item_id", "name", "category", "option", "kind", "source", "system", "phase", "ob_category",
        "treatment", "fy", "amount", "irrecoverable_vat",
    )]
    for item in costs.lines:
        for fy in costs.fy_labels:
            rows.append((
                text(item.id), text(item.name), text(item.category), item.option, text(item.kind),
                item.source, text(item.system), text(item.phase), item.ob_category, item.treatment, fy,
                money(item.by_fy.get(fy, 0.0)), money(item.irrecoverable_vat_by_fy.get(fy, 0.0)),
            ))
    return rows


def _cost_by_fy(costs: CostReport) -> list[Row]:
    """Totals by financial year; the last row holds the report's own totals (not re-added here)."""
    columns: tuple[tuple[str, dict[str, float], float | None], ...] = (
        ("migrate", costs.by_fy_migrate, costs.total_migrate),
        ("do_minimum", costs.by_fy_do_minimum, costs.total_do_minimum),
        ("optimism_bias", costs.optimism_bias_by_fy, costs.optimism_bias),
        ("migrate_with_optimism_bias", costs.by_fy_migrate_with_ob, costs.total_migrate_with_ob),
        ("irrecoverable_vat_migrate", costs.irrecoverable_vat_by_fy_migrate, costs.irrecoverable_vat),
        ("irrecoverable_vat_do_minimum", costs.irrecoverable_vat_by_fy_do_minimum,
         costs.irrecoverable_vat_do_minimum),
        ("migrate_financial", costs.by_fy_migrate_financial, None),
        ("do_minimum_financial", costs.by_fy_do_minimum_financial, None),
        ("discounted_migrate", costs.discounted_by_fy_migrate, costs.npc_migrate),
        ("discounted_do_minimum", costs.discounted_by_fy_do_minimum, costs.npc_do_minimum),
    )
    rows: list[Row] = [("fy", "discount_factor", *(name for name, _, _ in columns))]
    for fy, factor in zip(costs.fy_labels, costs.discount_factors, strict=True):
        rows.append((fy, f"{factor:.6f}", *(money(values.get(fy, 0.0)) for _, values, _ in columns)))
    totals = (money(total if total is not None else sum(values.get(fy, 0.0) for fy in costs.fy_labels))
              for _, values, total in columns)
    rows.append(("Total", "", *totals))
    return rows
