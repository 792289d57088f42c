"""Positions for the estate dependency graph: current estate on the left, target estate on the right.

The layout is a layered (Sugiyama-style) drawing done in arrays, so 2,000 systems and 6,000 integrations
lay out in tens of milliseconds:

* **Sides**: current systems fill the left column band, target systems the right one; replaced-by links
  cross the gap between them.
* **Columns**: within a side, the column of a system is its dependency depth, growing left to right:
  the topological generation of the system in the side's dependency integrations (``source -> target``
  means the source must be ready first, so sources sit to the left). Cycles are tolerated: every
  strongly connected component shares one depth.
* **Phase lanes**: systems are grouped into horizontal lanes, one per phase in plan order (systems
  without a phase last), shared by both sides, so a wave reads across the picture.
* **Order**: inside each lane of a column, systems are ordered by a few barycentre sweeps over all links
  (integrations and replaced-by) to reduce crossings.

Coordinates are scene units with y growing downwards; positions are node centres. The result is
deterministic: it depends only on the order of ``plan.systems`` and ``plan.integrations``.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import numpy.typing as npt

from app.engine.model import Plan

NODE_WIDTH = 190.0
NODE_HEIGHT = 56.0
COLUMN_GAP = 64.0  # horizontal room between columns for edges and arrowheads
ROW_GAP = 14.0
SIDE_GAP = 170.0  # extra room between the current and the target band for replaced-by links
LANE_GAP = 44.0  # vertical room between phase lanes (the lane title sits in it)
MARGIN = 40.0
HEADER_HEIGHT = 58.0  # room above the first lane for the "Current estate" / "Target estate" titles
SWEEPS = 4

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class PhaseLane:
    """A horizontal band of the layout holding the systems of one phase.

    Attributes:
        phase: the phase id, or ``None`` for systems without a phase.
        top: the y of the lane's top edge.
        height: the lane's height.
    """

    phase: str | None
    top: float
    height: float


@dataclass(frozen=True)
class EstateLayout:
    """Where every system goes.

    Attributes:
        positions: node centre ``(x, y)`` by system id.
        width: the width of the whole drawing, margins included.
        height: the height of the whole drawing, margins included.
        node_size: the ``(width, height)`` of every node box.
        lanes: the phase lanes from top to bottom.
        current_span: ``(left, right)`` x extent of the current-estate band (equal when it is empty).
        target_span: ``(left, right)`` x extent of the target-estate band (equal when it is empty).
    """

    positions: dict[str, tuple[float, float]]
    width: float
    height: float
    node_size: tuple[float, float] = (NODE_WIDTH, NODE_HEIGHT)
    lanes: tuple[PhaseLane, ...] = ()
    current_span: tuple[float, float] = (0.0, 0.0)
    target_span: tuple[float, float] = (0.0, 0.0)


def layout_estate(plan: Plan) -> EstateLayout:
    """Lay out the systems of ``plan`` (see the module docstring for the rules).

    Args:
        plan: the plan; integrations and replaced-by links naming unknown systems are ignored.

    Returns:
        The layout; an empty plan gives no positions and a margin-sized drawing.
    """
    systems = plan.systems
    count = len(systems)
    if count == 0:
        return EstateLayout({}, 2 * MARGIN, 2 * MARGIN)
    index = {system.id: i for i, system in enumerate(systems)}
    target_side = np.fromiter((s.estate == "target" for s in systems), dtype=bool, count=count)

    dependency_edges: list[tuple[int, int]] = []
    links: list[tuple[int, int]] = []
    for link in plan.integrations:
        source, target = index.get(link.source), index.get(link.target)
        if source is None or target is None or source == target:
            continue
        links.append((source, target))
        if link.dependency and target_side[source] == target_side[target]:
            dependency_edges.append((source, target))
    for system in systems:
        for replacement in system.replaced_by:
            other = index.get(replacement)
            if other is not None and other != index[system.id]:
                links.append((index[system.id], other))

    depth = _dependency_depths(count, dependency_edges)
    current_columns = int(depth[~target_side].max()) + 1 if (~target_side).any() else 0
    column = np.where(target_side, depth + current_columns, depth)
    lane = _phase_lanes(plan)
    lane_ids = sorted(set(lane.tolist()))
    lane_rank = np.searchsorted(np.array(lane_ids), lane)

    # Lane heights (in rows) are fixed by how many systems share a (column, lane) cell.
    columns = int(column.max()) + 1
    cell = column * len(lane_ids) + lane_rank
    cell_counts = np.bincount(cell, minlength=columns * len(lane_ids)).reshape(columns, len(lane_ids))
    lane_rows = cell_counts.max(axis=0)
    lane_row_offset = np.concatenate(([0], np.cumsum(lane_rows)[:-1]))

    row = _order_rows(count, column, lane_rank, lane_row_offset, links)

    pitch_x = NODE_WIDTH + COLUMN_GAP
    pitch_y = NODE_HEIGHT + ROW_GAP
    first_lane = MARGIN + HEADER_HEIGHT
    lane_tops = np.array([first_lane + LANE_GAP * (k + 1) + lane_row_offset[k] * pitch_y
                          for k in range(len(lane_ids))])
    x = MARGIN + NODE_WIDTH / 2 + column * pitch_x + np.where(target_side, SIDE_GAP, 0.0)
    y = lane_tops[lane_rank] + (row - lane_row_offset[lane_rank]) * pitch_y + NODE_HEIGHT / 2
    positions = {system.id: (float(x[i]), float(y[i])) for i, system in enumerate(systems)}

    phase_names = [p.id for p in plan.phases]
    lanes = tuple(
        PhaseLane(phase_names[k] if k < len(phase_names) else None,
                  float(lane_tops[r] - LANE_GAP), float(lane_rows[r] * pitch_y - ROW_GAP + LANE_GAP))
        for r, k in enumerate(lane_ids))
    right = MARGIN + columns * pitch_x - COLUMN_GAP + (SIDE_GAP if target_side.any() else 0.0)
    current_right = MARGIN + current_columns * pitch_x - COLUMN_GAP if current_columns else MARGIN
    target_left = MARGIN + current_columns * pitch_x + SIDE_GAP
    bottom = float(lane_tops[-1] + lane_rows[-1] * pitch_y - ROW_GAP)
    return EstateLayout(
        positions=positions,
        width=right + MARGIN,
        height=bottom + MARGIN,
        lanes=lanes,
        current_span=(MARGIN, current_right),
        target_span=(target_left, right) if target_side.any() else (right, right),
    )


def _dependency_depths(count: int, edges: list[tuple[int, int]]) -> IntArray:
    """Return each node's topological generation, strongly connected components sharing one."""
    graph = nx.DiGraph()
    graph.add_nodes_from(range(count))
    graph.add_edges_from(edges)
    condensed = nx.condensation(graph)
    members: dict[int, list[int]] = nx.get_node_attributes(condensed, "members")
    depth = np.zeros(count, dtype=np.int64)
    for generation, components in enumerate(nx.topological_generations(condensed)):
        for component in components:
            depth[list(members[component])] = generation
    return depth


def _phase_lanes(plan: Plan) -> IntArray:
    """Return each system's lane key: its phase's position in ``plan.phases``, unknown/no phase last."""
    rank = {phase.id: k for k, phase in enumerate(plan.phases)}
    missing = len(plan.phases)
    return np.array([rank.get(s.phase, missing) if s.phase else missing for s in plan.systems],
                    dtype=np.int64)


def _order_rows(count: int, column: IntArray, lane: IntArray, lane_offset: IntArray,
                links: list[tuple[int, int]]) -> IntArray:
    """Return each node's global row: lane offset plus its place in its (column, lane) cell.

    Starts from plan order and runs ``SWEEPS`` left-to-right and right-to-left barycentre passes; a node
    with no neighbour on the side being swept keeps its place.
    """
    # Initial rows: plan order within each (column, lane) cell.
    order = np.lexsort((np.arange(count), lane, column))
    row = np.empty(count, dtype=np.float64)
    _assign_rows(order, column, lane, lane_offset, row)
    if not links:
        return row.astype(np.int64)
    ends = np.array(links, dtype=np.int64)
    ends = ends[column[ends[:, 0]] != column[ends[:, 1]]]
    if len(ends) == 0:
        return row.astype(np.int64)
    # Orient every link left -> right; `left` pulls `right` on forward sweeps and vice versa.
    swap = column[ends[:, 0]] > column[ends[:, 1]]
    left = np.where(swap, ends[:, 1], ends[:, 0])
    right = np.where(swap, ends[:, 0], ends[:, 1])
    columns = int(column.max()) + 1
    nodes_by_column = _group(np.arange(count), column, columns)
    forward = _group(np.arange(len(left)), column[right], columns)
    backward = _group(np.arange(len(left)), column[left], columns)
    for sweep in range(SWEEPS):
        sequence = range(1, columns) if sweep % 2 == 0 else range(columns - 2, -1, -1)
        for c in sequence:
            nodes = nodes_by_column[c]
            edges = forward[c] if sweep % 2 == 0 else backward[c]
            if len(nodes) < 2 or len(edges) == 0:
                continue
            moving, pulling = (right, left) if sweep % 2 == 0 else (left, right)
            total = np.zeros(count)
            hits = np.zeros(count)
            np.add.at(total, moving[edges], row[pulling[edges]])
            np.add.at(hits, moving[edges], 1.0)
            own = row[nodes]
            bary = np.where(hits[nodes] > 0, total[nodes] / np.maximum(hits[nodes], 1.0), own)
            # Lane first, then barycentre, then the current row to keep ties stable.
            new_order = nodes[np.lexsort((own, bary, lane[nodes]))]
            _assign_rows(new_order, column, lane, lane_offset, row)
    return row.astype(np.int64)


def _assign_rows(order: IntArray, column: IntArray, lane: IntArray, lane_offset: IntArray,
                 row: FloatArray) -> None:
    """Number the nodes of ``order`` (sorted by column, then lane) 0, 1, ... within each cell."""
    if len(order) == 0:
        return
    keys = column[order] * (int(lane.max()) + 1) + lane[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    first = np.repeat(starts, np.diff(np.concatenate((starts, [len(order)]))))
    row[order] = lane_offset[lane[order]] + (np.arange(len(order)) - first)


def _group(values: IntArray, keys: IntArray, size: int) -> list[IntArray]:
    """Split ``values`` by ``keys`` (0..size-1), keeping the original order inside each group."""
    order = np.argsort(keys, kind="stable")
    bounds = np.searchsorted(keys[order], np.arange(size + 1))
    return [values[order[bounds[k]:bounds[k + 1]]] for k in range(size)]
