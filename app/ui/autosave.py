"""Keeping work safe: autosave of the open document, recovery after a crash, and the "file in use" question.

``AutosaveController`` writes the document's plan to the user data folder (``app.storage.recovery``) every
``interval`` seconds while it has unsaved changes, and deletes that autosave as soon as the document is clean
again (saved, undone to the saved state, replaced) or the window closes. ``ask_recovery`` is the start-up
question about an autosave a crashed session left: Recover, Discard or Later. ``ask_lock_choice`` asks what
to do with a project another ccplan has open (``app.storage.lockfile``): Open a Copy, Open Anyway or Cancel.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from app.engine.model import Plan
from app.errors import CcplanError
from app.storage import recovery
from app.storage.lockfile import LockOwner
from app.ui.document import Document


class RecoveryChoice(enum.Enum):
    """What the user does with an autosave left by a crashed session."""

    RECOVER = "recover"  # open it as an unsaved document
    DISCARD = "discard"  # delete it
    LATER = "later"  # keep it and ask again at the next start


class LockChoice(enum.Enum):
    """What to do when the project file is open in another ccplan."""

    OPEN_COPY = "copy"  # open it as a new unsaved document; Save asks for a new file
    OPEN_ANYWAY = "anyway"  # take over the lock; whoever saves last wins
    CANCEL = "cancel"


class AutosaveController(QObject):
    """Autosaves one document periodically while it is modified.

    Args:
        document: the document to protect.
        interval: seconds between autosaves; 0 turns autosave off.
        folder: where autosaves go; ``recovery.autosave_folder()`` when omitted.
        parent: the owning QObject.

    Signals:
        autosave_failed(str): an autosave could not be written (the reason); the document is untouched.
    """

    autosave_failed = Signal(str)

    def __init__(self, document: Document, interval: int, folder: Path | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.folder = folder if folder is not None else recovery.autosave_folder()
        self.key = recovery.new_key()
        self._written: Plan | None = None  # the plan the autosave on disk holds, if any
        self.timer = QTimer(self)
        self.timer.setObjectName("AutosaveTimer")
        self.set_interval(interval)
        self.timer.timeout.connect(self._on_timer_timeout)
        document.modified_changed.connect(self._on_document_modified_changed)

    @property
    def plan_path(self) -> Path:
        """Where this document's autosave is written."""
        return self.folder / f"{self.key}.json"

    def set_interval(self, seconds: int) -> None:
        """Autosave every ``seconds`` while modified (0: never)."""
        self.timer.setInterval(max(0, seconds) * 1000)
        if seconds <= 0:
            self.timer.stop()
        elif self.document.modified:
            self.timer.start()

    def autosave_now(self) -> bool:
        """Write the autosave if the plan changed since the last one; return False when writing failed."""
        plan = self.document.plan
        if plan is self._written:
            return True
        original = self.document.path
        try:
            recovery.write_autosave(plan, self.key, name=self.document.display_name, original=original,
                                    folder=self.folder)
        except (OSError, CcplanError, UnicodeError) as exc:  # a full disk; NaN (InputError), a lone surrogate
            self.autosave_failed.emit(exc.strerror or str(exc) if isinstance(exc, OSError) else str(exc))
            return False
        self._written = plan
        return True

    def discard(self) -> None:
        """Delete this document's autosave (it was saved, reverted or closed)."""
        recovery.discard_key(self.key, self.folder)
        self._written = None

    def shutdown(self) -> None:
        """Stop autosaving and delete the autosave: the window is closing after its changes were settled."""
        self.timer.stop()
        self.discard()

    # --- recovery ---------------------------------------------------------------------------------------

    def recoverable(self) -> list[recovery.Autosave]:
        """Autosaves left by ccplan sessions that are no longer running, newest first."""
        return recovery.list_recoverable(self.folder)

    def recover(self, autosave: recovery.Autosave) -> None:
        """Load ``autosave`` as a modified, untitled document, adopt it as this document's autosave.

        Raises:
            InputError: the autosave cannot be read; nothing changes and it is kept.
        """
        plan = recovery.load_autosave(autosave)
        stem = autosave.original.stem if autosave.original is not None else autosave.name
        self.document.load(plan, None, self.tr("{name} (recovered)").format(name=stem), modified=True)
        if self.autosave_now():  # our own copy first, then the crashed session's may go
            recovery.discard(autosave)

    @staticmethod
    def discard_recoverable(autosave: recovery.Autosave) -> None:
        """Delete an autosave the user chose not to recover."""
        recovery.discard(autosave)

    # --- reacting to the document -----------------------------------------------------------------------

    def _on_document_modified_changed(self, modified: bool) -> None:
        if not modified:
            self.timer.stop()
            self.discard()
        elif self.timer.interval() > 0:
            self.timer.start()

    def _on_timer_timeout(self) -> None:
        if self.document.modified:
            self.autosave_now()


def ask_recovery(parent: QWidget, autosave: recovery.Autosave) -> RecoveryChoice:
    """Ask what to do with an autosave a crashed session left; Escape means Later."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(parent.tr("Recover unsaved work"))
    box.setAccessibleName(parent.tr("Recover unsaved work"))
    source = str(autosave.original) if autosave.original is not None else parent.tr("a plan not yet saved")
    box.setText(parent.tr(
        "ccplan closed without saving changes to “{name}” ({source}). An autosave from {when} is available."
    ).format(name=autosave.name, source=source, when=autosave.saved_at.strftime("%d %b %Y %H:%M")))
    box.setInformativeText(parent.tr(
        "Recover opens it as an unsaved document, so you can check it and save it. Discard deletes the "
        "autosave. Later keeps it and asks again next time ccplan starts."))
    return _choose(box, (
        (RecoveryChoice.RECOVER, parent.tr("&Recover"), parent.tr("Recover the autosave"),
         QMessageBox.ButtonRole.AcceptRole),
        (RecoveryChoice.DISCARD, parent.tr("&Discard"), parent.tr("Discard the autosave"),
         QMessageBox.ButtonRole.DestructiveRole),
        (RecoveryChoice.LATER, parent.tr("&Later"), parent.tr("Decide later"),
         QMessageBox.ButtonRole.RejectRole)))


def locked_text(parent: QWidget, path: Path, owner: LockOwner) -> str:
    """One sentence naming the file and who has it open: user@host, process id and since when."""
    started = owner.started_at
    return parent.tr("“{name}” is open in another ccplan ({user}@{host}, pid {pid}, since {since}).").format(
        name=path.name, user=owner.user, host=owner.host, pid=owner.pid,
        since=started.strftime("%d %b %Y %H:%M") if started is not None else owner.started)


def ask_lock_choice(parent: QWidget, path: Path, owner: LockOwner) -> LockChoice:
    """Ask what to do with a project another ccplan has open; Escape cancels."""
    box = QMessageBox(QMessageBox.Icon.Warning, parent.tr("Project in use"), locked_text(parent, path, owner),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setAccessibleName(parent.tr("Project in use"))
    box.setInformativeText(parent.tr(
        "Open a Copy opens the plan as a new unsaved document, so Save asks for a new file and the other "
        "ccplan's file is never written. Open Anyway edits the file itself: whoever saves last wins."))
    return _choose(box, (
        (LockChoice.OPEN_COPY, parent.tr("Open a &Copy"), parent.tr("Open a copy"),
         QMessageBox.ButtonRole.AcceptRole),
        (LockChoice.OPEN_ANYWAY, parent.tr("Open &Anyway"), parent.tr("Open anyway"),
         QMessageBox.ButtonRole.DestructiveRole),
        (LockChoice.CANCEL, parent.tr("Cancel"), parent.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)))


Choice = TypeVar("Choice")


def _choose(box: QMessageBox, options: Sequence[tuple[Choice, str, str, QMessageBox.ButtonRole]]) -> Choice:
    """Add one named button per option to ``box``, run it and return the chosen option.

    The first option is the default; the last is what Escape, or closing the box, chooses.
    """
    buttons: list[tuple[QPushButton, Choice]] = []
    for choice, text, name, role in options:
        button = box.addButton(text, role)
        button.setAccessibleName(name)
        buttons.append((button, choice))
    box.setDefaultButton(buttons[0][0])
    box.setEscapeButton(buttons[-1][0])
    box.exec()
    clicked = box.clickedButton()
    return next((choice for button, choice in buttons if button == clicked), buttons[-1][1])
