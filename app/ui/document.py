"""The open project: its plan, where it is saved, its undo history and its validation results.

``Document`` is the only QObject that holds plan state. Every change goes through ``push(edit)`` (undoable)
or ``apply(edit)`` (used by the undo stack itself); each swaps in the new immutable ``Plan``, re-validates
and emits ``plan_changed`` once with the edit's ``ChangeSet``. While a ``.ccplan`` file is bound to the
document, the document holds its lock (``app.storage.lockfile``) so a second ccplan is warned.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from app.engine.cost import CostReport, compute_costs
from app.engine.edits import EVERYTHING, Applied, Edit
from app.engine.gaps import GapReport
from app.engine.model import Plan, new_plan
from app.engine.review import review
from app.engine.schedule import Schedule
from app.engine.tracking import StatusReport, Variance, track
from app.engine.validation import ValidationReport
from app.storage import lockfile
from app.ui.commands import EditCommand

if TYPE_CHECKING:
    from app.storage import project_file


class Document(QObject):
    """One open project.

    Args:
        plan: the plan to start with; an empty untitled plan when omitted.
        parent: the owning QObject.

    Signals:
        plan_changed(ChangeSet): the plan was replaced; views refresh what the change set names.
        path_changed(object): the file the document saves to (a ``Path`` or ``None``) or its name changed.
        modified_changed(bool): the document gained or lost unsaved changes.
    """

    plan_changed = Signal(object)
    path_changed = Signal(object)
    modified_changed = Signal(bool)

    def __init__(self, plan: Plan | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._plan = plan if plan is not None else new_plan("Untitled project", date.today())
        self._path: Path | None = None
        self._name = ""
        self._review = review(self._plan)
        self._costs: CostReport | None = None
        self._costs_for: Plan | None = None
        self._tracking: tuple[StatusReport | None, Variance | None] = (None, None)
        self._tracking_for: Plan | None = None
        self._lock: lockfile.ProjectLock | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_undo_stack_clean_changed)

    # --- state ----------------------------------------------------------------------------------------

    @property
    def plan(self) -> Plan:
        """The current plan."""
        return self._plan

    @property
    def path(self) -> Path | None:
        """The file Save writes to; ``None`` for a new or imported document (Save asks where)."""
        return self._path

    @property
    def display_name(self) -> str:
        """The name shown in the title bar: the file name, an imported file's stem, or "Untitled"."""
        if self._path is not None:
            return self._path.name
        return self._name or self.tr("Untitled")

    @property
    def validation(self) -> ValidationReport:
        """The validation report of the current plan (what ``ccplan validate`` prints)."""
        return self._review.report

    @property
    def schedule(self) -> Schedule | None:
        """The current plan's schedule; ``None`` while it cannot be scheduled (e.g. a dependency cycle)."""
        return self._review.schedule

    @property
    def costs(self) -> CostReport | None:
        """The current plan's cost report, computed on first use after each change.

        ``None`` while the plan cannot be scheduled (costs follow task dates).
        """
        if self._costs_for is not self._plan:
            schedule = self._review.schedule
            self._costs = None if schedule is None else compute_costs(
                self._plan, schedule, self._review.calendar)
            self._costs_for = self._plan
        return self._costs

    @property
    def status(self) -> StatusReport | None:
        """RAG status per phase and for the programme against the chosen baseline (computed on first use).

        ``None`` while the plan cannot be scheduled.
        """
        return self._tracked()[0]

    @property
    def variance(self) -> Variance | None:
        """The forecast against the chosen baseline (computed on first use); ``None`` without a baseline or
        while the plan cannot be scheduled."""
        return self._tracked()[1]

    def _tracked(self) -> tuple[StatusReport | None, Variance | None]:
        if self._tracking_for is not self._plan:
            schedule, calendar = self._review.schedule, self._review.calendar
            if schedule is None or calendar is None:
                self._tracking = (None, None)
            else:
                self._tracking = track(self._plan, schedule, calendar, self.costs, self._review.gaps)
            self._tracking_for = self._plan
        return self._tracking

    @property
    def gaps(self) -> GapReport:
        """The current plan's gap analysis."""
        return self._review.gaps

    @property
    def modified(self) -> bool:
        """True when the plan differs from the last saved or loaded state."""
        return not self.undo_stack.isClean()

    # --- changing the plan ----------------------------------------------------------------------------

    def push(self, edit: Edit, merge_key: str | None = None) -> None:
        """Apply ``edit`` as an undoable step.

        Args:
            edit: the change.
            merge_key: merge with the previous step when it carries the same key.

        Raises:
            EditError: the edit does not fit the plan; nothing changes and nothing is pushed.
        """
        applied = edit.apply(self._plan)
        self.undo_stack.push(EditCommand(self, edit, applied, merge_key))

    def apply(self, edit: Edit) -> Edit:
        """Apply ``edit`` without recording it (the undo stack calls this) and return its inverse.

        Raises:
            EditError: the edit does not fit the plan.
        """
        return self.install(edit.apply(self._plan))

    def install(self, applied: Applied) -> Edit:
        """Swap in an already applied edit's plan, re-validate, notify once, and return the inverse."""
        self._plan = applied.plan
        self._review = review(self._plan, self._review)  # reuses the task network and the calendar
        self.plan_changed.emit(applied.changes)
        return applied.inverse

    # --- files ----------------------------------------------------------------------------------------

    def load(self, plan: Plan, path: Path | None = None, name: str = "", *, modified: bool = False) -> None:
        """Replace the whole plan (New or Open): the undo history starts afresh and the document is clean.

        Args:
            plan: the plan read or created.
            path: the file Save writes to, or ``None`` so Save asks (new and imported documents).
            name: the name to show when ``path`` is ``None``.
            modified: start with unsaved changes (a recovered autosave), so closing asks to save it.
        """
        if path != self._path:
            self._hold_lock(None)
        self._plan = plan
        self._path = path
        self._name = name
        self._review = review(plan)
        self.undo_stack.clear()  # emits cleanChanged(True), hence modified_changed(False), when it was dirty
        if modified:
            self.undo_stack.resetClean()  # no step leads back to a clean state: only Save clears it
        self.plan_changed.emit(EVERYTHING)
        self.path_changed.emit(path)

    def open(self, path: Path, *, as_copy: bool = False,
             take_over: bool = False) -> project_file.OpenedProject | None:
        """Read and load ``path``: a ``.ccplan`` binds Save to it, a ``.json`` becomes a named new document.

        Args:
            path: the file.
            as_copy: load a project file as a new unsaved document named "<stem> (copy)", unlocked, so Save
                asks for a new file (the choice when another ccplan has the file open).
            take_over: take the file's lock even from another running ccplan ("Open anyway").

        Returns:
            For a project file, what storage reports about it (schema upgrade and backup path); ``None``
            for interchange JSON.

        Raises:
            ProjectLockedError: another running ccplan has the project open; nothing changes.
            InputError: the file cannot be read; the current plan is left untouched.
        """
        from app.storage import project_file  # SQLAlchemy: imported on first use, not at start-up

        if path.suffix.lower() == ".json":
            self.load(project_file.load_plan(path), None, path.stem)
            return None
        lock = None if as_copy else lockfile.acquire(path, take_over=take_over)
        try:
            opened = project_file.open_project(path)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        if as_copy:
            self.load(opened.plan, None, self.tr("{name} (copy)").format(name=path.stem))
        else:
            self.load(opened.plan, path)
            self._hold_lock(lock)
        return opened

    def save(self, path: Path | None = None) -> None:
        """Write the plan to ``path`` (or the current file) and mark the document clean.

        The undo history is kept: ``setClean()``, never ``clear()``.

        Raises:
            ValueError: no path given and the document has none.
            ProjectLockedError: ``path`` is a new file that another running ccplan has open; not written.
            InputError: storage could not write the file.
        """
        from app.storage import project_file

        target = path if path is not None else self._path
        if target is None:
            raise ValueError("the document has no file yet: give a path")
        if target == self._path:
            project_file.save_plan(self._plan, target)
        else:
            # A new file: lock it first, so a file another ccplan has open is never written over.
            lock = None if target.suffix.lower() == ".json" else lockfile.acquire(target)
            try:
                project_file.save_plan(self._plan, target)
            except BaseException:
                if lock is not None:
                    lock.release()
                raise
            self._hold_lock(lock)
            self._path = target
            self.path_changed.emit(target)
        self.undo_stack.setClean()

    def rename(self, name: str) -> None:
        """Show the document as ``name`` and save nowhere by path (a plan published to a team database)."""
        self._hold_lock(None)
        self._path = None
        self._name = name
        self.path_changed.emit(None)

    def release_lock(self) -> None:
        """Give up the lock on the bound file (the window is closing)."""
        self._hold_lock(None)

    def _hold_lock(self, lock: lockfile.ProjectLock | None) -> None:
        if self._lock is not None and self._lock is not lock:
            self._lock.release()
        self._lock = lock

    def _on_undo_stack_clean_changed(self, clean: bool) -> None:
        self.modified_changed.emit(not clean)
