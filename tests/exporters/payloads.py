"""A plan whose every piece of text is a formula-injection payload (shared by the exporter tests)."""

from __future__ import annotations

from datetime import date

from app.engine import model as m

PAYLOADS = (
    "=cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
)


def payload(k: int, tag: str = "") -> str:
    """The k-th payload, made unique with ``tag``."""
    return f"{PAYLOADS[k % len(PAYLOADS)]}{tag}"


def injection_plan() -> m.Plan:
    """A small plan: every id, name, note, category, source and reason starts with ``= + - @``."""
    p = payload
    project = m.Project(
        p(0, "project"),
        date(2026, 6, 1),
        organisation=p(1, "org"),
        organisation_type=p(2),
        notes=p(3, "notes"),
        freezes=(m.Freeze(p(0, "freeze"), date(2026, 12, 21), date(2027, 1, 1)),),
    )
    systems = (
        m.System(
            p(0, "S1"),
            p(1, "pbx"),
            "current",
            "acd",
            vendor=p(2, "v"),
            annual_run_cost=120_000.0,
            contract_end=date(2028, 3, 31),
            exit_fee=5_000.0,
            personal_data=p(3),
            replaced_by=(p(1, "S2"),),
            phase=p(0, "PH"),
            number_ranges=(p(2, "01234"),),
            notes=p(3, "sys notes"),
        ),
        m.System(p(1, "S2"), p(2, "ccaas"), "target", "platform", vendor=p(3), notes=p(0, "n")),
    )
    integrations = (
        m.Integration(
            p(2, "I1"), p(0, "S1"), p(1, "S2"), name=p(3, "int"), kind=p(0, "k"), notes=p(1, "int notes")
        ),
    )
    roles = (m.Role(p(3, "R1"), p(0, "role"), 600.0),)
    phases = (m.Phase(p(0, "PH"), p(1, "phase"), description=p(2, "desc"), agents=10),)
    tasks = (
        m.Task(
            p(1, "T1"),
            p(2, "design"),
            20,
            phase=p(0, "PH"),
            kind=p(3, "kind"),
            optimistic=15,
            pessimistic=30,
            effort=(m.Effort(p(3, "R1"), 10.0),),
            notes=p(0, "task notes"),
        ),
        m.Task(
            p(2, "T2"),
            p(3, "cutover"),
            0,
            phase=p(0, "PH"),
            kind="cutover",
            predecessors=(m.Dependency(p(1, "T1"), "FS", 2, reason=p(0, "because")),),
        ),
        m.Task(
            p(3, "T3"),
            p(0, "decommission"),
            5,
            phase=p(0, "PH"),
            kind="decommission",
            systems=(p(0, "S1"),),
            predecessors=(m.Dependency(p(2, "T2"), "FS", 0, reason=p(1, "after")),),
        ),
    )
    lines = (
        m.CostLine(
            p(0, "C1"),
            p(1, "licences"),
            p(2, "cat*?~"),
            "recurring",
            90.0,
            100.0,
            start=m.CostAnchor(task=p(2, "T2")),
            system=p(1, "S2"),
            ob_category="operating",
            source=p(3, "[A] source"),
            notes=p(0, "line notes"),
        ),
        m.CostLine(
            p(1, "C2"),
            p(2, "build"),
            p(3, "category"),
            "one_off",
            50_000.0,
            task=p(1, "T1"),
            vat_irrecoverable=1.0,
            ob_category="capital",
            phase=p(0, "PH"),
            source=p(0, "src"),
        ),
        m.CostLine(
            p(2, "C3"),
            p(3, "refresh"),
            p(0, "do-min"),
            "one_off",
            20_000.0,
            option="do_minimum",
            date=date(2027, 5, 1),
            source=p(1, "src"),
        ),
    )
    return m.Plan(
        project,
        systems=systems,
        integrations=integrations,
        roles=roles,
        phases=phases,
        tasks=tasks,
        cost_lines=lines,
    )
