"""Edits: values that change a ``Plan`` and return their own inverse.

Every change a user makes is one ``Edit``. ``edit.apply(plan)`` returns an ``Applied`` with the new plan,
the inverse edit (applying it to the new plan gives back the old one) and a ``ChangeSet`` saying what
changed, so views refresh only that. The UI's undo stack stores edits and their inverses; nothing else
mutates a plan.
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, get_args

from app.engine.model import Plan, Project

Collection = Literal[
    "systems", "integrations", "roles", "phases", "tasks", "cost_lines", "baselines", "scenarios"]
COLLECTIONS: tuple[str, ...] = get_args(Collection)


class EditError(ValueError):
    """An edit that cannot apply to this plan (unknown id, duplicate id, unknown field)."""


@dataclass(frozen=True)
class ChangeSet:
    """What an edit changed: the parts (``project`` or a collection name), the item ids, and whether
    items were added, removed or reordered (``structural``), which calls for a model reset."""

    parts: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()
    structural: bool = False

    def __or__(self, other: ChangeSet) -> ChangeSet:
        return ChangeSet(self.parts | other.parts, self.ids | other.ids, self.structural or other.structural)

    def touches(self, part: str) -> bool:
        """True when ``part`` (``project`` or a collection name) changed."""
        return part in self.parts


# The change set that tells every view to rebuild: a whole different plan (opened, or a scenario switched in).
EVERYTHING = ChangeSet(frozenset({"project", "templates", *COLLECTIONS}), frozenset(), structural=True)


@dataclass(frozen=True)
class Applied:
    """The result of applying an edit."""

    plan: Plan
    inverse: Edit
    changes: ChangeSet


class Edit(ABC):
    """A change to a plan. Subclasses are frozen dataclasses with a human ``label`` for the Edit menu."""

    label: str

    @abstractmethod
    def apply(self, plan: Plan) -> Applied:
        """Return the new plan, the inverse edit and the change set.

        Raises:
            EditError: the edit does not fit ``plan``.
        """


def _items(plan: Plan, collection: str) -> tuple[Any, ...]:
    if collection not in COLLECTIONS:
        raise EditError(f"unknown collection '{collection}'")
    items: tuple[Any, ...] = getattr(plan, collection)
    return items


def _with_items(plan: Plan, collection: str, items: tuple[Any, ...]) -> Plan:
    return dataclasses.replace(plan, **{collection: items})  # type: ignore[arg-type]


def _index_of(items: tuple[Any, ...], item_id: str, collection: str) -> int:
    for index, item in enumerate(items):
        if item.id == item_id:
            return index
    raise EditError(f"no item '{item_id}' in {collection}")


@dataclass(frozen=True)
class SetProjectFields(Edit):
    """Set fields of the project settings, e.g. ``SetProjectFields((("name", "New name"),))``."""

    values: tuple[tuple[str, Any], ...]
    label: str = "Change project settings"

    def apply(self, plan: Plan) -> Applied:
        names = {f.name for f in dataclasses.fields(Project)}
        unknown = [k for k, _ in self.values if k not in names]
        if unknown:
            raise EditError(f"unknown project field(s): {', '.join(unknown)}")
        old = tuple((k, getattr(plan.project, k)) for k, _ in self.values)
        project = dataclasses.replace(plan.project, **dict(self.values))
        return Applied(
            dataclasses.replace(plan, project=project),
            SetProjectFields(old, self.label),
            ChangeSet(frozenset({"project"})),
        )


@dataclass(frozen=True)
class ReplaceItem(Edit):
    """Replace the item with id ``item_id`` in ``collection`` by ``item`` (which may carry a new id)."""

    collection: str
    item_id: str
    item: Any
    label: str = "Edit"

    def apply(self, plan: Plan) -> Applied:
        items = _items(plan, self.collection)
        index = _index_of(items, self.item_id, self.collection)
        if self.item.id != self.item_id and any(i.id == self.item.id for i in items):
            raise EditError(f"id '{self.item.id}' is already used in {self.collection}")
        old = items[index]
        new_items = items[:index] + (self.item,) + items[index + 1 :]
        changes = ChangeSet(frozenset({self.collection}), frozenset({self.item_id, self.item.id}),
                            structural=self.item.id != self.item_id)
        return Applied(
            _with_items(plan, self.collection, new_items),
            ReplaceItem(self.collection, self.item.id, old, self.label),
            changes,
        )


@dataclass(frozen=True)
class ReplaceItems(Edit):
    """Replace many items of ``collection`` at once, each matched by its own id (ids do not change).

    One pass over the collection, so setting a field on thousands of items stays linear.
    """

    collection: str
    items: tuple[Any, ...]
    label: str = "Edit"

    def apply(self, plan: Plan) -> Applied:
        items = _items(plan, self.collection)
        wanted = {item.id: item for item in self.items}
        if len(wanted) != len(self.items):
            raise EditError(f"an id appears twice among the replacements in {self.collection}")
        old: list[Any] = []
        new_items = []
        seen: set[str] = set()
        for item in items:
            if item.id in wanted and item.id not in seen:  # the first item with that id, as ReplaceItem
                seen.add(item.id)
                old.append(item)
                new_items.append(wanted[item.id])
            else:
                new_items.append(item)
        missing = wanted.keys() - seen
        if missing:
            raise EditError(f"no item '{sorted(missing)[0]}' in {self.collection}")
        return Applied(
            _with_items(plan, self.collection, tuple(new_items)),
            ReplaceItems(self.collection, tuple(old), self.label),
            ChangeSet(frozenset({self.collection}), frozenset(wanted)),
        )


@dataclass(frozen=True)
class InsertItem(Edit):
    """Insert ``item`` into ``collection`` at ``index`` (``None`` appends)."""

    collection: str
    item: Any
    index: int | None = None
    label: str = "Add"

    def apply(self, plan: Plan) -> Applied:
        items = _items(plan, self.collection)
        if any(i.id == self.item.id for i in items):
            raise EditError(f"id '{self.item.id}' is already used in {self.collection}")
        index = len(items) if self.index is None else max(0, min(self.index, len(items)))
        new_items = items[:index] + (self.item,) + items[index:]
        return Applied(
            _with_items(plan, self.collection, new_items),
            RemoveItem(self.collection, self.item.id, self.label),
            ChangeSet(frozenset({self.collection}), frozenset({self.item.id}), structural=True),
        )


@dataclass(frozen=True)
class RemoveItem(Edit):
    """Remove the item with id ``item_id`` from ``collection``.

    References to it elsewhere are not removed here; compose a ``CompoundEdit`` for a cascade.
    """

    collection: str
    item_id: str
    label: str = "Delete"

    def apply(self, plan: Plan) -> Applied:
        items = _items(plan, self.collection)
        index = _index_of(items, self.item_id, self.collection)
        new_items = items[:index] + items[index + 1 :]
        return Applied(
            _with_items(plan, self.collection, new_items),
            InsertItem(self.collection, items[index], index, self.label),
            ChangeSet(frozenset({self.collection}), frozenset({self.item_id}), structural=True),
        )


@dataclass(frozen=True)
class InsertItems(Edit):
    """Insert many items into ``collection`` in one pass.

    ``positions`` are the indices the items take in the resulting collection (ascending); ``None`` appends
    them in order. The inverse of ``RemoveItems``, and linear where one ``InsertItem`` per item is not.
    """

    collection: str
    items: tuple[Any, ...]
    positions: tuple[int, ...] | None = None
    label: str = "Add"

    def apply(self, plan: Plan) -> Applied:
        items = _items(plan, self.collection)
        ids = [item.id for item in self.items]
        taken = {item.id for item in items}
        clash = next((i for i in ids if i in taken), None) or (
            next((i for i in ids if ids.count(i) > 1), None) if len(set(ids)) != len(ids) else None)
        if clash is not None:
            raise EditError(f"id '{clash}' is already used in {self.collection}")
        if self.positions is None:
            new_items = items + self.items
        else:
            if len(self.positions) != len(self.items) or list(self.positions) != sorted(set(self.positions)):
                raise EditError("insert positions must be distinct, ascending and one per item")
            merged: list[Any] = []
            rest = iter(items)
            pending = dict(zip(self.positions, self.items, strict=True))
            for index in range(len(items) + len(self.items)):
                merged.append(pending[index] if index in pending else next(rest))
            new_items = tuple(merged)
        return Applied(
            _with_items(plan, self.collection, new_items),
            RemoveItems(self.collection, tuple(ids), self.label),
            ChangeSet(frozenset({self.collection}), frozenset(ids), structural=True),
        )


@dataclass(frozen=True)
class RemoveItems(Edit):
    """Remove the items with ``ids`` from ``collection`` in one pass (the first item of each id)."""

    collection: str
    ids: tuple[str, ...]
    label: str = "Delete"

    def apply(self, plan: Plan) -> Applied:
        items = _items(plan, self.collection)
        wanted = set(self.ids)
        kept: list[Any] = []
        removed: list[tuple[int, Any]] = []
        for index, item in enumerate(items):
            if item.id in wanted:
                wanted.discard(item.id)
                removed.append((index, item))
            else:
                kept.append(item)
        if wanted:
            raise EditError(f"no item '{sorted(wanted)[0]}' in {self.collection}")
        return Applied(
            _with_items(plan, self.collection, tuple(kept)),
            InsertItems(self.collection, tuple(i for _, i in removed), tuple(k for k, _ in removed), self.label),
            ChangeSet(frozenset({self.collection}), frozenset(self.ids), structural=True),
        )


@dataclass(frozen=True)
class CompoundEdit(Edit):
    """Several edits applied in order as one undoable step."""

    edits: tuple[Edit, ...]
    label: str = "Edit"

    def apply(self, plan: Plan) -> Applied:
        inverses: list[Edit] = []
        changes = ChangeSet()
        for edit in self.edits:
            applied = edit.apply(plan)
            plan = applied.plan
            inverses.append(applied.inverse)
            changes = changes | applied.changes
        return Applied(plan, CompoundEdit(tuple(reversed(inverses)), self.label), changes)


def set_item_fields(plan: Plan, collection: str, item_id: str, /, label: str = "Edit",
                    **values: Any) -> ReplaceItem:
    """Return the edit that sets ``values`` on one item of ``collection``.

    Raises:
        EditError: no such item, or a field the item does not have.
    """
    items = _items(plan, collection)
    old = items[_index_of(items, item_id, collection)]
    names = {f.name for f in dataclasses.fields(old)}
    unknown = [k for k in values if k not in names]
    if unknown:
        raise EditError(f"unknown field(s) for {collection}: {', '.join(unknown)}")
    return ReplaceItem(collection, item_id, dataclasses.replace(old, **values), label)


def next_id(existing: Iterable[str], prefix: str) -> str:
    """Return ``prefix`` plus the smallest number (from 1, zero-padded to 2) not already used."""
    used = set(existing)
    number = 1
    while f"{prefix}{number:02d}" in used:
        number += 1
    return f"{prefix}{number:02d}"
