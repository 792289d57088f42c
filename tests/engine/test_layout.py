"""Estate graph layout: current left of target, dependency depth left to right, no overlaps, cycles, empty.

Depth runs left to right inside each side: a dependency source (which must be ready first) sits in a
column to the left of its target when both are in the same estate.
"""

from __future__ import annotations

import random
from itertools import combinations

from hypothesis import given

from app.engine import model as m
from app.engine.layout import EstateLayout, layout_estate
from app.storage.interchange import read_json
from tests.conftest import SAMPLES
from tests.engine.factories import START, plan
from tests.strategies import plans


def _system(system_id: str, estate: str = "current", phase: str | None = None, **fields: object) -> m.System:
    return m.System(system_id, f"System {system_id}", estate, "crm", phase=phase, **fields)  # type: ignore[arg-type]


def _link(source: str, target: str, dependency: bool = True, link_id: str | None = None) -> m.Integration:
    return m.Integration(link_id or f"{source}-{target}", source, target, dependency=dependency)


def _generated(systems: int, links: int, seed: int = 3) -> m.Plan:
    rng = random.Random(seed)
    items = tuple(_system(f"S{i}", "current" if i % 2 else "target", phase=f"P{i % 4}")
                  for i in range(systems))
    integrations = tuple(
        _link(f"S{a}", f"S{b}", rng.random() < 0.8, f"I{n}")
        for n, (a, b) in enumerate((rng.randrange(systems), rng.randrange(systems)) for _ in range(links)))
    phases = tuple(m.Phase(f"P{k}", f"Phase {k}") for k in range(4))
    return m.Plan(m.Project("Generated", START), systems=items, integrations=integrations, phases=phases)


def _assert_no_overlap(layout: EstateLayout) -> None:
    width, height = layout.node_size
    cells = {(round(x), round(y)) for x, y in layout.positions.values()}
    assert len(cells) == len(layout.positions), "two systems share a place"
    for (x1, y1), (x2, y2) in combinations(layout.positions.values(), 2):
        assert abs(x1 - x2) >= width or abs(y1 - y2) >= height


def _assert_sides(layout: EstateLayout, systems: tuple[m.System, ...]) -> None:
    current = [layout.positions[s.id][0] for s in systems if s.estate == "current"]
    target = [layout.positions[s.id][0] for s in systems if s.estate == "target"]
    if current and target:
        assert max(current) < min(target)


def test_empty_plan_has_no_positions() -> None:
    layout = layout_estate(plan())
    assert layout.positions == {}
    assert layout.width > 0 and layout.height > 0


def test_current_estate_is_left_of_target_and_depth_grows_rightwards() -> None:
    systems = (_system("C1"), _system("C2"), _system("C3"), _system("T1", "target"), _system("T2", "target"))
    links = (_link("C1", "C2"), _link("C2", "C3"), _link("T1", "T2"), _link("T2", "C1"))
    layout = layout_estate(plan(systems=systems, integrations=links))
    x = {k: v[0] for k, v in layout.positions.items()}
    assert x["C1"] < x["C2"] < x["C3"] < x["T1"] < x["T2"]
    assert layout.current_span[1] < layout.target_span[0]


def test_sample_layout_respects_sides_depth_and_space() -> None:
    sample = read_json(SAMPLES / "midshire.json")
    layout = layout_estate(sample)
    assert set(layout.positions) == {s.id for s in sample.systems}
    _assert_sides(layout, sample.systems)
    _assert_no_overlap(layout)
    estate = {s.id: s.estate for s in sample.systems}
    for link in sample.integrations:
        if link.dependency and estate[link.source] == estate[link.target]:
            assert layout.positions[link.source][0] < layout.positions[link.target][0], link.id
    for x, y in layout.positions.values():
        assert 0 < x < layout.width and 0 < y < layout.height


def test_systems_are_grouped_in_phase_lanes_in_plan_order() -> None:
    phases = (m.Phase("W1", "Wave 1"), m.Phase("W2", "Wave 2"))
    systems = (_system("A", phase="W2"), _system("B", phase="W1"), _system("C"), _system("D", "target", "W1"))
    layout = layout_estate(m.Plan(m.Project("p", START), systems=systems, phases=phases))
    y = {k: v[1] for k, v in layout.positions.items()}
    assert y["B"] < y["A"] < y["C"]
    assert y["B"] == y["D"]  # lanes are shared by both sides
    assert [lane.phase for lane in layout.lanes] == ["W1", "W2", None]
    for lane, members in zip(layout.lanes, (("B", "D"), ("A",), ("C",)), strict=True):
        assert all(lane.top < y[s] < lane.top + lane.height for s in members)


def test_cycles_share_a_column_and_do_not_fail() -> None:
    systems = tuple(_system(s) for s in ("A", "B", "C", "D"))
    links = (_link("A", "B"), _link("B", "C"), _link("C", "A"), _link("C", "D"), _link("D", "D"))
    layout = layout_estate(plan(systems=systems, integrations=links))
    x = {k: v[0] for k, v in layout.positions.items()}
    assert x["A"] == x["B"] == x["C"] < x["D"]
    _assert_no_overlap(layout)


def test_unknown_references_are_ignored() -> None:
    systems = (_system("A", replaced_by=("GONE",)), _system("B", "target"))
    links = (_link("A", "NOWHERE"), _link("A", "B", dependency=False))
    assert set(layout_estate(plan(systems=systems, integrations=links)).positions) == {"A", "B"}


def test_layout_is_deterministic() -> None:
    estate = _generated(300, 900)
    assert layout_estate(estate) == layout_estate(estate)


def test_barycentre_ordering_reduces_crossings_on_a_simple_case() -> None:
    # Plan order puts the targets upside down; ordering should uncross the three links.
    systems = tuple(_system(s) for s in ("A", "B", "C", "Z", "Y", "X"))
    links = (_link("A", "X"), _link("B", "Y"), _link("C", "Z"))
    layout = layout_estate(plan(systems=systems, integrations=links))
    y = {k: v[1] for k, v in layout.positions.items()}
    assert sorted("ABC", key=y.__getitem__) == ["A", "B", "C"]
    assert sorted("XYZ", key=y.__getitem__) == ["X", "Y", "Z"]


def test_large_estate_lays_out_without_overlap() -> None:
    estate = _generated(2000, 6000)
    layout = layout_estate(estate)
    assert len(layout.positions) == 2000
    _assert_sides(layout, estate.systems)
    assert len({(round(x), round(y)) for x, y in layout.positions.values()}) == 2000


@given(plans())
def test_any_plan_lays_out(generated: m.Plan) -> None:
    layout = layout_estate(generated)
    assert set(layout.positions) == {s.id for s in generated.systems}
    _assert_sides(layout, generated.systems)
    _assert_no_overlap(layout)
