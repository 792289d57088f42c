"""The one undo command: it applies an engine ``Edit`` to the document and undoes it with the inverse."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from app.engine.edits import Applied, Edit

if TYPE_CHECKING:
    from app.ui.document import Document

# QUndoCommand.id() values: -1 never merges; edits that carry a merge key share this id.
_MERGEABLE_ID = 1


class EditCommand(QUndoCommand):
    """Undoable wrapper around an ``Edit``; its text (shown as "Undo <text>") is the edit's label.

    Args:
        document: the document the edit applies to.
        edit: the change to make.
        applied: the result of applying ``edit`` already, so the first ``redo()`` does not apply it twice.
        merge_key: consecutive commands with the same key merge into one undo step (spin-box steps,
            typing in a date); ``None`` never merges.
    """

    def __init__(
        self, document: Document, edit: Edit, applied: Applied | None = None, merge_key: str | None = None
    ) -> None:
        super().__init__(edit.label)
        self._document = document
        self._edit = edit
        self._pending = applied
        self._inverse: Edit | None = None
        self.merge_key = merge_key

    @property
    def edit(self) -> Edit:
        """The edit this command redoes."""
        return self._edit

    def redo(self) -> None:
        """Apply the edit and keep its inverse for ``undo()``."""
        if self._pending is not None:
            applied, self._pending = self._pending, None
            self._inverse = self._document.install(applied)
        else:
            self._inverse = self._document.apply(self._edit)

    def undo(self) -> None:
        """Apply the inverse of the edit."""
        if self._inverse is not None:
            self._document.apply(self._inverse)

    def id(self) -> int:  # noqa: A003 - Qt override
        """Return the merge id: mergeable commands share one id, others return -1."""
        return _MERGEABLE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        """Absorb ``other`` when it carries the same merge key; this command's inverse still undoes both."""
        if not isinstance(other, EditCommand) or other.merge_key != self.merge_key:
            return False
        self._edit = other.edit
        self.setText(other.text())
        return True
