"""Task and system dependency graphs, cycle finding and the topological order."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given

from app.engine import model as m
from app.engine.graph import (
    describe_cycle,
    find_cycle,
    partial_task_order,
    shortest_cycle,
    system_dependency_graph,
    task_graph,
    topological_task_ids,
    unique_labels,
)
from app.errors import PlanError
from tests.engine.factories import big_plan, plan, task
from tests.strategies import plans


def system(system_id: str, name: str = "", estate: m.Estate = "current") -> m.System:
    return m.System(system_id, name or system_id, estate, "acd")


def test_task_graph_edges_run_from_predecessor_with_type_and_lag() -> None:
    design = task("D", "Design")
    build = task("B", "Build", duration=10, predecessors=(m.Dependency("D", "SS", 3),))
    graph = task_graph(plan((design, build)))
    assert set(graph.nodes) == {"D", "B"}
    assert list(graph.edges) == [("D", "B")]
    assert graph.edges["D", "B"] == {"type": "SS", "lag": 3}


def test_task_graph_leaves_out_unknown_predecessors() -> None:
    graph = task_graph(plan((task("A", None, "ghost"),)))
    assert list(graph.nodes) == ["A"] and not graph.edges


def test_system_graph_has_only_dependency_integrations() -> None:
    systems = (system("S1"), system("S2"), system("S3"))
    links = (m.Integration("I1", "S1", "S2"), m.Integration("I2", "S2", "S3", dependency=False),
             m.Integration("I3", "S3", "ghost"))
    graph = system_dependency_graph(plan(systems=systems, integrations=links))
    assert list(graph.edges) == [("S1", "S2")]
    assert graph.edges["S1", "S2"] == {"integration": "I1", "index": 0}


def test_find_cycle_gives_nodes_in_cycle_order() -> None:
    graph = task_graph(plan((task("A", None, "C"), task("B", None, "A"), task("C", None, "B"), task("X"))))
    cycle = find_cycle(graph)
    assert cycle is not None and sorted(cycle) == ["A", "B", "C"]
    for here, there in zip(cycle, cycle[1:] + cycle[:1], strict=True):
        assert graph.has_edge(here, there)


def test_find_cycle_none_when_acyclic_and_self_loop_is_a_cycle() -> None:
    assert find_cycle(task_graph(plan((task("A"), task("B", None, "A"))))) is None
    assert find_cycle(task_graph(plan((task("A", None, "A"),)))) == ["A"]


def test_describe_cycle_uses_names_and_closes_the_loop() -> None:
    names = {"D": "Design", "B": "Build", "T": "Test"}
    assert describe_cycle(["D", "B", "T"], names) == "Design -> Build -> Test -> Design"
    assert describe_cycle([], names) == ""


def test_describe_cycle_brackets_ids_of_repeated_blank_and_missing_names() -> None:
    names = {"T1": "Test", "T2": "Test", "B": "  ", "D": "Design"}
    assert describe_cycle(["T1", "B", "X"], names) == "Test (T1) -> (B) -> (X) -> Test (T1)"


def test_shortest_cycle_through_a_node() -> None:
    tasks = (task("A", None, "D", "B"), task("B", None, "A"), task("C", None, "B"), task("D", None, "C"))
    graph = task_graph(plan(tasks))
    assert shortest_cycle(graph, "A") == ["A", "B"]
    assert shortest_cycle(graph, "C") == ["C", "D", "A", "B"]
    assert shortest_cycle(graph, "A", within={"A", "C", "D"}) is None
    assert shortest_cycle(task_graph(plan((task("A"),))), "A") is None


def test_partial_order_names_tasks_blocked_by_a_cycle() -> None:
    tasks = (task("S"), task("B", None, "S", "T"), task("T", None, "B"), task("E", None, "T"),
             task("F", None, "S"))
    assert partial_task_order(plan(tasks)) == (["S", "F"], ["B", "T", "E"])


def test_task_graph_can_keep_only_some_tasks() -> None:
    tasks = (task("A"), task("B", None, "A"), task("C", None, "B"))
    graph = task_graph(plan(tasks), only=["C", "B", "ghost"])
    assert list(graph.nodes) == ["B", "C"] and list(graph.edges) == [("B", "C")]


def test_unique_labels_is_idempotent() -> None:
    labels = unique_labels({"T1": "Test", "T2": "Test", "B": ""})
    assert labels == {"T1": "Test (T1)", "T2": "Test (T2)", "B": "(B)"}
    assert unique_labels(labels) == labels


def test_topological_order_keeps_plan_order_for_ties() -> None:
    tasks = (task("C", None, "A"), task("A"), task("B"), task("D", None, "C", "B"))
    assert topological_task_ids(plan(tasks)) == ["A", "B", "C", "D"]


def test_topological_order_refuses_a_cycle_by_name() -> None:
    tasks = (task("S", "Start"), task("B", "Build", "S", "T"), task("T", "Test", "B"), task("E", "End", "T"))
    with pytest.raises(PlanError) as raised:
        topological_task_ids(plan(tasks))
    assert raised.value.where == "tasks"
    assert raised.value.message == "dependency cycle: Build -> Test -> Build"
    assert raised.value.exit_code == 1


def test_topological_order_refuses_a_self_dependency() -> None:
    with pytest.raises(PlanError, match="dependency cycle: Alone -> Alone"):
        topological_task_ids(plan((task("A", "Alone", "A"),)))


@given(plans())
def test_topological_order_respects_every_predecessor(generated: m.Plan) -> None:
    order = topological_task_ids(generated)
    assert sorted(order) == sorted(t.id for t in generated.tasks)
    position = {task_id: k for k, task_id in enumerate(order)}
    for t in generated.tasks:
        for dependency in t.predecessors:
            assert position[dependency.task] < position[t.id]


@given(plans())
def test_task_graph_has_an_edge_per_distinct_dependency(generated: m.Plan) -> None:
    graph = task_graph(generated)
    expected = {(d.task, t.id) for t in generated.tasks for d in t.predecessors}
    assert set(graph.edges) == expected
    assert find_cycle(graph) is None


def test_topological_order_of_a_large_plan() -> None:
    big = big_plan(2_000)
    order = topological_task_ids(big)
    assert len(order) == 2_000
    looped = dataclasses.replace(big, tasks=(task("T00000", "First", "T01999"),) + big.tasks[1:])
    with pytest.raises(PlanError, match="First"):
        topological_task_ids(looped)
