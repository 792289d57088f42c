"""Impact analysis: what else is touched when one system of the estate moves.

``ImpactIndex(plan)`` precomputes adjacency lists once (linear in systems + integrations + task links);
each ``impact_of(system_id)`` query is then two breadth-first searches over the dependency links plus
look-ups, a few milliseconds on a 2,000-system, 6,000-integration estate.

Rules:

* **upstream**: every system the given one depends on, transitively, through dependency integrations
  (``dependency=True``: the source must be ready before the target);
* **downstream**: every system that depends on it, transitively, through the same links;
* plain data flows (``dependency=False``) make their other end a directly affected neighbour (one hop:
  a source feeding the system counts as upstream, a target it feeds as downstream, unless a dependency
  link already puts it on the other side), but do not propagate;
* **integrations**: every integration with at least one end on the system or an affected system;
* **tasks**: every task whose ``systems`` names the system or an affected system;
* **phases**: the phases of those systems (``System.phase``) and of those tasks, in plan order.

References to systems that do not exist are ignored (validation reports them).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from app.engine.model import Plan, System

_SHOWN = 6  # names listed in a summary before "and N more"


@dataclass(frozen=True)
class Impact:
    """What moving one system affects; every tuple is in plan order.

    Attributes:
        system: the system asked about.
        upstream: systems it depends on (transitively), plus data-flow sources feeding it.
        downstream: systems depending on it (transitively), plus data-flow targets it feeds.
        integrations: integrations touching the system or any upstream or downstream system.
        tasks: tasks naming the system or any upstream or downstream system.
        phases: phases of those systems and tasks.
        summary: one plain-English paragraph for the GUI and the command line.
    """

    system: str
    upstream: tuple[str, ...]
    downstream: tuple[str, ...]
    integrations: tuple[str, ...]
    tasks: tuple[str, ...]
    phases: tuple[str, ...]
    summary: str

    @property
    def systems(self) -> tuple[str, ...]:
        """Upstream then downstream systems, each once."""
        return tuple(dict.fromkeys(self.upstream + self.downstream))


def system_label(system: System) -> str:
    """``Council CRM (A24)``, or ``A24`` when the name is blank."""
    name = system.name.strip()
    return f"{name} ({system.id})" if name else system.id


def listed(items: Sequence[str], shown: int = _SHOWN) -> str:
    """``"a, b and c"``; past ``shown`` items, ``"a, b, ... and 7 more"``."""
    if len(items) > shown:
        return ", ".join(items[:shown]) + f" and {len(items) - shown} more"
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


class ImpactIndex:
    """Adjacency of a plan's estate, built once and queried many times.

    Build a new index after the plan changes; the index keeps a reference to the plan it was built from.
    """

    def __init__(self, plan: Plan) -> None:
        """Index ``plan``'s systems, integrations and tasks (linear time)."""
        self.plan = plan
        known = plan.system_by_id
        self._position = {s.id: k for k, s in reversed(list(enumerate(plan.systems)))}
        self._depends_on: dict[str, list[str]] = {s: [] for s in known}
        self._needed_by: dict[str, list[str]] = {s: [] for s in known}
        self._fed_by: dict[str, list[str]] = {s: [] for s in known}
        self._feeds: dict[str, list[str]] = {s: [] for s in known}
        self._links: dict[str, list[int]] = {s: [] for s in known}
        self._tasks: dict[str, list[int]] = {s: [] for s in known}
        for index, link in enumerate(plan.integrations):
            for end in {link.source, link.target}:
                if end in known:
                    self._links[end].append(index)
            if link.source not in known or link.target not in known or link.source == link.target:
                continue
            if link.dependency:
                self._depends_on[link.target].append(link.source)
                self._needed_by[link.source].append(link.target)
            else:
                self._fed_by[link.target].append(link.source)
                self._feeds[link.source].append(link.target)
        for index, task in enumerate(plan.tasks):
            for system_id in dict.fromkeys(task.systems):
                if system_id in known:
                    self._tasks[system_id].append(index)
        self._phase_order = {p.id: k for k, p in reversed(list(enumerate(plan.phases)))}

    def _reach(self, start: str, adjacency: Mapping[str, list[str]]) -> set[str]:
        seen = {start}
        queue = deque([start])
        while queue:
            for other in adjacency[queue.popleft()]:
                if other not in seen:
                    seen.add(other)
                    queue.append(other)
        seen.discard(start)
        return seen

    def _in_plan_order(self, ids: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(ids, key=self._position.__getitem__))

    def impact_of(self, system_id: str) -> Impact:
        """Return what moving ``system_id`` affects (see the module docstring for the rules).

        Raises:
            KeyError: no system has this id.
        """
        if system_id not in self._position:
            raise KeyError(f"no system '{system_id}' in the plan")
        upstream = self._reach(system_id, self._depends_on)
        downstream = self._reach(system_id, self._needed_by)
        upstream.update(s for s in self._fed_by[system_id] if s not in downstream)
        downstream.update(s for s in self._feeds[system_id] if s not in upstream)
        upstream.discard(system_id)
        downstream.discard(system_id)
        touched = {system_id} | upstream | downstream
        link_rows: set[int] = set()
        task_rows: set[int] = set()
        for other in touched:
            link_rows.update(self._links[other])
            task_rows.update(self._tasks[other])
        plan = self.plan
        integrations = tuple(plan.integrations[k].id for k in sorted(link_rows))
        tasks = tuple(plan.tasks[k].id for k in sorted(task_rows))
        phase_ids = {plan.system_by_id[s].phase for s in touched} | {plan.tasks[k].phase for k in task_rows}
        phases = tuple(sorted((p for p in phase_ids if p in self._phase_order),
                              key=self._phase_order.__getitem__))
        up, down = self._in_plan_order(upstream), self._in_plan_order(downstream)
        return Impact(system_id, up, down, integrations, tasks, phases,
                      self._summary(system_id, up, down, integrations, tasks, phases))

    def _when(self, system: System) -> str:
        """`` in Wave 2`` from the system's phase, else from its first cutover task's phase."""
        phase_id = system.phase or next(
            (t.phase for t in self.plan.tasks if t.kind == "cutover" and system.id in t.systems and t.phase),
            None)
        phase = self.plan.phase_by_id.get(phase_id) if phase_id else None
        return f" in {phase.name.strip() or phase.id}" if phase else ""

    def _summary(self, system_id: str, up: tuple[str, ...], down: tuple[str, ...],
                 integrations: tuple[str, ...], tasks: tuple[str, ...], phases: tuple[str, ...]) -> str:
        systems = self.plan.system_by_id
        system = systems[system_id]
        others = tuple(dict.fromkeys(up + down))
        these = "this" if len(integrations) == 1 else "these"
        head = (f"If {system_label(system)} moves{self._when(system)}, {these} "
                f"{_plural(len(integrations), 'integration')} and {_plural(len(others), 'system')} "
                f"are affected")
        if not others:
            return head + ": nothing depends on it and it depends on nothing."
        parts = []
        if up:
            parts.append(f"it depends on or is fed by {listed([system_label(systems[s]) for s in up])}")
        if down:
            parts.append(f"{listed([system_label(systems[s]) for s in down])} depend on it or are fed by it")
        text = head + ": " + "; ".join(parts) + "."
        if tasks:
            names = [self.plan.task_by_id[t].name.strip() or t for t in tasks]
            text += f" {_plural(len(tasks), 'task')} name them ({listed(names)})"
            if phases:
                labels = [self.plan.phase_by_id[p].name.strip() or p for p in phases]
                text += f", across {_plural(len(phases), 'phase')} ({listed(labels)})"
            text += "."
        return text


def impact_of(plan: Plan, system_id: str) -> Impact:
    """Return what moving ``system_id`` affects; build an ``ImpactIndex`` instead for repeated queries.

    Raises:
        KeyError: no system has this id.
    """
    return ImpactIndex(plan).impact_of(system_id)
