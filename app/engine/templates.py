"""Cutover and procurement templates: check them, apply them to a plan, and save tasks as a new one.

A ``CutoverTemplate`` is a chain of steps with links between them (``app.engine.model``); the built-in
library lives in ``app.engine.template_library``. ``apply_template`` turns a template into tasks of a phase
as one undoable ``CompoundEdit``; ``tie_to_deadline`` hangs tasks before a hard-deadline milestone such as
the PSTN/ISDN switch-off (brief §2.7, R11); ``template_from_tasks`` saves a selection of tasks as a template
so a planner can keep several in the project (``Plan.templates``).

Which systems a task created from a step carries (``Task.systems``), by the step's kind:

* ``cutover``, ``build``, ``test``, ``pilot``: the target-estate systems given (what goes live);
* ``decommission``: the current-estate systems given (what is being replaced);
* ``archive``: the current-estate systems given that keep records (recording, QM, WFM, reporting);
* ``porting``: the given systems of kind ``numbers`` or ``sip_trunk`` (all given systems if there are none);
* ``parallel_run``: every system given (both estates are live);
* any other kind: none (design, integration, training ... concern the wave, not one component).

A ``{systems}`` placeholder names the step's systems (or every system given, for kinds that carry none),
shortened past three as ``"A, B and 4 more"``; ``{phase}`` is the phase's name. Empty placeholders are
tidied away (``"Go-live cutover: W2 ()"`` becomes ``"Go-live cutover: W2"``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from app.engine.edits import CompoundEdit, EditError, InsertItem, InsertItems, ReplaceItem, next_id
from app.engine.model import (
    DEPENDENCY_TYPES,
    CutoverTemplate,
    Dependency,
    Plan,
    Task,
    TemplateLink,
    TemplateStep,
)
from app.engine.template_library import BUILT_IN_TEMPLATES, PORT_LEAD_TIMES, porting_lead_days

__all__ = [
    "BUILT_IN_TEMPLATES", "PORT_LEAD_TIMES", "PSTN_SWITCH_OFF", "R11_REASON", "apply_template", "built_in",
    "find_pstn_switch_off", "porting_lead_days", "pstn_switch_off_milestone", "template_from_tasks",
    "template_problems", "tie_to_deadline",
]

PSTN_SWITCH_OFF = date(2027, 1, 31)  # brief §2.7 [S2][33]: PSTN/ISDN stop; Openreach: it will not move again
R11_REASON = "R11: ISDN/analogue dependencies re-provisioned before 31 Jan 2027"
TARGET_KINDS = frozenset({"cutover", "build", "test", "pilot"})
CURRENT_KINDS = frozenset({"decommission", "archive"})
RECORD_SYSTEM_KINDS = frozenset({"recording", "qm", "wfm", "reporting"})
NUMBER_SYSTEM_KINDS = frozenset({"numbers", "sip_trunk"})


def built_in(template_id: str) -> CutoverTemplate:
    """Return the built-in template with ``template_id``.

    Raises:
        KeyError: no built-in template has that id.
    """
    for template in BUILT_IN_TEMPLATES:
        if template.id == template_id:
            return template
    raise KeyError(template_id)


def template_problems(template: CutoverTemplate) -> list[str]:
    """Return what is wrong with ``template`` in plain words (empty when it can be applied).

    Checks: at least one step; step keys present and unique; links name a known other step with a known
    type; durations not negative and optimistic <= most likely <= pessimistic; no cycle among the links.
    """
    problems: list[str] = []
    label = f"template '{template.name or template.id}'"
    if not template.id.strip():
        problems.append(f"{label} has no id")
    if not template.steps:
        problems.append(f"{label} has no steps")
    keys = [step.key for step in template.steps]
    known = set(keys)
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        problems.append(f"{label}: step key '{key}' is used more than once")
    for step in template.steps:
        where = f"{label}, step '{step.key}'"
        if not step.key.strip():
            problems.append(f"{label}: a step ('{step.name}') has no key")
        if step.duration < 0:
            problems.append(f"{where}: the duration is negative")
        if step.optimistic is not None and step.optimistic > step.duration:
            problems.append(f"{where}: the optimistic estimate is longer than the most likely")
        if step.pessimistic is not None and step.pessimistic < step.duration:
            problems.append(f"{where}: the pessimistic estimate is shorter than the most likely")
        for link in step.predecessors:
            if link.step == step.key:
                problems.append(f"{where} links to itself")
            elif link.step not in known:
                problems.append(f"{where} links to an unknown step '{link.step}'")
            if link.type not in DEPENDENCY_TYPES:
                problems.append(f"{where}: unknown link type '{link.type}'")
    cycle = _cycle(template)
    if cycle:
        problems.append(f"{label}: the links form a cycle: {' -> '.join(cycle)}")
    return problems


def _cycle(template: CutoverTemplate) -> list[str] | None:
    """Return one cycle among the steps (keys, first repeated at the end), or None."""
    preds: dict[str, list[str]] = {}
    for step in template.steps:
        preds.setdefault(step.key, []).extend(
            link.step for link in step.predecessors if link.step != step.key)
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for root in preds:
        if state.get(root):
            continue
        path: list[str] = [root]
        stack = [iter(preds[root])]
        state[root] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            elif not state.get(nxt) and nxt in preds:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(preds[nxt]))
    return None


def _names(names: Sequence[str]) -> str:
    """Comma-join names, shortened past three as ``"A, B and 4 more"``."""
    if len(names) <= 3:
        return ", ".join(names)
    return f"{names[0]}, {names[1]} and {len(names) - 2} more"


def _fill(text: str, systems: str, phase: str, fallback: str) -> str:
    """Fill the placeholders and tidy what an empty one leaves (``fallback`` if nothing is left)."""
    filled = text.replace("{systems}", systems).replace("{phase}", phase)
    filled = re.sub(r"\(\s*\)", "", filled)
    filled = re.sub(r"\s+([,:;)])", r"\1", re.sub(r"\s{2,}", " ", filled))
    return filled.strip(" :;,-") or fallback


def _step_systems(kind: str, systems: Sequence[str], estate: Mapping[str, str],
                  kinds: Mapping[str, str]) -> list[str]:
    """The systems a task of ``kind`` carries (see the module docstring)."""
    if kind in TARGET_KINDS:
        return [s for s in systems if estate.get(s) == "target"]
    if kind == "decommission":
        return [s for s in systems if estate.get(s) == "current"]
    if kind == "archive":
        return [s for s in systems if estate.get(s) == "current" and kinds.get(s) in RECORD_SYSTEM_KINDS]
    if kind == "porting":
        numbers = [s for s in systems if kinds.get(s) in NUMBER_SYSTEM_KINDS]
        return numbers or list(systems)
    if kind == "parallel_run":
        return list(systems)
    return []


def _free_prefix(existing: set[str], prefix: str, keys: Iterable[str]) -> str:
    """``prefix`` if no ``prefix-key`` id is taken, else ``prefix-2``, ``prefix-3`` ... (the first free)."""
    keys = tuple(keys)
    candidate, number = prefix, 1
    while any(f"{candidate}-{key}" in existing for key in keys):
        number += 1
        candidate = f"{prefix}-{number}"
    return candidate


def apply_template(plan: Plan, template: CutoverTemplate, *, phase: str | None,
                   systems: tuple[str, ...] = (), after: tuple[str, ...] = (),
                   start_no_earlier_than: date | None = None, id_prefix: str | None = None) -> CompoundEdit:
    """Return the edit that adds one task per step of ``template``.

    Task ids are ``f"{prefix}-{step.key}"``, the prefix defaulting to the phase id (else the template id)
    and numbered (``W2-2``, ``W2-3`` ...) when any id would clash. Each task takes the step's kind and
    estimates, its links as predecessors (type, lag and reason kept) and the template name and step source
    in its notes. Steps without links follow every task in ``after`` (FS, reason ``follows <name>``) and
    carry ``start_no_earlier_than``.

    Args:
        plan: the plan the edit will apply to.
        template: the template (checked with ``template_problems``).
        phase: the phase id the tasks belong to, or None.
        systems: system ids of the wave, current and target alike (see the module docstring).
        after: ids of tasks the first steps follow.
        start_no_earlier_than: a start constraint for the first steps.
        id_prefix: the prefix of the new task ids.

    Raises:
        EditError: the template has problems, or the phase, a system or an ``after`` task is unknown.
    """
    problems = template_problems(template)
    if problems:
        raise EditError(problems[0])
    if phase is not None and phase not in plan.phase_by_id:
        raise EditError(f"no phase '{phase}'")
    for sid in systems:
        if sid not in plan.system_by_id:
            raise EditError(f"no system '{sid}'")
    for tid in after:
        if tid not in plan.task_by_id:
            raise EditError(f"no task '{tid}'")
    systems = tuple(dict.fromkeys(systems))
    prefix = _free_prefix({t.id for t in plan.tasks}, id_prefix or phase or template.id,
                          (s.key for s in template.steps))
    ids = {step.key: f"{prefix}-{step.key}" for step in template.steps}
    phase_name = plan.phase_by_id[phase].name if phase is not None else ""
    estate = {s.id: s.estate for s in plan.systems}
    kinds = {s.id: s.kind for s in plan.systems}
    names = {s.id: s.name or s.id for s in plan.systems}
    tasks = []
    for step in template.steps:
        carried = _step_systems(step.kind, systems, estate, kinds)
        named = carried if (carried or step.kind in TARGET_KINDS | CURRENT_KINDS) else list(systems)
        first = not step.predecessors
        predecessors = tuple(Dependency(ids[link.step], link.type, link.lag, link.reason)
                             for link in step.predecessors)
        if first:
            predecessors = tuple(Dependency(tid, "FS", 0, f"follows {plan.task_by_id[tid].name}")
                                 for tid in after)
        tasks.append(Task(
            id=ids[step.key], name=_fill(step.name, _names([names[s] for s in named]), phase_name, step.key),
            duration=step.duration, phase=phase, kind=step.kind, optimistic=step.optimistic,
            pessimistic=step.pessimistic, predecessors=predecessors, systems=tuple(carried),
            start_no_earlier_than=start_no_earlier_than if first else None,
            notes=f"From template '{template.name}': {step.source}" if step.source else
            f"From template '{template.name}'",
        ))
    label = f"Add '{template.name}' tasks" + (f" for {phase}" if phase is not None else "")
    return CompoundEdit((InsertItems("tasks", tuple(tasks), label=label),), label)


def find_pstn_switch_off(plan: Plan) -> str | None:
    """Return the id of the plan's PSTN/ISDN switch-off milestone (a milestone due 31 Jan 2027), or None."""
    for task in plan.tasks:
        if task.duration == 0 and task.deadline == PSTN_SWITCH_OFF:
            return task.id
    return None


def pstn_switch_off_milestone(plan: Plan, phase: str | None = None) -> InsertItem | None:
    """Return the edit adding the "PSTN/ISDN switch-off" milestone (deadline 31 Jan 2027), or None if present.

    Brief §2.7 [S2][33]: PSTN, ISDN2/ISDN30 and copper services stop on 31 Jan 2027; tie every task that
    re-provisions an ISDN/analogue dependency to it with ``tie_to_deadline`` (rule R11).
    """
    if find_pstn_switch_off(plan) is not None:
        return None
    task = Task(id=next_id((t.id for t in plan.tasks), "PSTN"), name="PSTN/ISDN switch-off", duration=0,
                phase=phase, kind="milestone", deadline=PSTN_SWITCH_OFF,
                notes="[S2][33] domain brief §2.7: PSTN/ISDN switch-off 31 Jan 2027 (R11).")
    return InsertItem("tasks", task, label="Add the PSTN/ISDN switch-off milestone")


def _depends_on(plan: Plan, task_id: str, target: str) -> bool:
    """True when ``task_id`` is ``target`` or follows it through any chain of predecessors."""
    seen: set[str] = set()
    todo = [task_id]
    while todo:
        current = todo.pop()
        if current == target:
            return True
        if current in seen or current not in plan.task_by_id:
            continue
        seen.add(current)
        todo.extend(d.task for d in plan.task_by_id[current].predecessors)
    return False


def tie_to_deadline(plan: Plan, task_ids: Sequence[str], milestone_id: str) -> CompoundEdit:
    """Return the edit making ``task_ids`` FS predecessors of the deadline milestone ``milestone_id``.

    The reason is R11 when the milestone's deadline is the PSTN/ISDN switch-off (31 Jan 2027), else
    ``finish before <name> (deadline <date>)``. Tasks already linked are left alone, so a late task shows
    as negative float on the backward pass (semantics §4) rather than being moved.

    Raises:
        EditError: an unknown task, a milestone without a deadline, or a link that would make a cycle.
    """
    milestone = plan.task_by_id.get(milestone_id)
    if milestone is None:
        raise EditError(f"no task '{milestone_id}'")
    if milestone.deadline is None:
        raise EditError(f"'{milestone.name}' has no deadline to tie tasks to")
    reason = R11_REASON if milestone.deadline == PSTN_SWITCH_OFF else (
        f"finish before {milestone.name} (deadline {milestone.deadline:%d %b %Y})")
    linked = {d.task for d in milestone.predecessors}
    added: list[Dependency] = []
    for tid in task_ids:
        if tid not in plan.task_by_id:
            raise EditError(f"no task '{tid}'")
        if tid in linked:
            continue
        if _depends_on(plan, tid, milestone_id):
            raise EditError(f"'{plan.task_by_id[tid].name}' already follows '{milestone.name}': a link would "
                            "make a cycle")
        linked.add(tid)
        added.append(Dependency(tid, "FS", 0, reason))
    label = f"Tie {len(added)} task{'s' if len(added) != 1 else ''} to '{milestone.name}'"
    new = dataclasses.replace(milestone, predecessors=milestone.predecessors + tuple(added))
    return CompoundEdit((ReplaceItem("tasks", milestone_id, new, label),), label)


def _common_prefix(ids: Sequence[str]) -> str:
    """The ``"X-"`` every id starts with (leaving a non-empty rest), else ``""``."""
    heads = {i.split("-", 1)[0] for i in ids}
    if len(heads) == 1 and all("-" in i and i.split("-", 1)[1] for i in ids):
        return f"{heads.pop()}-"
    return ""


def template_from_tasks(plan: Plan, task_ids: Sequence[str], template_id: str, name: str) -> CutoverTemplate:
    """Save the tasks ``task_ids`` as a new template, keeping the links among them.

    Steps follow the plan's order, put in dependency order where a task follows a later one, so every link
    points to an earlier step. Keys are the task ids less a prefix they all share (``W2-test`` -> ``test``);
    a phase name in a task name becomes ``{phase}``. Links to tasks outside the selection are dropped: give
    them as ``after`` when applying.

    Raises:
        EditError: an unknown task id, or the selected tasks' links form a cycle.
    """
    wanted = list(dict.fromkeys(task_ids))
    for tid in wanted:
        if tid not in plan.task_by_id:
            raise EditError(f"no task '{tid}'")
    chosen = set(wanted)
    selected = [t for t in plan.tasks if t.id in chosen]
    ordered: list[Task] = []
    placed: set[str] = set()
    pending = selected
    while pending:
        ready = [t for t in pending if all(d.task in placed or d.task not in chosen or d.task == t.id
                                           for d in t.predecessors)]
        if not ready:
            raise EditError("the selected tasks' links form a cycle")
        ordered.extend(ready)
        placed.update(t.id for t in ready)
        pending = [t for t in pending if t.id not in placed]
    cut = len(_common_prefix([t.id for t in ordered]))
    steps = []
    for task in ordered:
        phase_name = plan.phase_by_id[task.phase].name if task.phase in plan.phase_by_id else ""
        step_name = task.name.replace(phase_name, "{phase}") if phase_name else task.name
        links = tuple(TemplateLink(d.task[cut:], d.type, d.lag, d.reason)
                      for d in task.predecessors if d.task in chosen and d.task != task.id)
        steps.append(TemplateStep(
            key=task.id[cut:], name=step_name, kind=task.kind, duration=task.duration,
            optimistic=task.optimistic, pessimistic=task.pessimistic, predecessors=links,
            source=f"[A] saved from task {task.id} of '{plan.project.name}'"))
    procurement = any(t.kind in ("procurement", "standstill") for t in ordered)
    return CutoverTemplate(template_id, name, f"Saved from {len(ordered)} tasks of '{plan.project.name}'.",
                           "procurement" if procurement else "cutover", tuple(steps))
