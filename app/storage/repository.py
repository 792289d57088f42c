"""Convert a whole ``Plan`` to and from the rows of a ``.ccplan`` database (bulk paths only).

Saving builds plain row dicts and hands each table to one DBAPI ``executemany`` of its INSERT; loading runs
one column select per table, ordered by position, and groups child rows by owner. No ORM entity is created
either way, so a 10,000-task plan saves and loads in a fraction of a second (performance notes, SQLite).
Nothing here commits: the caller owns the transaction. ``check_plan`` checks a plan read from rows as the
interchange reader checks JSON (a damaged file can hold any value in any column).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import fields, is_dataclass
from itertools import chain, groupby
from operator import attrgetter, itemgetter
from typing import Any, Literal, get_args, get_origin

from sqlalchemy import Table, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from app.engine import model as m
from app.engine.references import structural_problems
from app.errors import InputError
from app.storage import interchange
from app.storage import schema as s
from app.storage.interchange import (  # the JSON reader's own rules, applied to a plan read from rows
    _RANGED,
    _SURROGATE,
    MAX_WHOLE,
    _check_range,
    _converter,
    _kind,
    _to_bool,
    _to_float,
    _to_int,
    _to_str,
)

APP_NAME = "ccplan"
FORMAT_MARKER = "ccplan-sqlite-project"
_QUOTE = sqlite.dialect().identifier_preparer
_Rows = list[dict[str, Any]]


def meta_rows(app_version: str) -> list[dict[str, str]]:
    """Return the ``ccplan_meta`` rows that mark a file as a ccplan project."""
    return [
        {"key": "app", "value": APP_NAME},
        {"key": "format", "value": FORMAT_MARKER},
        {"key": "app_version", "value": app_version},
    ]


def write_plan(session: Session, plan: m.Plan) -> None:
    """Insert every row of ``plan`` into the (empty) tables of ``session``'s database.

    Each table is one DBAPI ``executemany`` of its INSERT with ready-made tuples (dates already in the ISO
    text SQLAlchemy's SQLite ``Date`` type reads back): SQLAlchemy's per-row parameter processing would cost
    more than SQLite itself.
    """
    connection = session.connection()
    portable = connection.dialect.name != "sqlite"
    for model, rows in plan_rows(plan).items():
        if not rows:
            continue
        table: Table = model.__table__  # type: ignore[assignment]
        if portable:  # another database (PostgreSQL): SQLAlchemy's executemany with real dates
            connection.execute(table.insert(), [_typed(table, row) for row in rows])
        else:
            sql, getter = _insert_sql(table)
            connection.exec_driver_sql(sql, [getter(row) for row in rows])


def _typed(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """``row`` with its ISO date text turned back into dates, for drivers that bind real types."""
    out = dict(row)
    for column in table.columns:
        value = out.get(column.name)
        if isinstance(value, str) and column.type.python_type is dt.date:
            out[column.name] = dt.date.fromisoformat(value)
    return out


def _insert_sql(table: Table) -> tuple[str, Callable[[dict[str, Any]], tuple[Any, ...]]]:
    """Return a positional INSERT for ``table`` and the getter that turns a row dict into its parameters."""
    names = [column.name for column in table.columns]
    quote = _QUOTE.quote
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
           f"VALUES ({', '.join('?' for _ in names)})")
    return sql, itemgetter(*names)


def _iso(day: dt.date | None) -> str | None:
    """A date as SQLAlchemy's SQLite ``Date`` stores it (``YYYY-MM-DD``)."""
    return None if day is None else day.isoformat()


def plan_rows(plan: m.Plan) -> dict[type[s.Base], list[dict[str, Any]]]:
    """Return the rows of every table for ``plan``, keyed by mapped class, owners before children."""
    p = plan.project
    out: dict[type[s.Base], list[dict[str, Any]]] = {
        s.ProjectRow: [{
            "id": 1, "name": p.name, "start_date": _iso(p.start_date), "nation": p.nation,
            "organisation": p.organisation, "organisation_type": p.organisation_type,
            "benchmark_months": p.benchmark_months, "discount_rate": p.discount_rate,
            "appraisal_years": p.appraisal_years, "distribution": p.distribution,
            "ob_capital_upper": p.ob_capital.upper, "ob_capital_mitigation": p.ob_capital.mitigation,
            "ob_duration_upper": p.ob_duration.upper, "ob_duration_mitigation": p.ob_duration.mitigation,
            "ob_operating_upper": p.ob_operating.upper, "ob_operating_mitigation": p.ob_operating.mitigation,
            "vat_rate": p.vat_rate, "status_date": _iso(p.status_date), "notes": p.notes,
            "baseline": p.baseline, "rag_amber_days": p.rag_amber_days, "rag_red_days": p.rag_red_days,
            "scenario_name": p.scenario_name,
        }],
        s.NonWorkingDayRow: [{"pos": i, "day": _iso(d)} for i, d in enumerate(p.non_working_days)],
        s.FreezeRow: [{"pos": i, "name": f.name, "start": _iso(f.start), "end": _iso(f.end)}
                      for i, f in enumerate(p.freezes)],
        s.FreezePhaseRow: [{"freeze_pos": i, "seq": j, "phase": phase}
                           for i, f in enumerate(p.freezes) for j, phase in enumerate(f.phases)],
    }
    systems: _Rows = []
    replaced: _Rows = []
    ranges: _Rows = []
    for i, x in enumerate(plan.systems):
        systems.append({
            "pos": i, "id": x.id, "name": x.name, "estate": x.estate, "kind": x.kind, "action": x.action,
            "vendor": x.vendor, "seats": x.seats, "annual_run_cost": x.annual_run_cost,
            "contract_end": _iso(x.contract_end), "notice_days": x.notice_days,
            "renewal_months": x.renewal_months,
            "exit_fee": x.exit_fee, "phase": x.phase, "notes": x.notes,
            "personal_data": x.personal_data, "classification": x.classification,
        })
        replaced.extend({"system_pos": i, "seq": j, "target": t} for j, t in enumerate(x.replaced_by))
        ranges.extend({"system_pos": i, "seq": j, "number_range": r} for j, r in enumerate(x.number_ranges))
    out[s.SystemRow] = systems
    out[s.ReplacedByRow] = replaced
    out[s.NumberRangeRow] = ranges
    out[s.IntegrationRow] = [{
        "pos": i, "id": x.id, "source": x.source, "target": x.target, "name": x.name, "kind": x.kind,
        "dependency": x.dependency, "coexistence_bridge": x.coexistence_bridge, "notes": x.notes,
    } for i, x in enumerate(plan.integrations)]
    out[s.RoleRow] = [{"pos": i, "id": x.id, "name": x.name, "day_rate": x.day_rate}
                      for i, x in enumerate(plan.roles)]
    out[s.PhaseRow] = [{"pos": i, "id": x.id, "name": x.name, "description": x.description,
                        "agents": x.agents} for i, x in enumerate(plan.phases)]
    tasks: _Rows = []
    deps: _Rows = []
    task_systems: _Rows = []
    efforts: _Rows = []
    for i, t in enumerate(plan.tasks):
        tasks.append({
            "pos": i, "id": t.id, "name": t.name, "duration": t.duration, "phase": t.phase, "kind": t.kind,
            "optimistic": t.optimistic, "pessimistic": t.pessimistic, "distribution": t.distribution,
            "start_no_earlier_than": _iso(t.start_no_earlier_than), "deadline": _iso(t.deadline),
            "actual_start": _iso(t.actual_start), "actual_finish": _iso(t.actual_finish),
            "percent_complete": t.percent_complete, "notes": t.notes,
        })
        deps.extend({"task_pos": i, "seq": j, "predecessor": d.task, "type": d.type, "lag": d.lag,
                     "reason": d.reason} for j, d in enumerate(t.predecessors))
        task_systems.extend({"task_pos": i, "seq": j, "system": x} for j, x in enumerate(t.systems))
        efforts.extend({"task_pos": i, "seq": j, "role": e.role, "days": e.days}
                       for j, e in enumerate(t.effort))
    out[s.TaskRow] = tasks
    out[s.DependencyRow] = deps
    out[s.TaskSystemRow] = task_systems
    out[s.EffortRow] = efforts
    lines: _Rows = []
    ramps: _Rows = []
    for i, c in enumerate(plan.cost_lines):
        row = {
            "pos": i, "id": c.id, "name": c.name, "category": c.category, "kind": c.kind,
            "unit_cost": c.unit_cost, "quantity": c.quantity, "option": c.option, "date": _iso(c.date),
            "task": c.task,
            "low": c.low, "high": c.high, "vat_irrecoverable": c.vat_irrecoverable, "treatment": c.treatment,
            "ob_category": c.ob_category, "system": c.system, "phase": c.phase, "source": c.source,
            "notes": c.notes,
        }
        for end in ("start", "end"):
            anchor: m.CostAnchor | None = getattr(c, end)
            row[f"{end}_event"] = None if anchor is None else anchor.event
            row[f"{end}_date"] = None if anchor is None else _iso(anchor.date)
            row[f"{end}_task"] = None if anchor is None else anchor.task
        lines.append(row)
        ramps.extend({"line_pos": i, "seq": j, "start": _iso(r.start), "share": r.share}
                     for j, r in enumerate(c.ramp))
    out[s.CostLineRow] = lines
    out[s.RampStepRow] = ramps
    out.update(_template_rows(plan.templates))
    out.update(_baseline_rows(plan.baselines))
    out[s.ScenarioRow] = [{"pos": i, "id": x.id,
                           "plan_json": json.dumps(interchange.plan_to_dict(x.plan), ensure_ascii=False)}
                          for i, x in enumerate(plan.scenarios)]
    return out


def _baseline_rows(baselines: tuple[m.Baseline, ...]) -> dict[type[s.Base], list[dict[str, Any]]]:
    """Rows of the baseline tables (revision 0005): baselines and their tasks, phases and cost items."""
    heads: _Rows = []
    tasks: _Rows = []
    phases: _Rows = []
    costs: _Rows = []
    for i, b in enumerate(baselines):
        heads.append({"pos": i, "id": b.id, "name": b.name, "saved": _iso(b.saved), "start": _iso(b.start),
                      "finish": _iso(b.finish), "one_off": b.one_off, "dual_running": b.dual_running,
                      "total_migrate": b.total_migrate, "npc_migrate": b.npc_migrate, "notes": b.notes})
        tasks.extend({"baseline_pos": i, "seq": j, "task": t.task, "name": t.name, "start": _iso(t.start),
                      "finish": _iso(t.finish), "duration": t.duration, "phase": t.phase}
                     for j, t in enumerate(b.tasks))
        phases.extend({"baseline_pos": i, "seq": j, "phase": x.phase, "name": x.name, "start": _iso(x.start),
                       "finish": _iso(x.finish)} for j, x in enumerate(b.phases))
        costs.extend({"baseline_pos": i, "seq": j, "item": c.item, "name": c.name, "amount": c.amount,
                      "category": c.category} for j, c in enumerate(b.costs))
    return {s.BaselineRow: heads, s.BaselineTaskRow: tasks, s.BaselinePhaseRow: phases,
            s.BaselineCostRow: costs}


def _template_rows(templates: tuple[m.CutoverTemplate, ...]) -> dict[type[s.Base], list[dict[str, Any]]]:
    """Rows of the template tables (revision 0004): templates, their steps, and each step's links."""
    heads: _Rows = []
    steps: _Rows = []
    links: _Rows = []
    for i, x in enumerate(templates):
        heads.append({"pos": i, "id": x.id, "name": x.name, "description": x.description,
                      "category": x.category})
        for j, step in enumerate(x.steps):
            steps.append({"template_pos": i, "seq": j, "key": step.key, "name": step.name, "kind": step.kind,
                          "duration": step.duration, "optimistic": step.optimistic,
                          "pessimistic": step.pessimistic, "source": step.source})
            links.extend({"template_pos": i, "step_seq": j, "seq": k, "step": link.step, "type": link.type,
                          "lag": link.lag, "reason": link.reason} for k, link in enumerate(step.predecessors))
    return {s.TemplateRow: heads, s.TemplateStepRow: steps, s.TemplateLinkRow: links}


def _grouped(rows: Iterable[Any], make: Callable[[Any], Any]) -> dict[int, tuple[Any, ...]]:
    """Group rows ordered by owner (column 0) into ``{owner: tuple(make(row) ...)}``."""
    return {owner: tuple(map(make, group)) for owner, group in groupby(rows, itemgetter(0))}


_second = itemgetter(1)


def read_plan(session: Session) -> m.Plan:
    """Read the whole plan from ``session``'s database (column selects, no ORM entities).

    Raises:
        LookupError: the project settings row is missing.
    """
    ex: Callable[..., Any] = session.connection().execute
    pr, nwd, fr = s.ProjectRow, s.NonWorkingDayRow, s.FreezeRow
    row = ex(select(
        pr.name, pr.start_date, pr.nation, pr.organisation, pr.organisation_type, pr.benchmark_months,
        pr.discount_rate, pr.appraisal_years, pr.distribution, pr.ob_capital_upper, pr.ob_capital_mitigation,
        pr.ob_duration_upper, pr.ob_duration_mitigation, pr.ob_operating_upper, pr.ob_operating_mitigation,
        pr.vat_rate, pr.status_date, pr.notes, pr.baseline, pr.rag_amber_days, pr.rag_red_days,
        pr.scenario_name,
    ).where(pr.id == 1)).one_or_none()
    if row is None:
        raise LookupError("the project settings row is missing")
    fp = s.FreezePhaseRow
    freeze_phases = _grouped(ex(select(fp.freeze_pos, fp.phase).order_by(fp.freeze_pos, fp.seq)).all(),
                             _second)
    project = m.Project(
        name=row.name, start_date=row.start_date, nation=row.nation, organisation=row.organisation,
        organisation_type=row.organisation_type, benchmark_months=row.benchmark_months,
        discount_rate=row.discount_rate, appraisal_years=row.appraisal_years, distribution=row.distribution,
        ob_capital=m.OptimismBias(row.ob_capital_upper, row.ob_capital_mitigation),
        ob_duration=m.OptimismBias(row.ob_duration_upper, row.ob_duration_mitigation),
        ob_operating=m.OptimismBias(row.ob_operating_upper, row.ob_operating_mitigation),
        vat_rate=row.vat_rate,
        non_working_days=tuple(ex(select(nwd.day).order_by(nwd.pos)).scalars()),
        freezes=tuple(m.Freeze(r.name, r.start, r.end, freeze_phases.get(r.pos, ()))
                      for r in ex(select(fr.pos, fr.name, fr.start, fr.end).order_by(fr.pos))),
        status_date=row.status_date, notes=row.notes, baseline=row.baseline,
        rag_amber_days=row.rag_amber_days, rag_red_days=row.rag_red_days, scenario_name=row.scenario_name,
    )

    rb, nr, sy = s.ReplacedByRow, s.NumberRangeRow, s.SystemRow
    replaced = _grouped(ex(select(rb.system_pos, rb.target).order_by(rb.system_pos, rb.seq)).all(), _second)
    ranges = _grouped(ex(select(nr.system_pos, nr.number_range).order_by(nr.system_pos, nr.seq)).all(),
                      _second)
    systems = tuple(
        m.System(id=r.id, name=r.name, estate=r.estate, kind=r.kind, action=r.action, vendor=r.vendor,
                 seats=r.seats, annual_run_cost=r.annual_run_cost, contract_end=r.contract_end,
                 notice_days=r.notice_days, renewal_months=r.renewal_months, exit_fee=r.exit_fee,
                 personal_data=r.personal_data, classification=r.classification,
                 replaced_by=replaced.get(r.pos, ()), phase=r.phase, number_ranges=ranges.get(r.pos, ()),
                 notes=r.notes)
        for r in ex(select(
            sy.pos, sy.id, sy.name, sy.estate, sy.kind, sy.action, sy.vendor, sy.seats, sy.annual_run_cost,
            sy.contract_end, sy.notice_days, sy.renewal_months, sy.exit_fee, sy.personal_data,
            sy.classification, sy.phase, sy.notes,
        ).order_by(sy.pos)).all()
    )
    it, ro, ph = s.IntegrationRow, s.RoleRow, s.PhaseRow
    integrations = tuple(m.Integration(*r) for r in ex(
        select(it.id, it.source, it.target, it.name, it.kind, it.dependency, it.coexistence_bridge,
               it.notes).order_by(it.pos)))
    roles = tuple(m.Role(*r) for r in ex(select(ro.id, ro.name, ro.day_rate).order_by(ro.pos)))
    phases = tuple(m.Phase(*r) for r in ex(
        select(ph.id, ph.name, ph.description, ph.agents).order_by(ph.pos)))

    dp, ts, ef, tk = s.DependencyRow, s.TaskSystemRow, s.EffortRow, s.TaskRow
    deps = _grouped(ex(select(dp.task_pos, dp.predecessor, dp.type, dp.lag, dp.reason)
                       .order_by(dp.task_pos, dp.seq)).all(),
                    lambda r: m.Dependency(r[1], r[2], r[3], r[4]))
    task_systems = _grouped(ex(select(ts.task_pos, ts.system).order_by(ts.task_pos, ts.seq)).all(), _second)
    efforts = _grouped(ex(select(ef.task_pos, ef.role, ef.days).order_by(ef.task_pos, ef.seq)).all(),
                       lambda r: m.Effort(r[1], r[2]))
    task_rows = ex(select(
        tk.pos, tk.id, tk.name, tk.duration, tk.phase, tk.kind, tk.optimistic, tk.pessimistic,
        tk.distribution, tk.start_no_earlier_than, tk.deadline, tk.actual_start, tk.actual_finish,
        tk.percent_complete, tk.notes,
    ).order_by(tk.pos)).all()
    tasks = tuple(
        m.Task(id=tid, name=name, duration=duration, phase=phase, kind=kind, optimistic=low, pessimistic=high,
               distribution=distribution, predecessors=deps.get(pos, ()), systems=task_systems.get(pos, ()),
               effort=efforts.get(pos, ()), start_no_earlier_than=snet, deadline=deadline, actual_start=began,
               actual_finish=ended, percent_complete=percent, notes=notes)
        for (pos, tid, name, duration, phase, kind, low, high, distribution, snet, deadline, began, ended,
             percent, notes) in task_rows
    )

    rs, cl = s.RampStepRow, s.CostLineRow
    ramps = _grouped(ex(select(rs.line_pos, rs.start, rs.share).order_by(rs.line_pos, rs.seq)).all(),
                     lambda r: m.RampStep(r[1], r[2]))
    cost_lines = tuple(
        m.CostLine(id=r.id, name=r.name, category=r.category, kind=r.kind, unit_cost=r.unit_cost,
                   quantity=r.quantity, option=r.option, date=r.date, task=r.task,
                   start=_anchor(r.start_event, r.start_date, r.start_task),
                   end=_anchor(r.end_event, r.end_date, r.end_task), ramp=ramps.get(r.pos, ()),
                   low=r.low, high=r.high, vat_irrecoverable=r.vat_irrecoverable, treatment=r.treatment,
                   ob_category=r.ob_category, system=r.system, phase=r.phase, source=r.source, notes=r.notes)
        for r in ex(select(
            cl.pos, cl.id, cl.name, cl.category, cl.kind, cl.unit_cost, cl.quantity, cl.option, cl.date,
            cl.task, cl.start_event, cl.start_date, cl.start_task, cl.end_event, cl.end_date, cl.end_task,
            cl.low, cl.high, cl.vat_irrecoverable, cl.treatment, cl.ob_category, cl.system, cl.phase,
            cl.source, cl.notes,
        ).order_by(cl.pos)).all()
    )
    return m.Plan(project, systems, integrations, roles, phases, tasks, cost_lines, _read_templates(ex),
                  _read_baselines(ex), _read_scenarios(ex))


def _read_baselines(ex: Callable[..., Any]) -> tuple[m.Baseline, ...]:
    """Read ``Plan.baselines`` (revision 0005) with one column select per table."""
    bt, bp, bc, b = s.BaselineTaskRow, s.BaselinePhaseRow, s.BaselineCostRow, s.BaselineRow
    tasks = _grouped(ex(select(bt.baseline_pos, bt.task, bt.name, bt.start, bt.finish, bt.duration, bt.phase)
                        .order_by(bt.baseline_pos, bt.seq)).all(),
                     lambda r: m.BaselineTask(r[1], r[2], r[3], r[4], r[5], r[6]))
    phases = _grouped(ex(select(bp.baseline_pos, bp.phase, bp.name, bp.start, bp.finish)
                         .order_by(bp.baseline_pos, bp.seq)).all(),
                      lambda r: m.BaselinePhase(r[1], r[2], r[3], r[4]))
    costs = _grouped(ex(select(bc.baseline_pos, bc.item, bc.name, bc.amount, bc.category)
                        .order_by(bc.baseline_pos, bc.seq)).all(),
                     lambda r: m.BaselineCost(r[1], r[2], r[3], r[4]))
    return tuple(
        m.Baseline(id=r.id, name=r.name, saved=r.saved, start=r.start, finish=r.finish, one_off=r.one_off,
                   dual_running=r.dual_running, total_migrate=r.total_migrate, npc_migrate=r.npc_migrate,
                   tasks=tasks.get(r.pos, ()), phases=phases.get(r.pos, ()), costs=costs.get(r.pos, ()),
                   notes=r.notes)
        for r in ex(select(b.pos, b.id, b.name, b.saved, b.start, b.finish, b.one_off, b.dual_running,
                           b.total_migrate, b.npc_migrate, b.notes).order_by(b.pos)).all()
    )


def _read_scenarios(ex: Callable[..., Any]) -> tuple[m.Scenario, ...]:
    """Read ``Plan.scenarios`` (revision 0005): each plan is checked by the interchange reader.

    Raises:
        InputError: a scenario's stored plan is not a valid plan (naming the scenario).
    """
    sc = s.ScenarioRow
    scenarios = []
    for r in ex(select(sc.pos, sc.id, sc.plan_json).order_by(sc.pos)).all():
        plan = interchange.parse_text(r.plan_json, f"scenario '{r.id}'")
        scenarios.append(m.Scenario(id=r.id, plan=plan))
    return tuple(scenarios)


def _read_templates(ex: Callable[..., Any]) -> tuple[m.CutoverTemplate, ...]:
    """Read ``Plan.templates`` (revision 0004) with one column select per table."""
    tl, st, tp = s.TemplateLinkRow, s.TemplateStepRow, s.TemplateRow
    links = {
        owner: tuple(m.TemplateLink(r[2], r[3], r[4], r[5]) for r in group)
        for owner, group in groupby(
            ex(select(tl.template_pos, tl.step_seq, tl.step, tl.type, tl.lag, tl.reason)
               .order_by(tl.template_pos, tl.step_seq, tl.seq)).all(),
            itemgetter(0, 1))
    }
    steps = _grouped(
        ex(select(st.template_pos, st.seq, st.key, st.name, st.kind, st.duration, st.optimistic,
                  st.pessimistic, st.source).order_by(st.template_pos, st.seq)).all(),
        lambda r: m.TemplateStep(key=r[2], name=r[3], kind=r[4], duration=r[5], optimistic=r[6],
                                 pessimistic=r[7], predecessors=links.get((r[0], r[1]), ()), source=r[8]))
    return tuple(
        m.CutoverTemplate(id=r.id, name=r.name, description=r.description, category=r.category,
                          steps=steps.get(r.pos, ()))
        for r in ex(select(tp.pos, tp.id, tp.name, tp.description, tp.category).order_by(tp.pos)).all()
    )


def _anchor(event: Any, when: Any, task: Any) -> m.CostAnchor | None:
    return None if event is None else m.CostAnchor(date=when, task=task, event=event)


# --- checking what was read -------------------------------------------------------------------------------
# SQLite keeps whatever the bytes of a damaged file say: an estate "cDrrent", bytes where text belongs, a
# negative amount, an id nothing has. ``check_plan`` applies the interchange reader's rules (its converters,
# ranges and structural check) to the plan read, so a project file gives only what a JSON file could give.
# A fast pass checks each field over every row at once (set, min and max in C); only when it finds something
# does the slow pass walk the plan value by value, to name the first problem by its JSON path.

Valid = Callable[[list[Any]], bool]
Checker = Callable[[object, str], object]  # raises InputError; what it returns is ignored
_VALID: dict[Any, Valid] = {}
_CHECKERS: dict[Any, Checker] = {}


def check_plan(plan: m.Plan) -> None:
    """Check every value of ``plan`` (read from a database) as the interchange reader checks JSON.

    Each value must be of its field's type (text, a whole number, a finite number, true or false, a date, one
    of the field's choices) and in the ranges the reader enforces, with no duplicate id. Unknown references
    pass (the app's edits may leave one, and validation reports it), so a saved plan always opens again.

    Raises:
        InputError: the first problem, ``where`` its JSON path (``$.systems[3].estate``).
    """
    if not _valid(m.Plan)([plan]):
        _checker(m.Plan)(plan, "$")
        raise InputError("a value of the wrong kind", where="$")  # not reached: the slow pass names it
    # Duplicate ids and nested scenarios mean damage. An unknown reference does not: the app's own edits
    # may leave one for validation to report, and the file must still open so the user can mend it.
    problems = [p for p in structural_problems(plan) if p.code != "unknown-reference"]
    if problems:
        raise InputError(problems[0].message, where=f"$.{problems[0].where}")


def _cached(table: dict[Any, Any], annotation: Any, build: Callable[[Any], Any]) -> Any:
    """``table[annotation]``, built once; a recursive type (a scenario's plan) finds a forwarder meanwhile."""
    found = table.get(annotation)
    if found is None:
        built: list[Any] = []
        table[annotation] = lambda *args: built[0](*args)
        found = build(annotation)
        built.append(found)
        table[annotation] = found
    return found


def _only(values: list[Any], kinds: frozenset[type]) -> bool:
    return set(map(type, values)) <= kinds


def _valid(annotation: Any) -> Valid:
    found: Valid = _cached(_VALID, annotation, _build_valid)
    return found


def _build_valid(annotation: Any) -> Valid:  # noqa: C901 - one dispatch over types
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        inner = _valid(next(a for a in get_args(annotation) if a is not type(None)))
        return lambda values: inner([v for v in values if v is not None])
    if origin is Literal:
        allowed = frozenset(get_args(annotation))
        kinds = frozenset(map(type, allowed)) - {bool}
        return lambda values: _only(values, kinds) and set(values) <= allowed
    if origin is tuple:
        item = _valid(get_args(annotation)[0])
        return lambda values: _only(values, _TUPLE) and item(list(chain.from_iterable(values)))
    if isinstance(annotation, type) and is_dataclass(annotation):
        return _object_valid(annotation)
    return _SIMPLE_VALID[annotation]


def _whole(values: list[Any]) -> bool:
    return _only(values, _INT) and (not values or -MAX_WHOLE <= min(values) and max(values) <= MAX_WHOLE)


def _number(values: list[Any]) -> bool:
    if not _only(values, _NUMBER):
        return False
    try:
        return all(map(math.isfinite, values))
    except OverflowError:  # a whole number too large for a float
        return False


def _text(values: list[Any]) -> bool:
    return _only(values, _STR) and (all(map(str.isascii, values)) or not any(
        _SURROGATE.search(v) for v in values if not v.isascii()))


_TUPLE, _INT, _NUMBER, _STR = frozenset({tuple}), frozenset({int}), frozenset({int, float}), frozenset({str})
_SIMPLE_VALID: dict[Any, Valid] = {
    bool: lambda values: _only(values, frozenset({bool})), int: _whole, float: _number, str: _text,
    dt.date: lambda values: _only(values, frozenset({dt.date})),
}


def _object_valid(cls: type) -> Valid:
    hints = interchange.field_hints(cls)
    checks = [(attrgetter(f.name), _valid(hints[f.name]), f.name if f.name in _RANGED else "")
              for f in fields(cls)]
    kinds = frozenset({cls})

    def valid(values: list[Any]) -> bool:
        if not values:
            return True  # nothing to check (and no end to a scenario's plan's scenarios' plans ...)
        if not _only(values, kinds):
            return False
        for get, check, ranged in checks:
            column = list(map(get, values))
            if not check(column) or (ranged and not _in_range(ranged, column)):
                return False
        return True
    return valid


def _in_range(name: str, column: list[Any]) -> bool:
    """Every value in ``column`` keeps the reader's range rule for ``name`` (each rule is an interval)."""
    present = [v for v in column if v is not None]
    try:
        if present:
            _check_range(name, min(present), "$")
            _check_range(name, max(present), "$")
    except InputError:
        return False
    return True


def _checker(annotation: Any) -> Checker:
    found: Checker = _cached(_CHECKERS, annotation, _build_checker)
    return found


def _build_checker(annotation: Any) -> Checker:
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        inner = _checker(next(a for a in get_args(annotation) if a is not type(None)))

        def optional(value: object, where: str) -> None:
            if value is not None:
                inner(value, where)
        return optional
    if origin is Literal:
        return _converter(annotation)  # the reader's own check of a choice
    if origin is tuple:
        item = _checker(get_args(annotation)[0])

        def sequence(value: object, where: str) -> None:
            if type(value) is not tuple:
                raise InputError(f"expected a list, got {_kind(value)}", where=where)
            for i, v in enumerate(value):
                item(v, f"{where}[{i}]")
        return sequence
    if isinstance(annotation, type) and is_dataclass(annotation):
        return _object_checker(annotation)
    return _SIMPLE_CHECKS[annotation]


def _check_int(value: object, where: str) -> None:
    if type(value) is not int:  # the reader takes 5.0 from JSON; a plan's whole numbers are ints
        raise InputError(f"expected a whole number, got {_kind(value)}", where=where)
    _to_int(value, where)


def _check_date(value: object, where: str) -> None:
    if type(value) is not dt.date:
        raise InputError(f"expected a date, got {_kind(value)}", where=where)


_SIMPLE_CHECKS: dict[Any, Checker] = {bool: _to_bool, int: _check_int, float: _to_float, str: _to_str,
                                      dt.date: _check_date}


def _object_checker(cls: type) -> Checker:
    hints = interchange.field_hints(cls)
    checks = [(f.name, _checker(hints[f.name]), f.name in _RANGED) for f in fields(cls)]

    def check(value: object, where: str) -> None:
        if type(value) is not cls:
            raise InputError(f"expected an object, got {_kind(value)}", where=where)
        for name, checker, ranged in checks:
            item = getattr(value, name)
            path = f"{where}.{name}"
            checker(item, path)
            if ranged:
                _check_range(name, item, path)
    return check
