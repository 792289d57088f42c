"""The main window: menus, toolbar, the Project and Estate tabs, and the file workflow (new, open, save).

The window owns one ``Document`` for its lifetime; New and Open load a different plan into it, so pages and
models stay connected. Dialogs are reached through small methods (``_ask_open_path``, ``_ask_save_path``,
``_ask_unsaved_changes``, ``_ask_locked``, ``_ask_recovery``, ``_show_error``) that tests replace. Autosave,
crash recovery and project locks are described in docs/reliability.md.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QToolBar,
    QWidget,
)

import app
from app.engine.edits import ChangeSet
from app.engine.model import new_plan
from app.errors import CcplanError
from app.storage.lockfile import LockOwner, ProjectLockedError
from app.storage.recovery import Autosave
from app.storage.samples import list_samples
from app.ui import settings as keys
from app.ui.autosave import (
    AutosaveController,
    LockChoice,
    RecoveryChoice,
    ask_lock_choice,
    ask_recovery,
    locked_text,
)
from app.ui.document import Document
from app.ui.file_dialogs import ask_save_path
from app.ui.menus import build_menus
from app.ui.pages.costs_page import CostsPage
from app.ui.pages.estate_page import EstatePage
from app.ui.pages.gaps_page import GapsPage
from app.ui.pages.graph_page import GraphPage
from app.ui.pages.project_page import ProjectPage
from app.ui.pages.risk_page import RiskPage
from app.ui.pages.scenarios_page import ScenariosPage
from app.ui.pages.summary_page import SummaryPage
from app.ui.pages.timeline_page import TimelinePage
from app.ui.pages.tracking_page import TrackingPage
from app.ui.resources import app_icon
from app.ui.selection import SystemSelection, TaskSelection
from app.ui.team import TeamLink
from app.ui.settings import Settings
from app.ui.workers import run_with_progress

DEFAULT_SIZE = (1280, 800)
# An explicit minimum stops the layout resetting it whenever page contents change (which would also make
# platforms without size hints, such as offscreen, warn on every change).
MINIMUM_SIZE = (720, 480)


class MainWindow(QMainWindow):
    """The ccplan main window.

    Args:
        settings: the settings store (window geometry, recent files, preferences).
        parent: the owning widget, normally ``None``.
    """

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.document = Document(parent=self)
        self.setObjectName("MainWindow")
        self.setWindowIcon(app_icon())
        self.setMinimumSize(*MINIMUM_SIZE)
        self.recent_menu: QMenu | None = None
        self.estate_menu: QMenu | None = None
        self.tasks_menu: QMenu | None = None

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Pages"))
        self.tabs.tabBar().setAccessibleName(self.tr("Pages"))
        self.tabs.setDocumentMode(True)
        self.project_page = ProjectPage(self.document, self.tabs)
        self.selection = SystemSelection(self)
        self.task_selection = TaskSelection(self)
        self.estate_page = EstatePage(self.document, self.selection, self.tabs)
        self.graph_page = GraphPage(self.document, self.selection, self.tabs)
        self.gaps_page = GapsPage(self.document, self.selection, self.tabs)
        self.timeline_page = TimelinePage(self.document, self.task_selection, self.tabs)
        self.costs_page = CostsPage(self.document, self.tabs)
        self.risk_page = RiskPage(self.document, self.task_selection, self.tabs)
        self.summary_page = SummaryPage(self.document, self.tabs)
        self.tracking_page = TrackingPage(self.document, self.tabs)
        self.scenarios_page = ScenariosPage(self.document, self.tabs)
        self.risk_page.simulation_finished.connect(self.summary_page.set_risk_result)
        self.tabs.addTab(self.project_page, self.tr("&Project"))
        self.tabs.addTab(self.estate_page, self.tr("E&state"))
        self.tabs.addTab(self.graph_page, self.tr("&Graph"))
        self.tabs.addTab(self.gaps_page, self.tr("G&aps"))
        self.tabs.addTab(self.timeline_page, self.tr("Ti&meline"))
        self.tabs.addTab(self.costs_page, self.tr("&Costs"))
        self.tabs.addTab(self.risk_page, self.tr("&Risk"))
        self.tabs.addTab(self.summary_page, self.tr("S&ummary"))
        self.tabs.addTab(self.tracking_page, self.tr("Track&ing"))
        self.tabs.addTab(self.scenarios_page, self.tr("Sce&narios"))
        self.setCentralWidget(self.tabs)

        self.validation_label = QLabel(self)
        self.validation_label.setAccessibleName(self.tr("Validation status"))
        self.statusBar().addPermanentWidget(self.validation_label)

        self.menu_actions = build_menus(self)
        self._add_toolbar()

        self.document.path_changed.connect(self._on_document_path_changed)
        self.document.modified_changed.connect(self._on_document_modified_changed)
        self.document.plan_changed.connect(self._on_document_plan_changed)
        self.autosave = AutosaveController(
            self.document, self.settings.value(keys.AUTOSAVE_INTERVAL), parent=self)
        self.autosave.autosave_failed.connect(self._on_autosave_failed)
        self.team = TeamLink(self.document, self.settings, self)
        self.team.message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.team.bound_changed.connect(lambda _url: self._update_title())
        self._update_title()
        self._update_validation_label()
        self._restore_window_state()

    # --- window state ---------------------------------------------------------------------------------

    def _add_toolbar(self) -> None:
        toolbar = QToolBar(self.tr("Main toolbar"), self)
        toolbar.setObjectName("MainToolbar")
        toolbar.setAccessibleName(self.tr("Main toolbar"))
        toolbar.setMovable(False)
        names = {"new": self.tr("New project"), "open": self.tr("Open project"),
                 "save": self.tr("Save project"), "undo": self.tr("Undo"), "redo": self.tr("Redo")}
        for name in ("new", "open", "save", None, "undo", "redo"):
            if name is None:
                toolbar.addSeparator()
                continue
            toolbar.addAction(self.menu_actions[name])
            button = toolbar.widgetForAction(self.menu_actions[name])
            if button is not None:
                # A fixed name: the undo and redo texts change with every edit; their tooltips say what.
                button.setAccessibleName(names[name])
        self.addToolBar(toolbar)

    def _restore_window_state(self) -> None:
        geometry = self.settings.value(keys.WINDOW_GEOMETRY)
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(*DEFAULT_SIZE)
        state = self.settings.value(keys.WINDOW_STATE)
        if not state.isEmpty():
            self.restoreState(state)
        tab = self.settings.value(keys.WINDOW_TAB)
        if 0 <= tab < self.tabs.count():
            self.tabs.setCurrentIndex(tab)

    def _save_window_state(self) -> None:
        self.settings.set_value(keys.WINDOW_GEOMETRY, self.saveGeometry())
        self.settings.set_value(keys.WINDOW_STATE, self.saveState())
        self.settings.set_value(keys.WINDOW_TAB, self.tabs.currentIndex())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Ask about unsaved changes, then remember the window's geometry and state."""
        if not self._confirm_discard():
            event.ignore()
            return
        self._save_window_state()
        self.risk_page.shutdown()  # no simulation may outlive the window
        self.scenarios_page.shutdown()
        self.autosave.shutdown()  # the changes were saved or knowingly discarded
        self.document.release_lock()
        event.accept()

    # --- file workflow --------------------------------------------------------------------------------

    def new_project(self) -> None:
        """Start an empty untitled project (after asking about unsaved changes)."""
        if not self._confirm_discard():
            return
        self.document.load(new_plan(self.tr("Untitled project"), date.today()))
        self.statusBar().showMessage(self.tr("New project"), 5000)

    def open_file(self, path: str | Path | None = None, *, remember: bool = True) -> bool:
        """Open a ``.ccplan`` project or interchange ``.json`` file, asking for it when ``path`` is None.

        Args:
            path: the file to open.
            remember: add the file to the recent files.

        Returns:
            True when the file was opened; on failure the current plan stays as it was.
        """
        if not self._confirm_discard():
            return False
        if path is None:
            path = self._ask_open_path()
            if path is None:
                return False
        path = Path(path)
        try:
            try:
                opened = self.document.open(path)
            except ProjectLockedError as locked:
                choice = self._ask_locked(path, locked.owner)
                if choice is LockChoice.CANCEL:
                    return False
                opened = self.document.open(path, as_copy=choice is LockChoice.OPEN_COPY,
                                            take_over=choice is LockChoice.OPEN_ANYWAY)
        except (CcplanError, OSError) as exc:
            self._show_error(self.tr("Could not open the file"), str(exc))
            if not path.exists():
                self.settings.remove_recent_file(path)
            return False
        if remember:
            self.settings.add_recent_file(path)
        if opened is not None and opened.upgraded_from:
            self.statusBar().showMessage(self.tr(
                "Upgraded {name} from an older version of ccplan ({old}); "
                "the original is backed up at {backup}").format(
                    name=path.name, old=opened.upgraded_from, backup=opened.backup_path))
        elif self.document.path is None:
            self.statusBar().showMessage(self.tr(
                "Opened {name}; Save will ask where to keep it as a ccplan project").format(name=path.name))
        else:
            self.statusBar().showMessage(self.tr("Opened {name}").format(name=path.name), 5000)
        return True

    def open_sample(self, path: Path) -> bool:
        """Open a sample project as a new, unsaved document named after the sample."""
        return self.open_file(path, remember=False)

    def open_team_database(self, url: str | None = None) -> bool:
        """Open the plan in a team database (File ▸ Open Team Database; asks where when ``url`` is None)."""
        if not self._confirm_discard():
            return False
        return self.team.open(url)

    def publish_to_team_database(self) -> bool:
        """Put the current plan into an empty team database; Save then saves there."""
        return self.team.publish()

    def save(self) -> bool:
        """Save to the team database or the current file, or ask where when there is none; True when saved."""
        if self.team.url is not None:
            return self.team.save()
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        """Ask for a file name and save there. Return True when saved."""
        path = self._ask_save_path()
        return self._save_to(path) if path is not None else False

    def _save_to(self, path: Path) -> bool:
        try:
            self.document.save(path)
        except ProjectLockedError as exc:
            self._show_error(self.tr("Could not save the file"), locked_text(self, path, exc.owner) + " "
                             + self.tr("Save the plan under another name."))
            return False
        except (CcplanError, OSError) as exc:
            # The save was atomic: the file on disk is as it was, and the plan and its undo history are kept.
            reason = exc.message if isinstance(exc, CcplanError) else (exc.strerror or str(exc))
            self._show_error(self.tr("Could not save the file"), self.tr(
                "Could not save “{name}” in {folder}: {reason}. Your plan is still open with all its changes "
                "and the file on disk is as it was: free some space or fix the folder and save again, or keep "
                "the plan elsewhere with File ▸ Save As.").format(
                    name=path.name, folder=path.parent, reason=reason.removeprefix("cannot save: ")))
            return False
        self.settings.add_recent_file(path)
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)
        return True

    def import_inventory(self, path: str | Path | None = None) -> bool:
        """Add systems from an inventory workbook or CSV (asks for the file when ``path`` is None)."""
        from app.ui.dialogs.inventory_import import import_inventory_interactively

        if path is None:
            name, _ = QFileDialog.getOpenFileName(
                self, self.tr("Import inventory"), self._start_folder(),
                self.tr("Inventories (*.xlsx *.xlsm *.csv);;Excel workbooks (*.xlsx *.xlsm);;CSV files (*.csv)"))
            if not name:
                return False
            path = name
        imported = import_inventory_interactively(self, self.document, path)
        if imported:
            self.tabs.setCurrentWidget(self.estate_page)
            self.statusBar().showMessage(self.tr("Imported systems from {0}").format(Path(path).name), 8000)
        return imported

    def export_inventory_template(self, path: str | Path | None = None) -> bool:
        """Write the blank inventory workbook (asks where when ``path`` is None)."""
        from app.exporters.inventory_template import write_inventory_template

        if path is None:
            path = ask_save_path(self, self.tr("Export inventory template"),
                                 Path(self._start_folder()) / "ccplan-inventory-template.xlsx",
                                 self.tr("Excel workbook (*.xlsx)"), ".xlsx")
            if path is None:
                return False
        try:
            write_inventory_template(Path(path))
        except (CcplanError, OSError) as exc:
            self._show_error(self.tr("Cannot export the template"), str(exc))
            return False
        self.statusBar().showMessage(self.tr("Wrote the inventory template {0}").format(Path(path).name), 8000)
        return True

    def export_workbook(self, path: str | Path | None = None) -> bool:
        """Write the Excel workbook (live formulas) off the GUI thread; asks where when ``path`` is None."""
        from app.exporters.excel.workbook import write_workbook

        return self._export(path, self.tr("Export Excel workbook"), self.tr("Excel workbook (*.xlsx)"), ".xlsx",
                            lambda plan, target, progress, cancelled: write_workbook(
                                plan, target, schedule=self.document.schedule, costs=self.document.costs,
                                risk=None if self.risk_page.is_stale() else self.risk_page.result,
                                progress=progress, cancelled=cancelled))

    def export_mspdi(self, path: str | Path | None = None) -> bool:
        """Write MS Project XML; asks where when ``path`` is None."""
        from app.exporters.mspdi import write_mspdi

        return self._export(path, self.tr("Export MS Project XML"), self.tr("MS Project XML (*.xml)"), ".xml",
                            lambda plan, target, progress, cancelled: write_mspdi(
                                plan, target, schedule=self.document.schedule))

    def export_csv(self, folder: str | Path | None = None) -> bool:
        """Write one CSV file per table into a folder; asks which when ``folder`` is None."""
        from app.exporters.csv_export import write_csv_tables

        if folder is None:
            folder = QFileDialog.getExistingDirectory(self, self.tr("Export CSV tables"), self._start_folder())
            if not folder:
                return False
        return self._export(folder, "", "", "", lambda plan, target, progress, cancelled: write_csv_tables(
            plan, target, schedule=self.document.schedule, costs=self.document.costs))

    def _export(self, path: str | Path | None, title: str, filters: str, suffix: str,
                write: Callable[..., object]) -> bool:
        """Ask for a file (unless given), then run ``write`` on a worker behind a progress dialog."""
        if self.document.schedule is None:
            self._show_error(self.tr("Cannot export"), self.tr(
                "The plan cannot be scheduled (see the validation panel), so there are no dates to export."))
            return False
        if path is None:
            path = ask_save_path(self, title, Path(self._start_folder()) / (self.document.display_name + suffix),
                                 filters, suffix)
            if path is None:
                return False
        target, plan = Path(path), self.document.plan
        label = self.tr("Writing {0}…").format(target.name)
        try:
            finished, _ = run_with_progress(self, label, lambda progress, cancelled: write(
                plan, target, progress, cancelled))
        except (CcplanError, OSError) as exc:
            self._show_error(self.tr("Cannot export"), str(exc))
            return False
        if finished:
            self.statusBar().showMessage(self.tr("Wrote {0}").format(target.name), 8000)
        return finished

    def suggest_waves(self) -> bool:
        """Propose cutover waves from the dependency graph; the user may accept them into phases."""
        from app.ui.dialogs.waves_dialog import suggest_waves_interactively

        return suggest_waves_interactively(self, self.document)

    def clear_recent_files(self) -> None:
        """Forget every recent file."""
        self.settings.clear_recent_files()

    def offer_recovery(self) -> bool:
        """Offer the autosaves that crashed ccplan sessions left (called once at start-up).

        Each is offered in turn, newest first: Discard deletes it and goes on to the next, Later stops asking
        until the next start, Recover opens it as an unsaved document (the others wait for the next start).

        Returns:
            True when an autosave was recovered.
        """
        for autosave in self.autosave.recoverable():
            choice = self._ask_recovery(autosave)
            if choice is RecoveryChoice.LATER:
                return False
            if choice is RecoveryChoice.DISCARD:
                self.autosave.discard_recoverable(autosave)
                continue
            if not self._confirm_discard():
                return False
            try:
                self.autosave.recover(autosave)
            except CcplanError as exc:
                self._show_error(self.tr("Could not recover the autosave"), str(exc))
                continue
            self.statusBar().showMessage(self.tr(
                "Recovered unsaved work from {when}; save it to keep it").format(
                    when=autosave.saved_at.strftime("%d %b %Y %H:%M")))
            return True
        return False

    def _confirm_discard(self) -> bool:
        """Return True when the current document may be replaced or closed (saving first if asked to)."""
        if not self.document.modified:
            return True
        answer = self._ask_unsaved_changes()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # --- dialogs (replaced in tests) ------------------------------------------------------------------

    def _ask_unsaved_changes(self) -> QMessageBox.StandardButton:
        buttons = (QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                   | QMessageBox.StandardButton.Cancel)
        return QMessageBox.question(
            self, self.tr("Unsaved changes"),
            self.tr("“{name}” has changes that are not saved. Save them before continuing?").format(
                name=self.document.display_name),
            buttons, QMessageBox.StandardButton.Save)

    def _ask_recovery(self, autosave: Autosave) -> RecoveryChoice:
        return ask_recovery(self, autosave)

    def _ask_locked(self, path: Path, owner: LockOwner) -> LockChoice:
        return ask_lock_choice(self, path, owner)

    def _ask_open_path(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open project"), self._start_folder(),
            self.tr("ccplan projects and interchange files (*.ccplan *.json);;ccplan projects (*.ccplan);;"
                    "Interchange JSON (*.json);;All files (*)"))
        return Path(name) if name else None

    def _ask_save_path(self) -> Path | None:
        current = self.document.path
        suggested = current if current is not None else Path(self._start_folder()) / (
            self.document.display_name + ".ccplan")
        name, selected = QFileDialog.getSaveFileName(
            self, self.tr("Save project as"), str(suggested),
            self.tr("ccplan project (*.ccplan);;Interchange JSON (*.json)"))
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() not in (".ccplan", ".json"):
            path = path.with_name(path.name + (".json" if "json" in selected.lower() else ".ccplan"))
        return path

    def _show_error(self, title: str, message: str) -> None:
        QMessageBox.critical(self, title, message)

    def _start_folder(self) -> str:
        folder = self.settings.value(keys.LAST_FOLDER)
        if folder and Path(folder).is_dir():
            return folder
        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)

    def show_about(self) -> None:
        """Show the About box: version, what ccplan does, and that it works offline."""
        QMessageBox.about(self, self.tr("About ccplan"), self.tr(
            "<h3>ccplan {version}</h3>"
            "<p>Plans the move of a UK public-sector contact centre from one provider to another: "
            "estate, timeline, costs and risk.</p>"
            "<p>ccplan works entirely offline. Your plans stay in the files you choose; "
            "nothing is sent over the network.</p>").format(version=app.__version__))

    # --- reacting to the document ---------------------------------------------------------------------

    def _update_title(self) -> None:
        self.setWindowTitle(self.tr("{name}[*] — ccplan").format(name=self.document.display_name))
        self.setWindowModified(self.document.modified)

    def _update_validation_label(self) -> None:
        report = self.document.validation
        parts = []
        for count, one, many in ((len(report.errors), self.tr("1 error"), self.tr("{n} errors")),
                                 (len(report.warnings), self.tr("1 warning"), self.tr("{n} warnings"))):
            if count:
                parts.append(one if count == 1 else many.format(n=count))
        self.validation_label.setText(", ".join(parts) if parts else self.tr("Plan valid"))
        self.validation_label.setToolTip(self.tr("Details on the Project page"))

    def _on_document_path_changed(self, _path: object) -> None:
        self._update_title()

    def _on_document_modified_changed(self, modified: bool) -> None:
        self.setWindowModified(modified)

    def _on_document_plan_changed(self, _changes: ChangeSet) -> None:
        self._update_validation_label()

    def _on_autosave_failed(self, reason: str) -> None:
        self.statusBar().showMessage(self.tr("Autosave failed: {reason}").format(reason=reason), 10000)

    def sample_entries(self) -> list[tuple[str, str, Path]]:
        """The samples offered in File ▸ Open Sample."""
        return list_samples()
