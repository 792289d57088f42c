"""Dependency graphs of a plan: tasks (predecessor -> successor) and systems (source -> target).

The graphs are networkx ``DiGraph`` values built fresh from a ``Plan``; they are for validation, cycle
reporting and layout. ``topological_task_ids`` is the scheduler's fast path and does not go through
networkx unless it has to spell out a cycle. References to unknown tasks or systems are left out of the
graphs (``app.engine.references`` reports them).
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Collection, Mapping, Sequence

import networkx as nx

from app.engine.model import Dependency, Plan
from app.errors import PlanError


def task_graph(plan: Plan, only: Collection[str] | None = None) -> nx.DiGraph:
    """Return the task dependency graph of ``plan``.

    Args:
        plan: the plan.
        only: when given, keep just these task ids and the dependencies among them.

    Returns:
        A graph with one node per task id and an edge ``predecessor -> successor`` per dependency whose
        predecessor exists, carrying the attributes ``type`` (``FS``, ``SS``, ``FF`` or ``SF``) and ``lag``
        (working days). A self-dependency shows as a self-loop. When a task lists the same predecessor
        twice, the first listing gives the edge's attributes.
    """
    known: Collection[str] = plan.task_by_id
    if only is not None:
        known = {task_id for task_id in only if task_id in known}
    edges: dict[tuple[str, str], Dependency] = {}
    for task in plan.tasks:
        if task.id in known:
            for dependency in task.predecessors:
                if dependency.task in known:
                    edges.setdefault((dependency.task, task.id), dependency)
    graph = nx.DiGraph()
    graph.add_nodes_from(task.id for task in plan.tasks if task.id in known)
    graph.add_edges_from((u, v, {"type": d.type, "lag": d.lag}) for (u, v), d in edges.items())
    return graph


def system_dependency_graph(plan: Plan) -> nx.DiGraph:
    """Return the readiness graph of the estate: an edge ``source -> target`` per dependency integration.

    Only integrations with ``dependency=True`` count (domain brief §1.2: the source must be ready before
    the target); plain data flows are left out, so they never make a cycle.

    Args:
        plan: the plan.

    Returns:
        A graph with one node per system id; each edge carries ``integration`` and ``index``, the id and
        position in ``plan.integrations`` of the first integration that made it.
    """
    graph = nx.DiGraph()
    graph.add_nodes_from(system.id for system in plan.systems)
    known = plan.system_by_id
    for index, link in enumerate(plan.integrations):
        if (link.dependency and link.source in known and link.target in known
                and not graph.has_edge(link.source, link.target)):
            graph.add_edge(link.source, link.target, integration=link.id, index=index)
    return graph


def find_cycle(graph: nx.DiGraph) -> list[str] | None:
    """Return the node ids of one directed cycle in ``graph``, or ``None`` when it has none.

    Args:
        graph: any directed graph.

    Returns:
        The ids in cycle order: ``[a, b, c]`` means ``a -> b -> c -> a``; a self-loop gives ``[a]``.
    """
    try:
        edges = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return None
    return [str(edge[0]) for edge in edges]


def shortest_cycle(graph: nx.DiGraph, start: str, within: Collection[str] | None = None) -> list[str] | None:
    """Return the shortest directed cycle through ``start``, or ``None`` when no cycle passes through it.

    A breadth-first search, linear in the size of the graph; ties go to the first successors in graph
    order, so the result is deterministic.

    Args:
        graph: any directed graph containing ``start``.
        start: the node the cycle must pass through; the result begins with it.
        within: when given, only these nodes may be on the cycle (pass a set, e.g. a strongly connected
            component, to keep the search inside it).
    """
    if graph.has_edge(start, start):
        return [start]
    parent: dict[str, str] = {}
    queue: deque[str] = deque([start])
    successors = graph.succ
    while queue:
        node = queue.popleft()
        for successor in successors[node]:
            if successor == start:
                path = [node]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                return path[::-1]
            if successor not in parent and (within is None or successor in within):
                parent[successor] = node
                queue.append(successor)
    return None


def unique_labels(names: Mapping[str, str]) -> dict[str, str]:
    """Return a label per id that tells items apart: the name, with the id in brackets where needed.

    A name shared by two or more ids becomes ``"Test (T3)"``; a blank name becomes ``"(T3)"``. Applying
    this to its own result changes nothing, so labels can be computed once and reused.

    Args:
        names: display name by id.
    """
    stripped = {item_id: name.strip() for item_id, name in names.items()}
    counts = Counter(stripped.values())
    labels: dict[str, str] = {}
    for item_id, name in stripped.items():
        if not name:
            labels[item_id] = f"({item_id})"
        elif counts[name] > 1:
            labels[item_id] = f"{name} ({item_id})"
        else:
            labels[item_id] = name
    return labels


_LONGEST_SHOWN = 12


def join_cycle(ids: Sequence[str], labels: Mapping[str, str]) -> str:
    """Return ``"A -> B -> C -> A"`` for the cycle ``ids`` using ready-made ``labels`` (ids when missing)."""
    if not ids:
        return ""
    shown = [labels.get(item_id, item_id) for item_id in ids]
    if len(shown) > _LONGEST_SHOWN:  # keep one readable line: the first few, a count, the last few
        hidden = len(shown) - _LONGEST_SHOWN + 2
        shown = [*shown[: _LONGEST_SHOWN // 2], f"... {hidden} more ...", *shown[-(_LONGEST_SHOWN // 2 - 2):]]
    return " -> ".join([*shown, shown[0]])


def describe_cycle(ids: Sequence[str], names: Mapping[str, str]) -> str:
    """Spell out a cycle by name, e.g. ``"Design -> Build -> Test -> Design"``.

    Args:
        ids: node ids in cycle order, as ``find_cycle`` returns them.
        names: display name by id; ids of blank names, names shared with another id and ids missing from
            the mapping are shown in brackets (see ``unique_labels``).

    Returns:
        The cycle, closing back on its first node; an empty string for no ids.
    """
    return join_cycle(ids, unique_labels({**{item_id: "" for item_id in ids}, **names}))


def task_names(plan: Plan) -> dict[str, str]:
    """Return each task's name by id (the first task wins where ids repeat)."""
    return {task.id: task.name for task in reversed(plan.tasks)}


def partial_task_order(plan: Plan) -> tuple[list[str], list[str]]:
    """Order the tasks as far as the dependencies allow (Kahn's algorithm, linear time).

    Ties keep plan order (a FIFO queue seeded in plan order). Predecessors that are not tasks of the plan
    are ignored; a repeated task id is listed once, with the predecessors of all its tasks.

    Args:
        plan: the plan.

    Returns:
        ``(ordered, blocked)``: the ids in an order where every predecessor comes first, and the ids that
        cannot be placed because they sit on a dependency cycle or after one, in plan order. ``blocked``
        is empty exactly when the dependencies are acyclic.
    """
    indegree: dict[str, int] = dict.fromkeys(plan.task_by_id, 0)
    successors: dict[str, list[str]] = {task_id: [] for task_id in indegree}
    for task in plan.tasks:  # tasks sharing an id share a node, as in ``task_graph``
        for dependency in task.predecessors:
            if dependency.task in indegree:
                successors[dependency.task].append(task.id)
                indegree[task.id] += 1
    ready = deque(task_id for task_id, count in indegree.items() if count == 0)
    order: list[str] = []
    while ready:
        task_id = ready.popleft()
        order.append(task_id)
        for successor in successors[task_id]:
            indegree[successor] -= 1
            if indegree[successor] == 0:
                ready.append(successor)
    if len(order) == len(indegree):
        return order, []
    placed = set(order)
    return order, [task_id for task_id in indegree if task_id not in placed]


def topological_task_ids(plan: Plan) -> list[str]:
    """Return the task ids in an order where every predecessor comes before its successors.

    Ties keep plan order; see ``partial_task_order``.

    Args:
        plan: the plan.

    Returns:
        Each task id once.

    Raises:
        PlanError: the dependencies form a cycle (``where="tasks"``). The message spells out by name the
            shortest cycle through the first task (in plan order) of some cycle, e.g.
            ``"dependency cycle: Build -> Test -> Build"``.
    """
    order, blocked = partial_task_order(plan)
    if not blocked:
        return order
    remainder = task_graph(plan, only=blocked)
    position = {task_id: k for k, task_id in enumerate(blocked)}
    first = min(find_cycle(remainder) or blocked, key=position.__getitem__)
    cycle = shortest_cycle(remainder, first) or [first]
    raise PlanError(f"dependency cycle: {describe_cycle(cycle, task_names(plan))}", where="tasks")
