"""Suggested cutover waves, ordered from the estate's dependency graph, each placement with its reason.

Rules (``suggest_waves``):

* the waves hold the systems that move: every **target** system, and every **current** system being
  replaced (one with a target system in ``replaced_by``), which moves over to its replacements. Retained
  systems never move; current systems with no target replacement and unknown systems are left out, and
  links through them impose nothing;
* a system moves no earlier than every system it depends on (``dependency=True`` links, source before
  target), unless the link is a ``coexistence_bridge`` (then it may move earlier); data flows impose
  nothing. A current system also moves no earlier than each of its replacements;
* systems sharing a number range (same string after trimming, domain brief R10) are merged into one node
  before ordering, so a range is never split across waves;
* where dependencies loop (possibly only once shared ranges are merged), the whole strongly connected group
  moves in one wave, and the reasons say so;
* wave ``n`` is the ``n``-th topological generation of the condensed graph: each group moves in the
  earliest wave after everything it depends on.

``waves_to_edit`` turns accepted waves into one undoable ``CompoundEdit``: a new phase per wave and each
system's ``phase`` set to it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import networkx as nx

from app.engine.edits import CompoundEdit, Edit, EditError, InsertItem, ReplaceItems, next_id
from app.engine.impact import listed, system_label
from app.engine.model import Phase, Plan, System

_SHOWN = 3  # systems named in one reason before "and N more"


@dataclass(frozen=True)
class SuggestedWave:
    """One suggested wave: its number (from 1), its systems in plan order, and why each is there."""

    number: int
    systems: tuple[str, ...]
    reasons: dict[str, str] = field(default_factory=dict, compare=True, hash=False)


class _Groups:
    """Union-find over system ids (systems sharing a number range end up in one set)."""

    def __init__(self, ids: list[str]) -> None:
        self.parent = {i: i for i in ids}

    def find(self, item: str) -> str:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def join(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def _movers(plan: Plan) -> dict[str, list[str]]:
    """The systems that move, in plan order, each with the target replacements it must wait for."""
    known = plan.system_by_id
    movers: dict[str, list[str]] = {}
    for system in plan.systems:
        if system.action == "retain" or system.id in movers:
            continue
        if system.estate == "target":
            movers[system.id] = []
        else:
            replacements = [r for r in dict.fromkeys(system.replaced_by)
                            if r in known and known[r].estate == "target" and known[r].action != "retain"]
            if replacements:
                movers[system.id] = replacements
    return movers


def suggest_waves(plan: Plan) -> tuple[SuggestedWave, ...]:
    """Suggest cutover waves for the moving systems of ``plan`` (rules in the module docstring).

    Args:
        plan: the plan; unknown references are ignored.

    Returns:
        The waves in order, numbered from 1; every moving system is in exactly one, in plan order.
    """
    known = plan.system_by_id
    movers = _movers(plan)
    if not movers:
        return ()
    position = {m: k for k, m in enumerate(movers)}
    groups = _Groups(list(movers))
    range_notes: dict[str, list[str]] = {m: [] for m in movers}
    holders: dict[str, list[str]] = {}
    for system_id in movers:
        for number_range in dict.fromkeys(r.strip() for r in known[system_id].number_ranges):
            if number_range:
                holders.setdefault(number_range, []).append(system_id)
    for number_range, members in holders.items():
        for member in members:
            groups.join(members[0], member)
            others = [known[m] for m in members if m != member]
            if others:
                range_notes[member].append(f"with {_names(others)} (shares range {number_range})")
    depends_on: dict[str, dict[str, str]] = {m: {} for m in movers}  # system -> {prerequisite: why}
    for system_id, replacements in movers.items():
        for replacement in replacements:
            depends_on[system_id][replacement] = "its replacement"
    for link in plan.integrations:
        if (link.dependency and not link.coexistence_bridge and link.source in movers
                and link.target in movers and link.source != link.target):
            depends_on[link.target].setdefault(link.source, "depends on")
    graph = nx.DiGraph()
    graph.add_nodes_from(dict.fromkeys(groups.find(m) for m in movers))
    graph.add_edges_from((groups.find(p), groups.find(m)) for m in movers for p in depends_on[m]
                         if groups.find(p) != groups.find(m))
    condensed = nx.condensation(graph)
    mapping: dict[str, int] = condensed.graph["mapping"]
    wave_of_component: dict[int, int] = {}
    for number, generation in enumerate(nx.topological_generations(condensed), start=1):
        wave_of_component.update(dict.fromkeys(generation, number))
    component = {m: mapping[groups.find(m)] for m in movers}
    wave = {m: wave_of_component[component[m]] for m in movers}
    loops = {m: c for m, c in component.items() if len(condensed.nodes[c]["members"]) > 1}
    by_wave: dict[int, list[str]] = {}
    for m in movers:
        by_wave.setdefault(wave[m], []).append(m)
    reasons = {m: _reason(m, wave, depends_on, range_notes, loops, known, position) for m in movers}
    return tuple(SuggestedWave(n, tuple(by_wave[n]), {m: reasons[m] for m in by_wave[n]})
                 for n in sorted(by_wave))


def _names(systems: list[System]) -> str:
    return listed([system_label(s) for s in systems], _SHOWN)


def _reason(system_id: str, wave: dict[str, int], depends_on: dict[str, dict[str, str]],
            range_notes: dict[str, list[str]], loops: dict[str, int], known: dict[str, System],
            position: dict[str, int]) -> str:
    parts: list[str] = []
    binding = sorted((p for p in depends_on[system_id] if wave[p] == wave[system_id] - 1),
                     key=position.__getitem__)
    for why in ("its replacement", "depends on"):
        chosen = [known[p] for p in binding if depends_on[system_id][p] == why]
        if chosen:
            note = why if why == "its replacement" else f"depends on {'it' if len(chosen) == 1 else 'them'}"
            if why == "its replacement" and len(chosen) > 1:
                note = "its replacements"
            parts.append(f"after {_names(chosen)} ({note})")
    if system_id in loops:
        loop = [known[m] for m in sorted(loops, key=position.__getitem__)
                if loops[m] == loops[system_id] and m != system_id]
        parts.append(f"with {_names(loop)} (their dependencies loop, so the group moves in one wave)")
    parts.extend(dict.fromkeys(range_notes[system_id]))
    if not parts:
        parts.append("no dependencies: first wave" if wave[system_id] == 1 else "placed by its dependencies")
    return "; ".join(parts)


def waves_to_edit(plan: Plan, waves: tuple[SuggestedWave, ...],
                  label: str = "Accept suggested waves") -> CompoundEdit:
    """Return one undoable edit that adds a phase "Suggested wave N" per wave and moves its systems into it.

    Phase ids are the first free ``W01``, ``W02``, ... (``edits.next_id``).

    Raises:
        EditError: a wave names a system that is not in ``plan``.
    """
    used = [p.id for p in plan.phases]
    first = {s.id: s for s in reversed(plan.systems)}  # the item an edit by id finds
    edits: list[Edit] = []
    moved: dict[str, System] = {}
    for wave in waves:
        phase_id = next_id(used, "W")
        used.append(phase_id)
        edits.append(InsertItem("phases", Phase(phase_id, f"Suggested wave {wave.number}"), label=label))
        for system_id in wave.systems:
            if system_id not in first:
                raise EditError(f"no item '{system_id}' in systems")
            moved[system_id] = dataclasses.replace(first[system_id], phase=phase_id)
    assignments: list[Edit] = [ReplaceItems("systems", tuple(moved.values()), label)] if moved else []
    return CompoundEdit(tuple(edits + assignments), label)
