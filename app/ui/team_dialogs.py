"""Dialogs for team databases: where the database is (and its password), and a conflicting save.

``TeamDatabaseDialog`` asks for a SQLAlchemy URL and the password; the password is never kept in the URL
or the settings, and only stored in the system keyring when the user ticks the box (and a keyring exists).
``ConflictDialog`` shows, for every record both people changed, the value before, yours and theirs field
by field, and lets the user keep one side per record (or all of one side); Cancel saves nothing.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.engine.merge import Choice, Key
from app.errors import InputError
from app.storage.team import TeamConflict, display_url, parse_url


class TeamDatabaseDialog(QDialog):
    """Ask for a team database URL and its password.

    Args:
        recent: team database URLs used before (without passwords), newest first.
        keyring: whether a system keyring can remember the password.
        publish: True when the current plan is to be put into an empty database (changes the wording).
    """

    def __init__(self, recent: list[str], keyring: bool, publish: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Publish to Team Database") if publish else self.tr("Open Team Database"))
        self.setAccessibleName(self.windowTitle())
        intro = QLabel(self.tr(
            "Put this plan into an empty database so the team can open it." if publish else
            "Open the plan the team shares in a database."), self)
        intro.setWordWrap(True)
        self.url_edit = QComboBox(self)
        self.url_edit.setEditable(True)
        self.url_edit.addItems(recent)
        self.url_edit.setCurrentText(recent[0] if recent else "")
        line = self.url_edit.lineEdit()
        if line is not None:  # always, for an editable combo box
            line.setPlaceholderText("postgresql+psycopg://user@host:5432/plans")
        self.url_edit.setAccessibleName(self.tr("Database URL"))
        self.url_edit.setAccessibleDescription(self.tr(
            "A SQLAlchemy URL, for example postgresql+psycopg://user@host:5432/plans"))
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Password"))
        self.password_edit.setPlaceholderText(self.tr("leave empty if none is needed"))
        self.remember = QCheckBox(self.tr("&Remember the password in the system keyring"), self)
        self.remember.setAccessibleName(self.tr("Remember the password in the system keyring"))
        if not keyring:
            self.remember.setEnabled(False)
            self.remember.setText(self.tr("No system keyring here: ccplan will ask each time"))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("Problem"))
        form = QFormLayout()
        url_label = QLabel(self.tr("Database &URL:"), self)
        url_label.setBuddy(self.url_edit)
        password_label = QLabel(self.tr("&Password:"), self)
        password_label.setBuddy(self.password_edit)
        form.addRow(url_label, self.url_edit)
        form.addRow(password_label, self.password_edit)
        standard = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(standard.Ok | standard.Cancel, self)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("&Publish") if publish else self.tr("&Open"))
        ok.setAccessibleName(ok.text().replace("&", ""))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setTabOrder(self.url_edit, self.password_edit)
        self.setTabOrder(self.password_edit, self.remember)
        self.resize(560, self.sizeHint().height())

    def accept(self) -> None:
        """Check the URL before closing; a password typed into the URL moves to the password field."""
        text = self.url_edit.currentText().strip()
        try:
            parsed = parse_url(text)
        except InputError as exc:
            self.error.setText(exc.message)
            self.url_edit.setFocus()
            return
        if parsed.password is not None and not self.password_edit.text():
            self.password_edit.setText(str(parsed.password))
        self.url_edit.setCurrentText(display_url(parsed))
        super().accept()

    def url(self) -> str:
        """The URL, without any password."""
        return display_url(self.url_edit.currentText().strip())

    def password(self) -> str | None:
        """The password typed, or None when left empty."""
        return self.password_edit.text() or None


class ConflictDialog(QDialog):
    """Show what both people changed and let the user choose, per record, whose version to keep."""

    MINE, THEIRS = 0, 1

    def __init__(self, conflict: TeamConflict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Conflicting Changes"))
        self.setAccessibleName(self.windowTitle())
        self._conflict = conflict
        theirs = conflict.theirs
        intro = QLabel(self.tr(
            "{who} saved this plan at {when} (revision {revision}) after you opened it. You both changed "
            "the records below: choose whose version to keep for each. Nothing is saved until you press "
            "Save; Cancel keeps your work here, unsaved.").format(
                who=theirs.saved_by or self.tr("Someone"), when=_when(theirs.saved_at),
                revision=theirs.revision), self)
        intro.setWordWrap(True)
        intro.setAccessibleName(self.tr("What happened"))
        kept = QLabel(self.tr(
            "{n} other change(s) of theirs, to records you did not touch, are kept.").format(
                n=len(conflict.taken)), self)
        kept.setAccessibleName(self.tr("Their other changes"))
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels([self.tr("Record / field"), self.tr("Keep"), self.tr("Before"),
                                   self.tr("Yours"), self.tr("Theirs")])
        self.tree.setAccessibleName(self.tr("Conflicting records"))
        self.tree.setAlternatingRowColors(True)
        self._choosers: dict[Key, QComboBox] = {}
        for item in conflict.conflicts:
            top = QTreeWidgetItem(self.tree, [
                item.label, "", "", self.tr("you {action} it").format(action=self.tr(item.my_action)),
                self.tr("they {action} it").format(action=self.tr(item.their_action))])
            for change in item.fields:
                child = QTreeWidgetItem(top, [change.name, "", change.base, change.mine, change.theirs])
                for column in range(2, 5):
                    child.setToolTip(column, child.text(column))
            chooser = QComboBox(self.tree)
            chooser.addItems([self.tr("Yours"), self.tr("Theirs")])
            chooser.setAccessibleName(self.tr("Keep for {record}").format(record=item.label))
            self.tree.setItemWidget(top, 1, chooser)
            self._choosers[item.key] = chooser
            top.setExpanded(True)
        for column in range(5):
            self.tree.resizeColumnToContents(column)
            if column >= 2:  # long notes are cut short here; the tooltip shows them whole
                self.tree.setColumnWidth(column, min(self.tree.columnWidth(column), 260))
        self.mine_button = QPushButton(self.tr("Keep All &Mine"), self)
        self.theirs_button = QPushButton(self.tr("Take All &Theirs"), self)
        for button in (self.mine_button, self.theirs_button):
            button.setAccessibleName(button.text().replace("&", ""))
            button.setAutoDefault(False)
        self.mine_button.clicked.connect(lambda: self._choose_all(self.MINE))
        self.theirs_button.clicked.connect(lambda: self._choose_all(self.THEIRS))
        standard = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(standard.Save | standard.Cancel, self)
        buttons.addButton(self.mine_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.theirs_button, QDialogButtonBox.ButtonRole.ActionRole)
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(self.tr("&Save With These Choices"))
        save.setAccessibleName(self.tr("Save with these choices"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(kept)
        layout.addWidget(buttons)
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(900, 480)

    def _choose_all(self, index: int) -> None:
        for chooser in self._choosers.values():
            chooser.setCurrentIndex(index)

    def choose(self, key: Key, choice: Choice) -> None:
        """Set the choice for one record (as the user would with its Keep box)."""
        self._choosers[key].setCurrentIndex(self.MINE if choice == "mine" else self.THEIRS)

    def choices(self) -> dict[Key, Choice]:
        """The choice made for every conflicting record."""
        return {key: "mine" if box.currentIndex() == self.MINE else "theirs"
                for key, box in self._choosers.items()}


def _when(stamp: str) -> str:
    """An ISO time stamp as "22 Nov 2026 18:31 UTC" (the text itself when it is not one)."""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp or "an unknown time"
    zone = " UTC" if moment.utcoffset() == dt.timedelta(0) else ""
    return moment.strftime("%d %b %Y %H:%M").lstrip("0") + zone
