"""What is selected: systems (estate table, graph, impact panel) and tasks (timeline, task panel).

Selection is view state, not plan data: it lives here, not in the ``Document``. Each view sets it and
listens to it; ``set_selected`` ignores a change that selects what is already selected, so two views
that mirror each other never loop.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal


class Selection(QObject):
    """The ids of selected items, in selection order.

    Signals:
        selection_changed(tuple): the selected ids changed.
    """

    selection_changed = Signal(tuple)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids: tuple[str, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        """The selected ids."""
        return self._ids

    @property
    def current(self) -> str | None:
        """The most recently selected id, if any."""
        return self._ids[-1] if self._ids else None

    def set_selected(self, ids: Iterable[str]) -> None:
        """Select ``ids`` (replacing the selection); emits only when it changes."""
        new = tuple(dict.fromkeys(ids))
        if new != self._ids:
            self._ids = new
            self.selection_changed.emit(new)

    def prune(self, known: Iterable[str]) -> None:
        """Drop ids that no longer exist (after a delete or a new plan)."""
        keep = set(known)
        self.set_selected(i for i in self._ids if i in keep)


class SystemSelection(Selection):
    """The selected systems, shared by the estate table, the graph view and the impact panel."""


class TaskSelection(Selection):
    """The selected tasks, shared by the timeline, the task table and the task panel."""
