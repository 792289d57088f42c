"""Estate edits: add, duplicate, rename and delete systems and integrations with every reference kept sound.

Each function returns one ``Edit`` (often a ``CompoundEdit``) so that a cascade is one undoable step: renaming
a system rewrites the ``replaced_by`` links, integrations, tasks and cost lines that name it; deleting systems
removes their integrations and clears every reference to them. Labels are passed in by the caller (the UI
translates them); the defaults are English.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from app.engine.edits import (
    CompoundEdit,
    Edit,
    EditError,
    InsertItem,
    RemoveItems,
    ReplaceItem,
    ReplaceItems,
    next_id,
)
from app.engine.model import Integration, Plan, System

_NUMBERED = re.compile(r"(.*?)(\d+)", re.ASCII)


def free_id(existing: Iterable[str], like: str | None, prefix: str) -> str:
    """Return an unused id shaped like ``like``: its prefix and zero-padded width, numbered past the highest.

    ``A13`` among ``A01``..``A34`` gives ``A35``; an id without a trailing number gives ``<id>-copy``,
    ``<id>-copy2``, ...; no ``like`` gives ``prefix`` numbered by ``next_id`` (``S01``).

    Args:
        existing: the ids already used.
        like: an id to imitate, or ``None``.
        prefix: the prefix used when there is nothing to imitate.
    """
    used = set(existing)
    if not like:
        return next_id(used, prefix)
    match = _NUMBERED.fullmatch(like)
    if match is None:
        candidate, number = f"{like}-copy", 1
        while candidate in used:
            number += 1
            candidate = f"{like}-copy{number}"
        return candidate
    stem, digits = match.groups()
    numbers = [int(found.group(2)) for other in used
               if (found := _NUMBERED.fullmatch(other)) is not None and found.group(1) == stem]
    number = max(numbers, default=0) + 1
    while f"{stem}{number:0{len(digits)}d}" in used:  # only when a longer-width id shares the number
        number += 1
    return f"{stem}{number:0{len(digits)}d}"


def check_new_system_id(plan: Plan, new_id: str, old_id: str | None = None) -> None:
    """Check that ``new_id`` can name a system (of ``old_id`` when renaming).

    Raises:
        EditError: the id is empty, contains white space, or belongs to another system.
    """
    if not new_id:
        raise EditError("a system needs an id")
    if any(character.isspace() for character in new_id):
        raise EditError(f"system id '{new_id}' contains white space")
    if new_id != old_id and new_id in plan.system_by_id:
        raise EditError(f"id '{new_id}' is already used in systems")


def _system(plan: Plan, system_id: str) -> System:
    system = plan.system_by_id.get(system_id)
    if system is None:
        raise EditError(f"no item '{system_id}' in systems")
    return system


def add_system_edit(plan: Plan, system: System, index: int | None = None, label: str = "Add system") -> Edit:
    """Return the edit that adds ``system`` at ``index`` (``None`` appends).

    Raises:
        EditError: its id is not a valid new system id.
    """
    check_new_system_id(plan, system.id)
    return InsertItem("systems", system, index, label)


def duplicate_system_edit(plan: Plan, system_id: str, name: str, new_id: str | None = None,
                          label: str = "Duplicate system") -> Edit:
    """Return the edit that inserts a copy of a system right after it, without its integrations.

    Args:
        plan: the plan holding the system.
        system_id: the system to copy.
        name: the copy's name (the caller words it, e.g. "Council CRM (copy)").
        new_id: the copy's id; by default the next free id shaped like the original's (``free_id``).
        label: the undo label.

    Raises:
        EditError: no such system, or ``new_id`` is not a valid new system id.
    """
    original = _system(plan, system_id)
    copy_id = new_id if new_id is not None else free_id(plan.system_by_id, system_id, "S")
    check_new_system_id(plan, copy_id)
    index = next(i for i, s in enumerate(plan.systems) if s.id == system_id)
    return InsertItem("systems", dataclasses.replace(original, id=copy_id, name=name), index + 1, label)


def rename_system_edit(plan: Plan, old_id: str, new_id: str, label: str = "Change system id") -> Edit:
    """Return the edit that renames a system's id and every reference to it, as one step.

    References rewritten: ``replaced_by`` of every system, ``source``/``target`` of integrations, ``systems``
    of tasks and ``system`` of cost lines.

    Raises:
        EditError: no system ``old_id``, or ``new_id`` is empty, has white space, or names another system.
    """
    system = _system(plan, old_id)
    check_new_system_id(plan, new_id, old_id)
    if new_id == old_id:
        raise EditError(f"system '{old_id}' already has that id")

    def swap(ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(new_id if i == old_id else i for i in ids)

    edits: list[Edit] = [ReplaceItem("systems", old_id, dataclasses.replace(
        system, id=new_id, replaced_by=swap(system.replaced_by)), label)]
    others = tuple(dataclasses.replace(s, replaced_by=swap(s.replaced_by))
                   for s in plan.systems if s.id != old_id and old_id in s.replaced_by)
    links = tuple(dataclasses.replace(link, source=new_id if link.source == old_id else link.source,
                                      target=new_id if link.target == old_id else link.target)
                  for link in plan.integrations if old_id in (link.source, link.target))
    tasks = tuple(dataclasses.replace(t, systems=swap(t.systems)) for t in plan.tasks if old_id in t.systems)
    lines = tuple(dataclasses.replace(c, system=new_id) for c in plan.cost_lines if c.system == old_id)
    for collection, items in (("systems", others), ("integrations", links), ("tasks", tasks),
                              ("cost_lines", lines)):
        if items:
            edits.append(ReplaceItems(collection, items, label))
    return CompoundEdit(tuple(edits), label)


def delete_systems_edit(plan: Plan, ids: Iterable[str], label: str = "Delete systems") -> Edit:
    """Return the edit that deletes systems, their integrations and every reference to them, as one step.

    Other systems lose them from ``replaced_by``, tasks from ``systems``, and cost lines naming one get
    ``system = None``. The inverse puts everything back where it was.

    Raises:
        EditError: no ids given, or one of them is not a system.
    """
    doomed = tuple(dict.fromkeys(ids))
    if not doomed:
        raise EditError("no systems to delete")
    for system_id in doomed:
        _system(plan, system_id)
    gone = set(doomed)
    survivors = tuple(dataclasses.replace(s, replaced_by=tuple(i for i in s.replaced_by if i not in gone))
                      for s in plan.systems if s.id not in gone and gone.intersection(s.replaced_by))
    tasks = tuple(dataclasses.replace(t, systems=tuple(i for i in t.systems if i not in gone))
                  for t in plan.tasks if gone.intersection(t.systems))
    lines = tuple(dataclasses.replace(c, system=None) for c in plan.cost_lines if c.system in gone)
    links = tuple(dict.fromkeys(link.id for link in plan.integrations
                                if link.source in gone or link.target in gone))
    edits: list[Edit] = []
    for collection, items in (("systems", survivors), ("tasks", tasks), ("cost_lines", lines)):
        if items:
            edits.append(ReplaceItems(collection, items, label))
    if links:
        edits.append(_remove_integrations(plan, links, label))
    edits.append(RemoveItems("systems", doomed, label))
    return CompoundEdit(tuple(edits), label)


def _remove_integrations(plan: Plan, ids: tuple[str, ...], label: str) -> Edit:
    # RemoveItems takes the first item of each id; a plan with a repeated integration id (a structural
    # problem) needs one removal per occurrence, which repeating the id in successive edits gives.
    counts = {link_id: sum(1 for link in plan.integrations if link.id == link_id) for link_id in ids}
    if all(n == 1 for n in counts.values()):
        return RemoveItems("integrations", ids, label)
    return CompoundEdit(tuple(RemoveItems("integrations", (link_id,), label)
                              for link_id, n in counts.items() for _ in range(n)), label)


def add_integration_edit(plan: Plan, source: str, target: str, name: str = "",
                         label: str = "Add integration") -> Edit:
    """Return the edit that appends an integration from ``source`` to ``target`` under a new id.

    The id follows the last integration's (``I074`` gives ``I075``), or ``I01`` in a plan without any.

    Raises:
        EditError: either system does not exist, or they are the same system.
    """
    _system(plan, source)
    _system(plan, target)
    if source == target:
        raise EditError("an integration links two different systems")
    used = [link.id for link in plan.integrations]
    link_id = free_id(used, used[-1] if used else None, "I")
    return InsertItem("integrations", Integration(link_id, source, target, name), None, label)


def delete_integrations_edit(plan: Plan, ids: Iterable[str], label: str = "Delete integrations") -> Edit:
    """Return the edit that deletes the integrations with ``ids`` as one step.

    Raises:
        EditError: no ids given, or one of them is not an integration.
    """
    wanted = tuple(dict.fromkeys(ids))
    if not wanted:
        raise EditError("no integrations to delete")
    return RemoveItems("integrations", wanted, label)
