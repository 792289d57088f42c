"""The main window's link to a team database: open, publish and save with optimistic locking.

``TeamLink`` holds which database the document came from and what it loaded (the ``TeamPlan`` a save
compares against). Database work runs on a worker behind a progress dialog, so a slow server never
freezes the window. A save that meets someone else's changes merges them; records both changed open the
``ConflictDialog``, and nothing is written until the user chooses (Cancel keeps the work in memory).

Passwords live in memory for the session, or in the system keyring when the user asks; never in settings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from app.engine.merge import Choice, Key
from app.errors import CcplanError
from app.ui.settings import RECENT_TEAM_DATABASES
from app.ui.workers import run_with_progress

if TYPE_CHECKING:  # SQLAlchemy and the dialogs load on first use of a team database, not at start-up
    from app.storage.team import TeamPlan
    from app.ui.document import Document
    from app.ui.settings import Settings
    from app.ui.team_dialogs import ConflictDialog, TeamDatabaseDialog

T = TypeVar("T")
PASSWORD_ATTEMPTS = 3


class Abandoned(Exception):  # noqa: N818 - not an error: the user chose to stop
    """The user cancelled a database operation (nothing happened)."""


def team_display_name(url: str) -> str:
    """The title-bar name of a team plan: "plans on db.example (team database)"."""
    from app.storage.team import parse_url

    parsed = parse_url(url)
    place = parsed.host or (parsed.database or "").rsplit("/", 1)[-1]
    database = parsed.database if parsed.host else ""
    return f"{database} on {place} (team database)" if database else f"{place} (team database)"


class TeamLink(QObject):
    """Binds a ``Document`` to a team database.

    Args:
        document: the open document.
        settings: where recent team database URLs (never passwords) are remembered.
        parent: the main window (dialogs are shown over it).

    Signals:
        bound_changed(object): the document's team database URL, or ``None`` after leaving it.
        message(str): a short note for the status bar.
    """

    bound_changed = Signal(object)
    message = Signal(str)

    def __init__(self, document: Document, settings: Settings, parent: QWidget) -> None:
        super().__init__(parent)
        self._document = document
        self._settings = settings
        self._window = parent
        self._base: TeamPlan | None = None
        self._password: str | None = None
        self._loading = False
        document.path_changed.connect(self._on_path_changed)
        # Seams for tests and for the main window; both default to the real dialogs.
        self.resolve_conflict: Callable[[ConflictDialog], bool] = _exec_accepted
        self.ask_database: Callable[[TeamDatabaseDialog], bool] = _exec_accepted
        self.ask_password: Callable[[str], str | None] = self._ask_password

    # --- state ------------------------------------------------------------------------------------

    @property
    def url(self) -> str | None:
        """The team database the document is bound to (without password), or None."""
        return None if self._base is None else self._base.url

    @property
    def base(self) -> TeamPlan | None:
        """What was last loaded from or saved to the database."""
        return self._base

    def recent(self) -> list[str]:
        """Team database URLs used before, newest first (never with a password)."""
        recent: list[str] = self._settings.value(RECENT_TEAM_DATABASES)
        return list(recent)

    # --- actions --------------------------------------------------------------------------------------

    def open(self, url: str | None = None, password: str | None = None) -> bool:
        """Open the plan in a team database (asking where when ``url`` is None); True when opened."""
        from app.storage.team import open_team

        opened = self._reach(url, password, False, open_team, self.tr("Opening the team database…"),
                             self.tr("Cannot open the team database"))
        if opened is None:
            return False
        self._bind(opened, replace_plan=True)
        self.message.emit(self.tr("Opened {url}, revision {revision} saved by {who}").format(
            url=opened.url, revision=opened.revision, who=opened.saved_by or self.tr("nobody yet")))
        return True

    def publish(self, url: str | None = None, password: str | None = None) -> bool:
        """Put the current plan into an empty team database and bind the document to it."""
        from app.storage.team import publish

        plan = self._document.plan
        saved = self._reach(url, password, True, lambda where, pw: publish(where, plan, pw),
                            self.tr("Publishing to the team database…"),
                            self.tr("Cannot publish to the team database"))
        if saved is None:
            return False
        self._bind(saved, replace_plan=False)
        self.message.emit(self.tr("Published to {url}").format(url=saved.url))
        return True

    def _reach(self, url: str | None, password: str | None, publishing: bool,
               action: Callable[[str, str | None], TeamPlan], label: str, failure: str) -> TeamPlan | None:
        """Run ``action(url, password)`` on a database, asking where first when ``url`` is None.

        Returns ``None`` when the user gave up or it failed (the failure is shown under ``failure``).
        """
        remember = False
        if url is None:
            asked = self._ask_where(publish=publishing)
            if asked is None:
                return None
            url, password, remember = asked
        where = url
        try:
            return self._with_password(where, password, remember, lambda pw: action(where, pw), label)
        except Abandoned:
            return None
        except CcplanError as exc:
            self._error(failure, str(exc))
            return None

    def save(self) -> bool:
        """Save to the bound database; on conflicting changes ask which to keep. True when saved."""
        from app.storage.team import TeamConflict, save_team
        from app.ui.team_dialogs import ConflictDialog

        base = self._base
        if base is None:
            raise ValueError("the document is not bound to a team database")
        plan = self._document.plan
        choices: dict[Key, Choice] = {}
        against: int | None = None  # the revision the choices were made against
        while True:
            def job(pw: str | None, chosen: dict[Key, Choice] = dict(choices),  # noqa: B006 - a snapshot
                    revision: int | None = against) -> TeamPlan:
                return save_team(base.url, plan, base, pw, choices=chosen, choices_revision=revision)

            try:
                saved = self._with_password(base.url, self._password, False, job,
                                            self.tr("Saving to the team database…"))
            except Abandoned:
                return False
            except TeamConflict as conflict:
                dialog = ConflictDialog(conflict, self._window)
                accepted = self.resolve_conflict(dialog)
                picked = dialog.choices()
                dialog.deleteLater()
                if not accepted:
                    self.message.emit(self.tr("Not saved: your changes are kept here, unsaved"))
                    return False
                choices, against = picked, conflict.theirs.revision  # asked afresh if they save again
                continue
            except CcplanError as exc:  # includes a conflict-free failure: the work stays in memory
                self._error(self.tr("Cannot save to the team database"),
                            self.tr("{error}\n\nYour work is kept here, unsaved.").format(error=exc))
                return False
            break
        merged = saved.plan != self._document.plan
        self._bind(saved, replace_plan=merged)
        if merged:
            self.message.emit(self.tr("Saved revision {revision}, with others' changes merged in").format(
                revision=saved.revision))
        else:
            self.message.emit(self.tr("Saved revision {revision}").format(revision=saved.revision))
        return True

    def leave(self) -> None:
        """Forget the database (the document becomes an unsaved plan of its own)."""
        if self._base is not None:
            self._base = None
            self._password = None
            self.bound_changed.emit(None)

    # --- internals ----------------------------------------------------------------------------------

    def _bind(self, state: TeamPlan, *, replace_plan: bool) -> None:
        self._base = state
        self._loading = True
        try:
            if replace_plan:
                self._document.load(state.plan, None, team_display_name(state.url))
            else:
                self._document.rename(team_display_name(state.url))
            self._document.undo_stack.setClean()
        finally:
            self._loading = False
        recent = [state.url, *(u for u in self.recent() if u != state.url)][:10]
        self._settings.set_value(RECENT_TEAM_DATABASES, recent)
        self.bound_changed.emit(state.url)

    def _on_path_changed(self, _path: object) -> None:
        if not self._loading:
            self.leave()

    def _ask_where(self, *, publish: bool) -> tuple[str, str | None, bool] | None:
        from app.storage import credentials
        from app.ui.team_dialogs import TeamDatabaseDialog

        dialog = TeamDatabaseDialog(self.recent(), credentials.keyring_available(), publish, self._window)
        try:
            if not self.ask_database(dialog):
                return None
            return dialog.url(), dialog.password(), dialog.remember.isChecked()
        finally:
            dialog.deleteLater()

    def _with_password(self, url: str, password: str | None, remember: bool,
                       action: Callable[[str | None], T], label: str) -> T:
        """Run ``action`` on a worker with the best password, asking again when the server refuses it."""
        from app.storage import credentials
        from app.storage.team import PasswordRequired

        from_keyring = False
        if password is None:
            password, from_keyring = credentials.find_password(url)
        for attempt in range(PASSWORD_ATTEMPTS + 1):
            try:
                def call(pw: str | None = password) -> T:
                    return action(pw)

                result = self._run(label, call)
            except PasswordRequired:
                if attempt == PASSWORD_ATTEMPTS:
                    raise
                if from_keyring:  # only a stored password the server refused is forgotten
                    credentials.forget_password(url)
                    from_keyring = False
                password = self.ask_password(url)
                if password is None:
                    raise Abandoned() from None
                continue
            self._password = password
            if remember and password:
                credentials.remember_password(url, password)
            return result
        raise Abandoned()  # pragma: no cover - the loop returns or raises

    def _run(self, label: str, fn: Callable[[], T]) -> T:
        # No Cancel: the transaction would commit anyway, and "not saved" would then be untrue.
        finished, result = run_with_progress(self._window, label, lambda _progress, _cancelled: fn(),
                                             cancellable=False)
        if not finished:
            raise Abandoned()
        return result  # type: ignore[no-any-return]

    def _ask_password(self, url: str) -> str | None:
        text, ok = QInputDialog.getText(
            self._window, self.tr("Password"),
            self.tr("The server refused the password for {url}.\nPassword:").format(url=url),
            QLineEdit.EchoMode.Password)
        return text if ok else None

    def _error(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self._window)
        box.setAccessibleName(title)
        box.exec()


def _exec_accepted(dialog: Any) -> bool:
    return bool(dialog.exec() == QDialog.DialogCode.Accepted)
