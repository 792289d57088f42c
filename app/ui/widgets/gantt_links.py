"""Dependency arrows: an index of links by the rows they span, routed into line segments when painted.

Each arrow leaves its predecessor's finish (FS, FF) or start (SS, SF), runs a short stub outward, drops to
the successor's row and enters its start (FS, SS: pointing right) or finish (FF, SF: pointing left); when the
successor's end lies behind the stub, the arrow doubles back along the row boundary first. A finish-to-start
link onto a bar starting after the predecessor's finish drops onto the bar from above (or below).

Building the index is one sort (cheap on every edit and zoom); each paint routes only the links whose rows
meet the area shown, so the cost follows the screen, not the plan.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from app.ui.widgets.gantt_geometry import (
    BAR_INSET,
    MILESTONE_HALF,
    ROW_HEIGHT,
    GanttGeometry,
    RowKind,
    row_extents,
)

STUB = 7.0  # pixels an arrow runs out of a bar before turning


@dataclass(frozen=True)
class LinkIndex:
    """The links of a geometry (rows and ends), sorted by the first row each spans."""

    pred: npt.NDArray[np.int64]
    succ: npt.NDArray[np.int64]
    from_finish: npt.NDArray[np.bool_]
    to_finish: npt.NDArray[np.bool_]
    critical: npt.NDArray[np.bool_]
    first: npt.NDArray[np.int64]  # ascending
    last: npt.NDArray[np.int64]
    span: int  # the most rows one link spans

    @classmethod
    def build(cls, geometry: GanttGeometry) -> LinkIndex:
        """Index the links of ``geometry``; critical links join two critical tasks."""
        pred, succ = geometry.link_pred, geometry.link_succ
        first, last = np.minimum(pred, succ), np.maximum(pred, succ)
        order = np.argsort(first, kind="stable")
        critical = geometry.critical[pred] & geometry.critical[succ] if len(pred) else np.zeros(0, bool)
        return cls(
            pred[order],
            succ[order],
            geometry.link_pred_finish[order],
            geometry.link_succ_finish[order],
            critical[order],
            first[order],
            last[order],
            int((last - first).max()) if len(pred) else 0,
        )

    def __len__(self) -> int:
        return len(self.pred)

    def between(self, first_row: int, last_row: int) -> npt.NDArray[np.int64]:
        """Indices of the links that span any row from ``first_row`` to ``last_row``."""
        lo = int(np.searchsorted(self.first, first_row - self.span, "left"))
        hi = int(np.searchsorted(self.first, last_row, "right"))
        found: npt.NDArray[np.int64] = np.flatnonzero(self.last[lo:hi] >= first_row) + lo
        return found


@dataclass(frozen=True)
class LinkLines:
    """Routed arrows: ``segments`` rows are ``x1, y1, x2, y2``; ``heads`` rows ``x, y, dx, dy`` (tip, way)."""

    segments: npt.NDArray[np.float64]
    critical: npt.NDArray[np.bool_]
    heads: npt.NDArray[np.float64]
    head_critical: npt.NDArray[np.bool_]


def route_links(
    geometry: GanttGeometry,
    pixels_per_day: float,
    index: LinkIndex,
    chosen: npt.NDArray[np.int64] | None = None,
) -> LinkLines:
    """Route the links ``chosen`` (default: all) of ``index`` at ``pixels_per_day``.

    Overlapping collinear legs of the same kind are joined, so a crowded frame rasterises each stretch once.
    """
    pick = slice(None) if chosen is None else chosen
    pred, succ = index.pred[pick], index.succ[pick]
    from_finish, to_finish = index.from_finish[pick], index.to_finish[pick]
    link_critical = index.critical[pick]
    if not len(pred):
        return LinkLines(np.zeros((0, 4)), np.zeros(0, bool), np.zeros((0, 4)), np.zeros(0, bool))
    pred_left, pred_right = row_extents(geometry, pixels_per_day, pred)
    succ_left, succ_right = row_extents(geometry, pixels_per_day, succ)
    sx = np.where(from_finish, pred_right, pred_left)
    ex = np.where(to_finish, succ_right, succ_left)
    sy = (pred + 0.5) * ROW_HEIGHT
    ey = (succ + 0.5) * ROW_HEIGHT
    direction = np.where(to_finish, -1.0, 1.0)  # a side entry points right into a start
    ax = sx + np.where(from_finish, STUB, -STUB)
    bx = ex - direction * STUB
    direct = np.where(direction > 0, ax <= bx, ax >= bx)
    boundary = np.where(succ > pred, succ * ROW_HEIGHT, (succ + 1) * ROW_HEIGHT)
    my = np.where(direct, ey, boundary)
    bx = np.where(direct, ax, bx)
    xs = np.stack((sx, ax, ax, bx, bx, ex), axis=1)
    ys = np.stack((sy, sy, my, my, ey, ey), axis=1)
    head_x, head_y = ex.copy(), ey.copy()
    head_dx, head_dy = direction.copy(), np.zeros(len(pred))
    # Finish-to-start onto a bar that starts at or after the finish: out along the row, down onto the bar.
    milestone = geometry.kind[succ] == RowKind.MILESTONE
    drop_x = np.where(milestone, ex + MILESTONE_HALF, ex + np.minimum(4.0, (succ_right - succ_left) / 2))
    drop = from_finish & ~to_finish & (drop_x >= sx + 1)
    below = succ > pred
    inset = np.where(milestone, ROW_HEIGHT / 2 - MILESTONE_HALF - 1, BAR_INSET)
    drop_y = np.where(below, succ * ROW_HEIGHT + inset, (succ + 1) * ROW_HEIGHT - inset)
    xs[drop] = np.column_stack((sx, drop_x, drop_x, drop_x, drop_x, drop_x))[drop]
    ys[drop] = np.column_stack((sy, sy, drop_y, drop_y, drop_y, drop_y))[drop]
    head_x[drop], head_y[drop] = drop_x[drop], drop_y[drop]
    head_dx[drop], head_dy[drop] = 0.0, np.where(below, 1.0, -1.0)[drop]
    segments = np.stack((xs[:, :-1], ys[:, :-1], xs[:, 1:], ys[:, 1:]), axis=2).reshape(-1, 4)
    critical = np.repeat(link_critical, 5)
    keep = (segments[:, 0] != segments[:, 2]) | (segments[:, 1] != segments[:, 3])
    segments, critical = _merge_overlaps(segments[keep], critical[keep])
    return LinkLines(segments, critical, np.column_stack((head_x, head_y, head_dx, head_dy)), link_critical)


def _merge_overlaps(
    segments: npt.NDArray[np.float64], critical: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Join overlapping collinear segments of the same kind: the links of one task share their first legs,
    and drawing each stretch once halves what a crowded frame has to rasterise."""
    parts: list[npt.NDArray[np.float64]] = []
    kinds: list[npt.NDArray[np.bool_]] = []
    vertical = segments[:, 0] == segments[:, 2]
    for axis, mask in ((0, vertical), (1, ~vertical)):  # axis: the coordinate the segments share
        chosen = segments[mask]
        if not len(chosen):
            continue
        along = 1 - axis
        fixed = chosen[:, axis]
        low = np.minimum(chosen[:, along], chosen[:, along + 2])
        high = np.maximum(chosen[:, along], chosen[:, along + 2])
        kind = critical[mask]
        order = np.lexsort((low, fixed, kind))
        fixed, low, high, kind = fixed[order], low[order], high[order], kind[order]
        same = (fixed[1:] == fixed[:-1]) & (kind[1:] == kind[:-1])
        group = np.concatenate(([0], np.cumsum(~same)))
        offset = group * (high.max() - low.min() + 1.0)
        reach = np.maximum.accumulate(high + offset) - offset  # furthest end so far within the line
        starts = np.flatnonzero(np.concatenate(([True], ~same | (low[1:] > reach[:-1]))))
        merged_low, merged_high = low[starts], np.maximum.reduceat(high, starts)
        line = fixed[starts]
        if axis == 0:
            parts.append(np.column_stack((line, merged_low, line, merged_high)))
        else:
            parts.append(np.column_stack((merged_low, line, merged_high, line)))
        kinds.append(kind[starts])
    if not parts:
        return segments, critical
    return np.concatenate(parts), np.concatenate(kinds)
