"""review_plan: validation plus gaps and freeze warnings, apart, without duplicates, in a stable order."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given

from app.engine import model as m
from app.engine.review import review_plan
from app.engine.validation import validate_plan
from app.storage.interchange import read_json
from tests.conftest import SAMPLES
from tests.engine.factories import plan, task
from tests.strategies import plans

GAP_CODES = {"integration-broken", "shared-number-range", "deadline-missed", "contract-end-missed",
             "data-protection", "held-by-freeze"}


def legacy(system_id: str, **fields: object) -> m.System:
    return m.System(system_id, f"Legacy {system_id}", "current", "acd", **fields)  # type: ignore[arg-type]


def test_clean_plan_reviews_clean() -> None:
    report = review_plan(plan((task("D", "Design", kind="design"), task("B", "Build", "D", kind="build"))))
    assert report.ok and report.issues == ()


def test_adds_gap_and_freeze_warnings_after_validation_warnings() -> None:
    freeze = m.Freeze("Council-tax billing", date(2026, 4, 1), date(2026, 4, 30))
    tasks = (task("GO", "Go live", duration=2, kind="cutover"),
             task("X", "Odd", duration=1, kind="odd"),
             task("PSTN", "PSTN switch-off", "GO", duration=300, kind="network", deadline=date(2027, 1, 31)))
    report = review_plan(plan(tasks, (legacy("L1", personal_data="call records", replaced_by=()),),
                              freezes=(freeze,)))
    assert report.ok
    codes = [i.code for i in report.warnings]
    assert codes == ["unknown-task-kind", "no-exit-path", "deadline-missed", "held-by-freeze"]
    held = report.warnings[-1]
    assert held.where == "tasks[0]" and "held back by the freeze 'Council-tax billing'" in held.message
    assert "PSTN/ISDN switch-off missed" in report.warnings[2].message
    assert validate_plan(plan(tasks)).warnings[0] == report.warnings[0]


def test_cyclic_plan_gets_only_the_structural_gap_analysis() -> None:
    tasks = (task("A", "Alpha", "B", kind="build"), task("B", "Beta", "A", kind="build"),
             task("D", "Switch off", kind="decommission", systems=("L1",)))
    report = review_plan(plan(tasks, (legacy("L1", personal_data="recordings"),)))
    assert [i.code for i in report.errors] == ["task-cycle"]
    assert [i.code for i in report.warnings] == ["data-protection", "data-protection"]


@pytest.mark.parametrize("broken", [
    (task("A", "Alpha", "missing"),),
    (task("A", "Alpha"), task("A", "Again")),
    (task("A", "Alpha", "A"),),
    (task("A", "Alpha", duration=-3),),
], ids=["unknown-predecessor", "duplicate-task", "self-dependency", "negative-duration"])
def test_unschedulable_plans_are_reviewed_without_raising(broken: tuple[m.Task, ...]) -> None:
    report = review_plan(plan(broken))
    assert not report.ok
    assert not {i.code for i in report.warnings} & {"deadline-missed", "held-by-freeze"}


@given(plans())
def test_review_never_raises_and_keeps_validation_first(p: m.Plan) -> None:
    report = review_plan(p)
    base = validate_plan(p)
    assert report.errors == base.errors
    assert report.warnings[: len(base.warnings)] == base.warnings
    assert {i.code for i in report.warnings[len(base.warnings):]} <= GAP_CODES
    assert len(set(report.issues)) == len(report.issues)
    assert review_plan(p) == report  # stable


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.json")), ids=lambda path: path.stem)
def test_samples_review_without_errors(sample: Path) -> None:
    report = review_plan(read_json(sample))
    assert report.ok
    assert all(i.severity == "warning" for i in report.warnings)


def test_midshire_flags_the_legacy_pbx_renewal_trap() -> None:
    report = review_plan(read_json(SAMPLES / "midshire.json"))
    (trap,) = [i for i in report.warnings if i.code == "contract-end-missed"]
    assert "Legacy PBX/ACD/IVR (A13)" in trap.message and "serve notice by 31 December 2026" in trap.message


def test_review_reuses_the_network_and_calendar_after_a_duration_edit() -> None:
    import dataclasses

    from app.engine.review import review
    from app.storage.interchange import read_json
    from tests.conftest import SAMPLES

    plan = read_json(SAMPLES / "northvale.json")
    first = review(plan)
    longer = dataclasses.replace(plan, tasks=(dataclasses.replace(plan.tasks[0], duration=55), *plan.tasks[1:]))
    second = review(longer, first)
    assert second.network is first.network and second.calendar is first.calendar
    assert second.schedule is not None and first.schedule is not None
    assert second.schedule.finish > first.schedule.finish
    assert second.report == review(longer).report  # reuse changes nothing but the time taken
    moved = dataclasses.replace(longer, project=dataclasses.replace(longer.project, nation="scotland"))
    assert review(moved, second).calendar is not second.calendar
