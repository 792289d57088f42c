"""Impact analysis: transitive dependency reach, one-hop data flows, touched tasks and phases, the summary."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.engine import model as m
from app.engine.graph import system_dependency_graph
from app.engine.impact import ImpactIndex, impact_of, listed
from app.storage.interchange import read_json
from tests.conftest import SAMPLES
from tests.engine.factories import plan, task


def system(system_id: str, name: str = "", **fields: object) -> m.System:
    return m.System(system_id, name or f"System {system_id}", "target", "acd", **fields)  # type: ignore[arg-type]


def estate() -> m.Plan:
    """A -> B -> C (dependencies), D feeds B, B feeds E, E feeds G, F alone."""
    systems = tuple(system(s) for s in "ABCDEFG")
    links = (m.Integration("I1", "A", "B"), m.Integration("I2", "B", "C"),
             m.Integration("I3", "D", "B", dependency=False), m.Integration("I4", "B", "E", dependency=False),
             m.Integration("I5", "E", "G", dependency=False), m.Integration("I6", "F", "G"))
    phases = (m.Phase("W1", "Wave 1"), m.Phase("W2", "Wave 2"), m.Phase("W3", "Wave 3"))
    tasks = (task("T1", "Build A", systems=("A",), phase="W1"), task("T2", "Test C", systems=("C",)),
             task("T3", "Move F", systems=("F",), phase="W3"), task("T4", "Go live B", kind="cutover",
                                                                     systems=("B",), phase="W2"))
    return m.Plan(plan().project, systems=systems, integrations=links, phases=phases, tasks=tasks)


def test_upstream_downstream_and_one_hop_data_flows() -> None:
    impact = impact_of(estate(), "B")
    assert impact.upstream == ("A", "D")
    assert impact.downstream == ("C", "E")  # E feeds G, but data flows do not propagate
    assert impact.systems == ("A", "D", "C", "E")
    assert impact.integrations == ("I1", "I2", "I3", "I4", "I5")  # I5 touches E; I6 touches nothing affected
    assert impact.tasks == ("T1", "T2", "T4")
    assert impact.phases == ("W1", "W2")


def test_dependency_reach_is_transitive() -> None:
    impact = impact_of(estate(), "A")
    assert impact.upstream == () and impact.downstream == ("B", "C")
    assert impact_of(estate(), "C").upstream == ("A", "B")


def test_summary_names_the_wave_and_what_is_affected() -> None:
    summary = impact_of(estate(), "B").summary
    assert summary.startswith(
        "If System B (B) moves in Wave 2, these 5 integrations and 4 systems are affected")
    assert "it depends on or is fed by System A (A) and System D (D)" in summary
    assert "System C (C) and System E (E) depend on it or are fed by it" in summary
    assert ("3 tasks name them (Build A, Test C and Go live B), across 2 phases (Wave 1 and Wave 2)."
            in summary)
    alone = impact_of(m.Plan(plan().project, systems=(system("X", "Fax server"),)), "X")
    assert alone.summary == ("If Fax server (X) moves, these 0 integrations and 0 systems are affected: "
                             "nothing depends on it and it depends on nothing.")


def test_cycles_and_self_links_do_not_list_the_system_itself() -> None:
    links = (m.Integration("I1", "A", "B"), m.Integration("I2", "B", "A"), m.Integration("I3", "A", "A"),
             m.Integration("I4", "A", "ghost"))
    impact = impact_of(plan((), (system("A"), system("B")), links), "A")
    assert impact.upstream == ("B",) and impact.downstream == ("B",)
    assert impact.integrations == ("I1", "I2", "I3", "I4")


def test_unknown_system_raises_key_error() -> None:
    with pytest.raises(KeyError):
        ImpactIndex(estate()).impact_of("nope")


def test_listed_shortens_long_lists() -> None:
    assert listed([]) == "" and listed(["a"]) == "a" and listed(["a", "b", "c"]) == "a, b and c"
    assert listed([str(k) for k in range(9)], 3) == "0, 1, 2 and 6 more"


def test_midshire_council_crm_reaches_its_cti_and_lob_integrations() -> None:
    midshire = read_json(SAMPLES / "midshire.json")
    impact = impact_of(midshire, "A24")
    assert {"A25", "A26"} <= set(impact.downstream)
    assert {"I045", "I069", "I070"} <= set(impact.integrations)
    assert impact.summary.startswith("If Council CRM (A24) moves")
    tenant = ImpactIndex(midshire).impact_of("A07")
    assert {"A02", "A03", "A01"} <= set(tenant.upstream) and {"A15", "A28", "L04"} <= set(tenant.downstream)


@st.composite
def dependency_estates(draw: st.DrawFn) -> m.Plan:
    n = draw(st.integers(1, 12))
    systems = tuple(system(f"S{k}") for k in range(n))
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=30))
    links = tuple(m.Integration(f"I{k}", f"S{a}", f"S{b}") for k, (a, b) in enumerate(pairs))
    return plan((), systems, links)


@given(dependency_estates(), st.data())
def test_reach_matches_networkx(p: m.Plan, data: st.DataObject) -> None:
    graph = system_dependency_graph(p)
    index = ImpactIndex(p)
    system_id = data.draw(st.sampled_from([s.id for s in p.systems]))
    impact = index.impact_of(system_id)
    assert set(impact.upstream) == nx.ancestors(graph, system_id) - {system_id}
    assert set(impact.downstream) == nx.descendants(graph, system_id) - {system_id}
    touched = {system_id, *impact.upstream, *impact.downstream}
    assert set(impact.integrations) == {i.id for i in p.integrations if {i.source, i.target} & touched}
