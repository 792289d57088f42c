"""What the estate graph shows, worked out from a plan: its edges, node colours and legend, impact emphasis.

Plain functions over the engine model (Qt only for colours), so the view stays about items and gestures.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from PySide6.QtGui import QColor

from app.engine.impact import Impact
from app.engine.layout import EstateLayout
from app.engine.model import COMPONENT_KIND_KEYS, COMPONENT_KIND_LABELS, Plan, System
from app.ui.widgets.graph_items import (
    NO_GROUP_COLOUR,
    EdgeGeometry,
    EdgeStyle,
    Emphasis,
    group_colour,
    route_edges,
)

ColourMode = Literal["kind", "phase"]
COLOUR_MODES: tuple[ColourMode, ...] = ("kind", "phase")


@dataclass(frozen=True)
class EdgeList:
    """The links the graph draws, one row per edge.

    Attributes:
        ends: ``(source id, target id)`` per edge.
        keys: the integration id, or ``None`` for a replaced-by link.
        styles: ``EdgeStyle`` per edge.
        arrows: true where the edge gets an arrowhead.
    """

    ends: tuple[tuple[str, str], ...]
    keys: tuple[str | None, ...]
    styles: npt.NDArray[np.int64]
    arrows: npt.NDArray[np.bool_]


def plan_edges(plan: Plan) -> EdgeList:
    """Return every integration and replaced-by link between known, distinct systems, in plan order."""
    known = plan.system_by_id
    ends: list[tuple[str, str]] = []
    keys: list[str | None] = []
    styles: list[int] = []
    arrows: list[bool] = []
    for link in plan.integrations:
        if link.source in known and link.target in known and link.source != link.target:
            ends.append((link.source, link.target))
            keys.append(link.id)
            if link.coexistence_bridge:
                styles.append(EdgeStyle.BRIDGE)
            else:
                styles.append(EdgeStyle.DEPENDENCY if link.dependency else EdgeStyle.DATA_FLOW)
            arrows.append(link.dependency)
    for system in plan.systems:
        for replacement in system.replaced_by:
            if replacement in known and replacement != system.id:
                ends.append((system.id, replacement))
                keys.append(None)
                styles.append(EdgeStyle.REPLACED_BY)
                arrows.append(True)
    return EdgeList(tuple(ends), tuple(keys), np.array(styles, dtype=np.int64), np.array(arrows, dtype=bool))


def edge_geometry(edges: EdgeList, layout: EstateLayout) -> EdgeGeometry:
    """Route ``edges`` between the node boxes of ``layout``."""
    positions = layout.positions
    starts = np.array([positions[s] for s, _ in edges.ends], dtype=np.float64).reshape(-1, 2)
    ends = np.array([positions[t] for _, t in edges.ends], dtype=np.float64).reshape(-1, 2)
    return route_edges(starts, ends, layout.node_size[0] / 2, edges.arrows)


def kind_label(kind: str) -> str:
    """The label of a component kind, or the raw key for a kind the model does not know."""
    return COMPONENT_KIND_LABELS.get(kind, kind)


def node_colours(plan: Plan, mode: ColourMode) -> dict[str, QColor]:
    """Return the fill of every system when colouring by ``mode`` (``kind`` or ``phase``)."""
    groups = _group_index(plan, mode)
    return {s.id: _colour(groups, _group_key(s, mode)) for s in plan.systems}


def legend_entries(plan: Plan, mode: ColourMode, no_phase: str) -> list[tuple[str, QColor]]:
    """Return ``(label, fill)`` for each kind or phase that some system has, in model or plan order.

    Args:
        plan: the plan.
        mode: ``kind`` or ``phase``.
        no_phase: the label of systems without a phase.
    """
    groups = _group_index(plan, mode)
    used = {_group_key(s, mode) for s in plan.systems}
    entries = []
    for key in sorted(used, key=lambda k: groups.get(k, len(groups)) if k is not None else len(groups) + 1):
        if mode == "kind":
            label = kind_label(key or "")
        elif key is None or key not in plan.phase_by_id:
            label = no_phase if key is None else key
        else:
            label = plan.phase_by_id[key].name or key
        entries.append((label, _colour(groups, key)))
    return entries


def _group_key(system: System, mode: ColourMode) -> str | None:
    return system.kind if mode == "kind" else (system.phase or None)


def _group_index(plan: Plan, mode: ColourMode) -> dict[str, int]:
    if mode == "kind":
        return {kind: k for k, kind in enumerate(COMPONENT_KIND_KEYS)}
    return {phase.id: k for k, phase in enumerate(plan.phases)}


def _colour(groups: Mapping[str, int], key: str | None) -> QColor:
    return group_colour(groups[key]) if key is not None and key in groups else QColor(NO_GROUP_COLOUR)


def node_emphasis(impact: Impact, node_ids: Collection[str]) -> dict[str, Emphasis]:
    """Return how each node is drawn while ``impact`` is shown: itself normal, the rest by side or dimmed."""
    upstream, downstream = set(impact.upstream), set(impact.downstream)
    emphasis: dict[str, Emphasis] = {}
    for node_id in node_ids:
        if node_id == impact.system:
            emphasis[node_id] = Emphasis.NORMAL
        elif node_id in upstream:
            emphasis[node_id] = Emphasis.UPSTREAM
        elif node_id in downstream:
            emphasis[node_id] = Emphasis.DOWNSTREAM
        else:
            emphasis[node_id] = Emphasis.DIMMED
    return emphasis


def edge_emphasis(impact: Impact, edges: EdgeList) -> npt.NDArray[np.int64]:
    """Return each edge's emphasis while ``impact`` is shown.

    A link between two affected systems (or the system itself) is coloured upstream when both ends are on
    the upstream side, downstream otherwise; other integrations the impact names stay normal; the rest
    is dimmed.
    """
    up_side = set(impact.upstream) | {impact.system}
    touched = up_side | set(impact.downstream)
    named = set(impact.integrations)
    result = np.full(len(edges.ends), int(Emphasis.DIMMED), dtype=np.int64)
    for index, ((source, target), key) in enumerate(zip(edges.ends, edges.keys, strict=True)):
        if source in touched and target in touched and (key is None or key in named):
            both_up = source in up_side and target in up_side
            result[index] = Emphasis.UPSTREAM if both_up else Emphasis.DOWNSTREAM
        elif key is not None and key in named:
            result[index] = Emphasis.NORMAL
    return result


def system_tooltip(plan: Plan, system: System, labels: Mapping[str, str]) -> str:
    """Return the hover text of a system: name, id, estate, kind, vendor, seats, phase and replacements.

    Args:
        plan: the plan (for phase and replacement names).
        system: the system.
        labels: translated words keyed ``name``, ``id``, ``estate``, ``current``, ``target``, ``kind``,
            ``vendor``, ``seats``, ``phase``, ``none`` and ``replaced_by``.
    """
    phase = plan.phase_by_id.get(system.phase) if system.phase else None
    replaced = ", ".join(f"{plan.system_by_id[r].name} ({r})" if r in plan.system_by_id else r
                         for r in system.replaced_by)
    rows = (
        (labels["name"], system.name),
        (labels["id"], system.id),
        (labels["estate"], labels["current"] if system.estate == "current" else labels["target"]),
        (labels["kind"], kind_label(system.kind)),
        (labels["vendor"], system.vendor or "—"),
        (labels["seats"], f"{system.seats:,}"),
        (labels["phase"], (phase.name if phase else system.phase) or labels["none"]),
        (labels["replaced_by"], replaced or "—"),
    )
    return "\n".join(f"{label}: {value}" for label, value in rows)
