"""The systems selected in the estate, shared by the table, the graph view and the impact panel.

Selection is view state, not plan data: it lives here, not in the ``Document``. Each view sets it and
listens to it; ``set_selected`` ignores a change that selects what is already selected, so two views
that mirror each other never loop.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal


class SystemSelection(QObject):
    """The ids of the selected systems, in selection order.

    Signals:
        selection_changed(tuple): the selected system ids changed.
    """

    selection_changed = Signal(tuple)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids: tuple[str, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        """The selected system ids."""
        return self._ids

    @property
    def current(self) -> str | None:
        """The most recently selected system id, if any."""
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
