"""Three-way merge of plans, record by record: what optimistic locking needs to save without overwriting.

A *record* is the project settings (``("project", "")``) or one item of a collection, keyed by its id
(``("tasks", "T01")``). Two people start from the same *base* plan; one saves (*theirs*), then the other
saves (*mine*). Each record is settled on its own:

- changed only by me (added, edited or removed): mine is kept;
- changed only by them: theirs is taken, so their work is never silently overwritten;
- changed by both to the same value: that value;
- changed by both differently: a ``Conflict``, settled by the user's choice (``"mine"`` or ``"theirs"``).
  Until every conflict has a choice, ``merge`` reports them and the merged plan keeps *theirs* for them.

Which records *they* changed may be given from outside (the storage layer knows it from per-record
version numbers); otherwise it is found by comparing theirs with the base. The merged plan keeps my order
of each collection; records only they added follow, in their order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

from app.engine.edits import COLLECTIONS
from app.engine.model import Plan

PROJECT = "project"
RECORD_COLLECTIONS: tuple[str, ...] = (*COLLECTIONS, "templates")
Key = tuple[str, str]
Choice = Literal["mine", "theirs"]

_SINGULAR = {
    "systems": "System", "integrations": "Integration", "roles": "Role", "phases": "Phase", "tasks": "Task",
    "cost_lines": "Cost line", "baselines": "Baseline", "scenarios": "Scenario", "templates": "Template",
}


@dataclass(frozen=True)
class FieldChange:
    """One field of a conflicting record: its value in the base, in mine and in theirs (as display text)."""

    name: str
    base: str
    mine: str
    theirs: str


@dataclass(frozen=True)
class Conflict:
    """A record both sides changed differently. ``None`` means the record is absent (added or removed)."""

    key: Key
    label: str
    base: Any
    mine: Any
    theirs: Any

    @property
    def my_action(self) -> str:
        """What I did to the record: "added", "changed" or "removed"."""
        return _verb(self.base, self.mine)

    @property
    def their_action(self) -> str:
        """What they did to the record: "added", "changed" or "removed"."""
        return _verb(self.base, self.theirs)

    @property
    def summary(self) -> str:
        """What each side did, in words: "you changed it, they removed it"."""
        return f"you {self.my_action} it, they {self.their_action} it"

    @property
    def fields(self) -> tuple[FieldChange, ...]:
        """The fields that differ between mine and theirs (or between either and the base)."""
        names = _field_names(self.base, self.mine, self.theirs)
        out = []
        for name in names:
            values = [_field(record, name) for record in (self.base, self.mine, self.theirs)]
            if values[1] != values[2] or values[0] != values[1]:
                out.append(FieldChange(name, *(_show(v) for v in values)))
        return tuple(out)


@dataclass(frozen=True)
class Merged:
    """The result of a merge.

    Attributes:
        plan: the merged plan (unresolved conflicts keep theirs).
        conflicts: records both sides changed differently that have no choice yet.
        taken: records changed only by them whose version was taken (for telling the user).
    """

    plan: Plan
    conflicts: tuple[Conflict, ...]
    taken: tuple[Key, ...]


def records(plan: Plan) -> dict[Key, Any]:
    """Every record of ``plan`` keyed by ``(collection, id)``, the project settings first."""
    out: dict[Key, Any] = {(PROJECT, ""): plan.project}
    for collection in RECORD_COLLECTIONS:
        for item in getattr(plan, collection):
            out[(collection, item.id)] = item
    return out


def changed(base: Plan, other: Plan) -> set[Key]:
    """The records that differ between ``base`` and ``other`` (added, removed or edited)."""
    before, after = records(base), records(other)
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}


def label(key: Key, record: Any = None) -> str:
    """A human name for a record: "Project settings" or "Task T01 'Port numbers'"."""
    collection, item_id = key
    if collection == PROJECT:
        return "Project settings"
    name = getattr(record, "name", "") if record is not None else ""
    kind = _SINGULAR.get(collection, collection)
    return f"{kind} {item_id} '{name}'" if name else f"{kind} {item_id}"


def merge(base: Plan, mine: Plan, theirs: Plan, their_changes: Collection[Key] | None = None,
          choices: Mapping[Key, Choice] | None = None) -> Merged:
    """Merge ``mine`` and ``theirs``, both edited from ``base``, record by record (see the module docs).

    Args:
        base: the plan both started from.
        mine: my edited plan.
        theirs: the plan as someone else saved it.
        their_changes: the records they changed; found by comparing ``theirs`` with ``base`` if omitted.
        choices: the user's choice for conflicting records.
    """
    choices = choices or {}
    old, ours, other = records(base), records(mine), records(theirs)
    theirs_changed = set(their_changes) if their_changes is not None else changed(base, theirs)
    result: dict[Key, Any] = {}
    conflicts: list[Conflict] = []
    taken: list[Key] = []
    for key in _ordered_keys(ours, other):
        mine_value, their_value, base_value = ours.get(key), other.get(key), old.get(key)
        if key not in theirs_changed:
            value = mine_value
        elif mine_value == base_value:
            value = their_value
            if their_value != mine_value:
                taken.append(key)
        elif mine_value == their_value or their_value == base_value:
            value = mine_value  # the same change, or they changed it back: nothing of theirs to keep
        else:
            choice = choices.get(key)
            value = mine_value if choice == "mine" else their_value
            if choice is None:
                conflicts.append(Conflict(key, label(key, mine_value or their_value or base_value),
                                          base_value, mine_value, their_value))
        if value is not None:
            result[key] = value
    return Merged(_rebuild(mine, result), tuple(conflicts), tuple(taken))


def _ordered_keys(ours: Mapping[Key, Any], other: Mapping[Key, Any]) -> list[Key]:
    """My keys in my order, then keys only they have in their order (with the project first)."""
    return list(ours) + [key for key in other if key not in ours]


def _rebuild(template: Plan, result: Mapping[Key, Any]) -> Plan:
    grouped: dict[str, list[Any]] = {collection: [] for collection in RECORD_COLLECTIONS}
    project = result.get((PROJECT, ""), template.project)
    for (collection, _id), value in result.items():
        if collection != PROJECT:
            grouped[collection].append(value)
    return replace(template, project=project, **{c: tuple(items) for c, items in grouped.items()})


def _verb(before: Any, after: Any) -> str:
    if before is None:
        return "added"
    if after is None:
        return "removed"
    return "changed"


def _field_names(*values: Any) -> list[str]:
    for value in values:
        if value is not None and dataclasses.is_dataclass(value):
            return [f.name for f in dataclasses.fields(value)]
    return []


def _field(record: Any, name: str) -> Any:
    return _ABSENT if record is None else getattr(record, name, _ABSENT)


_ABSENT = object()


def _show(value: Any) -> str:
    """Display text for a field value: dates ISO, tuples by count, long text cut short."""
    if value is _ABSENT:
        return "(absent)"
    if value is None:
        return "(none)"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Plan):
        return f"a plan of {len(value.tasks)} tasks"
    if isinstance(value, tuple):
        return "(none)" if not value else "; ".join(_short(item) for item in value[:4]) + (
            f" … ({len(value)} in all)" if len(value) > 4 else "")
    return _short(value)


def _short(value: Any) -> str:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        shown = [f.name for f in dataclasses.fields(value) if getattr(value, f.name) not in (None, "", ())]
        parts: Iterable[str] = (f"{name}={_plain(getattr(value, name))}" for name in shown)
        text = ", ".join(parts)
    else:
        text = _plain(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _plain(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
