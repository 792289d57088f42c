"""Hypothesis strategies for whole plans: referentially sound, acyclic, within every documented range."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from hypothesis import strategies as st

from app.engine import model as m

DAY0 = date(2025, 1, 1)

ids = st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,7}", fullmatch=True)
text = st.text(max_size=30)
dates = st.integers(0, 3000).map(lambda n: DAY0 + timedelta(days=n))
money = st.floats(0, 1e8, allow_nan=False, allow_infinity=False)
fractions = st.floats(0, 1, allow_nan=False)
days = st.integers(0, 400)


@st.composite
def projects(draw: st.DrawFn) -> m.Project:
    """A project with any valid settings."""
    freezes = draw(st.lists(st.builds(
        lambda name, start, length: m.Freeze(name, start, start + timedelta(days=length)),
        text, dates, st.integers(0, 60)), max_size=3))
    return _project(draw, freezes)


def _project(draw: st.DrawFn, freezes: list[m.Freeze]) -> m.Project:
    return m.Project(
        name=draw(text), start_date=draw(dates), nation=draw(st.sampled_from(m.NATIONS)),
        organisation=draw(text), organisation_type=draw(text),
        benchmark_months=draw(st.floats(0.5, 60, allow_nan=False)),
        discount_rate=draw(st.floats(0, 0.2, allow_nan=False)), appraisal_years=draw(st.integers(1, 60)),
        distribution=draw(st.sampled_from(m.DISTRIBUTIONS)),
        ob_capital=m.OptimismBias(draw(st.floats(0, 3, allow_nan=False)), draw(fractions)),
        ob_duration=m.OptimismBias(draw(st.floats(0, 3, allow_nan=False)), draw(fractions)),
        ob_operating=m.OptimismBias(draw(st.floats(0, 3, allow_nan=False)), draw(fractions)),
        vat_rate=draw(st.floats(0, 0.5, allow_nan=False)),
        non_working_days=tuple(draw(st.lists(dates, max_size=3))), freezes=tuple(freezes),
        status_date=draw(st.none() | dates), notes=draw(text),
        rag_amber_days=draw(st.integers(0, 30)), rag_red_days=draw(st.integers(0, 60)),
        scenario_name=draw(text),
    )


@st.composite
def plans(draw: st.DrawFn, max_items: int = 6, scenarios: bool = True) -> m.Plan:
    """A whole plan whose references all resolve and whose task dependencies form a DAG."""
    phase_ids = draw(st.lists(ids, max_size=max_items, unique=True))
    phases = tuple(m.Phase(p, draw(text), draw(text), draw(st.integers(0, 500))) for p in phase_ids)
    opt_phase = st.none() | st.sampled_from(phase_ids) if phase_ids else st.none()
    role_ids = draw(st.lists(ids, max_size=4, unique=True))
    roles = tuple(m.Role(r, draw(text), draw(money)) for r in role_ids)

    system_ids = draw(st.lists(ids, max_size=max_items, unique=True))
    systems = []
    for sid in system_ids:
        systems.append(m.System(
            id=sid, name=draw(text), estate=draw(st.sampled_from(m.ESTATES)),
            kind=draw(st.sampled_from(m.COMPONENT_KIND_KEYS)), action=draw(st.sampled_from(m.SYSTEM_ACTIONS)),
            vendor=draw(text), seats=draw(st.integers(0, 5000)), annual_run_cost=draw(money),
            contract_end=draw(st.none() | dates), notice_days=draw(st.none() | st.integers(0, 365)),
            renewal_months=draw(st.none() | st.integers(0, 60)), exit_fee=draw(money),
            personal_data=draw(text), classification=draw(st.sampled_from(m.CLASSIFICATIONS)),
            replaced_by=tuple(draw(st.lists(st.sampled_from(system_ids), max_size=2, unique=True))),
            phase=draw(opt_phase), number_ranges=tuple(draw(st.lists(text, max_size=2))), notes=draw(text),
        ))
    integrations = []
    if system_ids:
        for n in range(draw(st.integers(0, max_items))):
            integrations.append(m.Integration(
                id=f"I{n}", source=draw(st.sampled_from(system_ids)), target=draw(st.sampled_from(system_ids)),
                name=draw(text), kind=draw(text), dependency=draw(st.booleans()),
                coexistence_bridge=draw(st.booleans()), notes=draw(text)))

    task_ids = draw(st.lists(ids, max_size=max_items, unique=True))
    tasks = []
    for position, tid in enumerate(task_ids):
        earlier = task_ids[:position]
        preds = []
        if earlier:
            for pred in draw(st.lists(st.sampled_from(earlier), max_size=3, unique=True)):
                preds.append(m.Dependency(pred, draw(st.sampled_from(m.DEPENDENCY_TYPES)),
                                          draw(st.integers(-20, 20)), draw(text)))
        duration = draw(days)
        low = draw(st.none() | st.integers(0, duration))
        high = draw(st.none() | st.integers(duration, duration + 200))
        tasks.append(m.Task(
            id=tid, name=draw(text), duration=duration, phase=draw(opt_phase), kind=draw(st.sampled_from(m.TASK_KINDS)),
            optimistic=low, pessimistic=high, distribution=draw(st.none() | st.sampled_from(m.DISTRIBUTIONS)),
            predecessors=tuple(preds),
            systems=tuple(draw(st.lists(st.sampled_from(system_ids), max_size=2, unique=True))) if system_ids else (),
            effort=tuple(m.Effort(r, draw(st.floats(0, 500, allow_nan=False)))
                         for r in draw(st.lists(st.sampled_from(role_ids), max_size=2, unique=True)))
            if role_ids else (),
            start_no_earlier_than=draw(st.none() | dates), deadline=draw(st.none() | dates),
            actual_start=draw(st.none() | dates), actual_finish=draw(st.none() | dates),
            percent_complete=draw(st.floats(0, 100, allow_nan=False)), notes=draw(text),
        ))

    def anchors() -> st.SearchStrategy[m.CostAnchor | None]:
        by_date = st.builds(lambda d: m.CostAnchor(date=d), dates)
        if not task_ids:
            return st.none() | by_date
        by_task = st.builds(lambda t, e: m.CostAnchor(task=t, event=e), st.sampled_from(task_ids),
                            st.sampled_from(m.ANCHOR_EVENTS))
        return st.none() | by_date | by_task

    lines = []
    for n in range(draw(st.integers(0, max_items))):
        lines.append(m.CostLine(
            id=f"C{n}", name=draw(text), category=draw(st.sampled_from(m.COST_CATEGORIES) | text),
            kind=draw(st.sampled_from(m.COST_KINDS)), unit_cost=draw(money), quantity=draw(st.floats(0, 1e4)),
            option=draw(st.sampled_from(m.COST_OPTIONS)), date=draw(st.none() | dates),
            task=draw(st.none() | st.sampled_from(task_ids)) if task_ids else None,
            start=draw(anchors()), end=draw(anchors()),
            ramp=tuple(m.RampStep(d, s) for d, s in draw(st.lists(st.tuples(dates, fractions), max_size=3))),
            low=draw(st.none() | money), high=draw(st.none() | money), vat_irrecoverable=draw(fractions),
            treatment=draw(st.sampled_from(m.TREATMENTS)), ob_category=draw(st.sampled_from(m.OB_CATEGORIES)),
            system=draw(st.none() | st.sampled_from(system_ids)) if system_ids else None,
            phase=draw(opt_phase), source=draw(text), notes=draw(text),
        ))
    project = draw(projects())
    if phase_ids:
        scoped = tuple(dataclasses.replace(f, phases=tuple(draw(st.lists(st.sampled_from(phase_ids), max_size=2,
                                                                          unique=True))))
                       for f in project.freezes)
        project = dataclasses.replace(project, freezes=scoped)
    kept = draw(baselines())
    if kept:
        project = dataclasses.replace(project, baseline=draw(st.none() | st.sampled_from([b.id for b in kept])))
    alternatives: tuple[m.Scenario, ...] = ()
    if scenarios:
        alternatives = tuple(m.Scenario(sid, draw(plans(max_items=2, scenarios=False)))
                             for sid in draw(st.lists(ids, max_size=1, unique=True)))
    return m.Plan(project, tuple(systems), tuple(integrations), roles, phases, tuple(tasks), tuple(lines),
                  draw(templates()), kept, alternatives)


@st.composite
def baselines(draw: st.DrawFn) -> tuple[m.Baseline, ...]:
    """0-2 baselines; being history, the tasks, phases and cost items they name need not exist."""
    out = []
    for baseline_id in draw(st.lists(ids, max_size=2, unique=True)):
        def dated(make):  # type: ignore[no-untyped-def]
            start = draw(dates)
            return make(start, start + timedelta(days=draw(st.integers(0, 400))))
        out.append(dated(lambda start, finish: m.Baseline(
            id=baseline_id, name=draw(text), saved=draw(dates), start=start, finish=finish,
            one_off=draw(money), dual_running=draw(money), total_migrate=draw(money), npc_migrate=draw(money),
            tasks=tuple(dated(lambda a, b: m.BaselineTask(draw(ids), draw(text), a, b, draw(days),
                                                          draw(st.none() | ids)))
                        for _ in range(draw(st.integers(0, 3)))),
            phases=tuple(dated(lambda a, b: m.BaselinePhase(draw(ids), draw(text), a, b))
                         for _ in range(draw(st.integers(0, 2)))),
            costs=tuple(m.BaselineCost(draw(ids), draw(text), draw(money), draw(text))
                        for _ in range(draw(st.integers(0, 3)))),
            notes=draw(text))))
    return tuple(out)


@st.composite
def templates(draw: st.DrawFn) -> tuple[m.CutoverTemplate, ...]:
    """0-2 templates of 1-5 steps (unique keys) whose links point to earlier steps' keys."""
    out = []
    for template_id in draw(st.lists(ids, max_size=2, unique=True)):
        keys = draw(st.lists(ids, min_size=1, max_size=5, unique=True))
        steps = []
        for position, key in enumerate(keys):
            links = tuple(
                m.TemplateLink(pred, draw(st.sampled_from(m.DEPENDENCY_TYPES)), draw(st.integers(-20, 20)),
                               draw(text))
                for pred in draw(st.lists(st.sampled_from(keys[:position]), max_size=2, unique=True))
            ) if position else ()
            duration = draw(days)
            steps.append(m.TemplateStep(
                key=key, name=draw(text), kind=draw(st.sampled_from(m.TASK_KINDS) | text), duration=duration,
                optimistic=draw(st.none() | st.integers(0, duration)),
                pessimistic=draw(st.none() | st.integers(duration, duration + 200)),
                predecessors=links, source=draw(text)))
        out.append(m.CutoverTemplate(template_id, draw(text), draw(text),
                                     draw(st.sampled_from(("cutover", "procurement")) | text), tuple(steps)))
    return tuple(out)
