"""``IntegrationTableModel``: the integrations of one system (or of the whole estate) as an editable table.

An adapter (style guide §4): it holds the tuple of integration ids shown and reads each cell from the
document's plan; ``setData`` pushes an undoable ``Edit`` whose label names the integration.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from app.engine.edits import ChangeSet, EditError, set_item_fields
from app.engine.model import Integration, Plan
from app.ui.document import Document

INTEGRATION_ROLE = Qt.ItemDataRole.UserRole

_CONTEXT = "IntegrationTableModel"
# (key, header); the order of the columns.
COLUMNS: tuple[tuple[str, object], ...] = (  # headers marked by QT_TRANSLATE_NOOP (typed object)
    ("id", QT_TRANSLATE_NOOP(_CONTEXT, "ID")),
    ("name", QT_TRANSLATE_NOOP(_CONTEXT, "Name")),
    ("source", QT_TRANSLATE_NOOP(_CONTEXT, "From")),
    ("target", QT_TRANSLATE_NOOP(_CONTEXT, "To")),
    ("kind", QT_TRANSLATE_NOOP(_CONTEXT, "Kind")),
    ("dependency", QT_TRANSLATE_NOOP(_CONTEXT, "Dependency")),
    ("coexistence_bridge", QT_TRANSLATE_NOOP(_CONTEXT, "Coexistence\nbridge")),
)
COLUMN_KEYS: tuple[str, ...] = tuple(key for key, _ in COLUMNS)
_CHECK_COLUMNS = frozenset({"dependency", "coexistence_bridge"})
_SYSTEM_COLUMNS = frozenset({"source", "target"})
_LABELS = {
    "name": QT_TRANSLATE_NOOP(_CONTEXT, "Rename integration {id}"),
    "kind": QT_TRANSLATE_NOOP(_CONTEXT, "Change kind of integration {id}"),
    "source": QT_TRANSLATE_NOOP(_CONTEXT, "Change source of integration {id}"),
    "target": QT_TRANSLATE_NOOP(_CONTEXT, "Change target of integration {id}"),
    ("dependency", True): QT_TRANSLATE_NOOP(_CONTEXT, "Make integration {id} a dependency"),
    ("dependency", False): QT_TRANSLATE_NOOP(_CONTEXT, "Make integration {id} a plain data flow"),
    ("coexistence_bridge", True): QT_TRANSLATE_NOOP(
        _CONTEXT, "Mark integration {id} as a coexistence bridge"),
    ("coexistence_bridge", False): QT_TRANSLATE_NOOP(
        _CONTEXT, "Unmark integration {id} as a coexistence bridge"),
}
_TIPS = {
    "dependency": QT_TRANSLATE_NOOP(_CONTEXT, "The target needs the source ready first"),
    "coexistence_bridge": QT_TRANSLATE_NOOP(_CONTEXT, "A temporary link between the old and new estates"),
}

AnyIndex = QModelIndex | QPersistentModelIndex


def _tr(text: object) -> str:
    return QCoreApplication.translate(_CONTEXT, str(text))


class IntegrationTableModel(QAbstractTableModel):
    """The integrations of the system set with ``set_system`` (as source or target), or all of them.

    ``data(index, INTEGRATION_ROLE)`` returns the ``Integration``; From/To edit values are system ids.

    Args:
        document: the document whose plan the table shows and to which edits are pushed.
        parent: the owning QObject.
    """

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._system_id: str | None = None
        self._indexed_plan: Plan | None = None
        self._by_id: dict[str, Integration] = {}
        self._ids: tuple[str, ...] = self._wanted_ids()
        document.plan_changed.connect(self._on_document_plan_changed)

    @property
    def system_id(self) -> str | None:
        """The system whose integrations are listed, or ``None`` for every integration."""
        return self._system_id

    def set_system(self, system_id: str | None) -> None:
        """List the integrations of ``system_id`` (``None``: all integrations)."""
        if system_id == self._system_id:
            return
        self.beginResetModel()
        self._system_id = system_id
        self._ids = self._wanted_ids()
        self.endResetModel()

    def _wanted_ids(self) -> tuple[str, ...]:
        links = self._document.plan.integrations
        if self._system_id is not None:
            links = tuple(i for i in links if self._system_id in (i.source, i.target))
        return tuple(dict.fromkeys(i.id for i in links))

    # --- Qt model interface ---------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        """Return the number of integrations listed (0 under any valid parent: a flat table)."""
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        """Return the number of columns (0 under any valid parent)."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Return the translated column header (and a tooltip for the check-box columns)."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        key, header = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return _tr(header)
        if role == Qt.ItemDataRole.ToolTipRole and key in _TIPS:
            return _tr(_TIPS[key])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the cell text, edit value, check state, tooltip or the ``Integration``."""
        link = self.integration_at(index)
        if link is None:
            return None
        key = COLUMN_KEYS[index.column()]
        if role == INTEGRATION_ROLE:
            return link
        if key in _CHECK_COLUMNS:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if getattr(link, key) else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.ToolTipRole:
                return _tr(_TIPS[key])
            return None
        value: str = getattr(link, key)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            if key in _SYSTEM_COLUMNS:
                system = self._document.plan.system_by_id.get(value)
                return f"{value}  {system.name}" if system is not None else value
            return value or None
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Return the item flags: check boxes for the flags, editable text and systems, read-only id."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        key = COLUMN_KEYS[index.column()]
        if key in _CHECK_COLUMNS:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        elif key != "id":
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """Push the edit for a new value; return False (and change nothing) when it is not acceptable."""
        link = self.integration_at(index)
        if link is None:
            return False
        key = COLUMN_KEYS[index.column()]
        if key in _CHECK_COLUMNS and role == Qt.ItemDataRole.CheckStateRole:
            new: Any = Qt.CheckState(value) == Qt.CheckState.Checked
            label = _LABELS[(key, new)]
        elif key in ("name", "kind", "source", "target") and role == Qt.ItemDataRole.EditRole:
            new = str(value).strip()
            label = _LABELS[key]
            if not self._acceptable(link, key, new):
                return False
        else:
            return False
        if getattr(link, key) == new:
            return True
        edit = set_item_fields(self._document.plan, "integrations", link.id, _tr(label).format(id=link.id),
                               **{key: new})
        try:
            self._document.push(edit)
        except EditError:
            return False
        return True

    def _acceptable(self, link: Integration, key: str, value: str) -> bool:
        if key == "kind":
            return bool(value)
        if key in _SYSTEM_COLUMNS:
            other = link.target if key == "source" else link.source
            return value in self._document.plan.system_by_id and value != other
        return True

    # --- helpers --------------------------------------------------------------------------------------

    def integration_at(self, index: AnyIndex) -> Integration | None:
        """Return the integration in ``index``'s row, or ``None`` for an invalid index."""
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        plan = self._document.plan
        if plan is not self._indexed_plan:  # plans are immutable: index each one once
            self._indexed_plan = plan
            self._by_id = {}
            for link in plan.integrations:
                self._by_id.setdefault(link.id, link)
        return self._by_id.get(self._ids[index.row()])

    def row_of(self, link_id: str) -> int:
        """Return the row of integration ``link_id``, or -1 when it is not listed."""
        return self._ids.index(link_id) if link_id in self._ids else -1

    def column_of(self, key: str) -> int:
        """Return the column number of the column called ``key``."""
        return COLUMN_KEYS.index(key)

    def _on_document_plan_changed(self, changes: ChangeSet) -> None:
        if not (changes.touches("integrations") or changes.touches("systems")):
            return
        wanted = self._wanted_ids()
        if wanted != self._ids:
            self.beginResetModel()
            self._ids = wanted
            self.endResetModel()
        elif self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))
