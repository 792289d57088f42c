"""The Gaps page: the gap analysis a planner reads before committing to waves, with copy, export and waves.

It shows ``document.gaps`` (computed by the engine on every change) one category per tree node; activating a
finding selects its systems in the shared ``SystemSelection`` so the estate table and graph follow.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QGuiApplication, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSplitter,
    QTextBrowser,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.engine.edits import ChangeSet
from app.storage.atomic import atomic_write_bytes
from app.ui.appearance import follow_palette, muted_text, status_ink, style_notice
from app.ui.dialogs.waves_dialog import suggest_waves_interactively
from app.ui.document import Document
from app.ui.models.gap_models import GapReportFormatter, GapRow, GapSection
from app.ui.selection import SystemSelection
from app.ui.widgets.keyboard_access import offer_in_context_menu, put_tools_in_tab_order

SYSTEMS_ROLE = Qt.ItemDataRole.UserRole  # a row's system ids (tuple[str, ...])
SECTION_ROLE = Qt.ItemDataRole.UserRole + 1  # a category node's section key
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # a finding's GapRow, or a category node's GapSection
OK_COLOUR = QColor("#2e7d32")
GAP_COLOUR = QColor("#b26a00")
OVERDUE_COLOUR = QColor("#c62828")
_COLUMN_WIDTHS = (340, 290, 300, 100)  # finding, systems, dates, working days; details stretches


class GapsPage(QWidget):
    """A summary line, a notice when the plan cannot be scheduled, and a tree of findings per category.

    Args:
        document: the open document; the page reads ``document.gaps`` and ``document.schedule``.
        selection: the system selection shared with the estate table and the graph.
        parent: the owning widget.
    """

    def __init__(self, document: Document, selection: SystemSelection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._selection = selection
        self._formatter = GapReportFormatter(document, self)
        self._collapsed: set[str] = set()

        self.toolbar = QToolBar(self.tr("Gap analysis tools"), self)
        self.toolbar.setAccessibleName(self.tr("Gap analysis tools"))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.copy_action = self._action(self.tr("&Copy report"), self.tr("Copy the gap report as plain text"),
                                        "Ctrl+Shift+C", self._on_copy_action_triggered)
        self.export_action = self._action(self.tr("&Export report…"),
                                          self.tr("Save the gap report as a text or CSV file"),
                                          "Ctrl+Shift+E", self._on_export_action_triggered)
        self.toolbar.addSeparator()
        self.waves_action = self._action(self.tr("Suggest &waves…"),
                                         self.tr("Suggest cutover waves from the dependency graph"),
                                         "Ctrl+Shift+W", self._on_waves_action_triggered)

        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("gaps_summary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setAccessibleName(self.tr("Gap summary"))
        self.notice_label = QLabel(self)
        self.notice_label.setObjectName("gaps_unschedulable_notice")
        self.notice_label.setWordWrap(True)
        self.notice_label.setAccessibleName(self.tr("Schedule notice"))
        style_notice(self.notice_label)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("gaps_tree")
        self.tree.setAccessibleName(self.tr("Gap findings"))
        self.tree.setAccessibleDescription(self.tr("Press Enter or double-click a finding to select its "
                                                   "systems in the estate table and graph"))
        self.tree.setHeaderLabels([self.tr("Finding"), self.tr("Systems"), self.tr("Dates"),
                                   self.tr("Working days"), self.tr("Details")])
        self.tree.setColumnCount(5)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.tree.header()
        header.setStretchLastSection(True)
        for column, width in enumerate(_COLUMN_WIDTHS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)

        self.details = QTextBrowser(self)
        self.details.setObjectName("gaps_details")
        self.details.setAccessibleName(self.tr("Details of the selected finding"))
        self.details.setOpenLinks(False)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([480, 170])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.toolbar)
        body = QVBoxLayout()
        body.setContentsMargins(8, 2, 8, 8)
        body.addWidget(self.summary_label)
        body.addWidget(self.notice_label)
        body.addWidget(self.splitter, 1)
        layout.addLayout(body, 1)
        for name, action in (("copy", self.copy_action), ("export", self.export_action),
                             ("waves", self.waves_action)):
            button = self.toolbar.widgetForAction(action)
            if button is not None:
                button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
                button.setObjectName(f"gaps_{name}_button")
        put_tools_in_tab_order(self.toolbar, self.tr("More gap analysis tools"))
        offer_in_context_menu(self.tree, [self.copy_action, self.export_action, self.waves_action])
        self.setFocusProxy(self.tree)
        QWidget.setTabOrder(self.tree, self.details)

        self.tree.itemActivated.connect(self._on_tree_item_activated)
        self.tree.currentItemChanged.connect(self._on_tree_current_item_changed)
        self.tree.itemCollapsed.connect(self._on_tree_item_collapsed)
        self.tree.itemExpanded.connect(self._on_tree_item_expanded)
        document.plan_changed.connect(self._on_document_plan_changed)
        self.refresh()
        follow_palette(self, self.refresh, now=False)  # the status colours are worked out for the palette

    def _action(self, text: str, tip: str, shortcut: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({keys})")
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        self.toolbar.addAction(action)
        return action

    # --- showing the report ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Rebuild the summary, the notice and the tree from ``document.gaps``; keep the current finding."""
        sections = self._formatter.sections()
        current = self.tree.currentItem()
        keep = (current.text(0), current.text(1)) if current is not None else None
        self.tree.clear()
        for section in sections:
            self._add_section(section)
        chosen = self._find_item(keep) or self._first_finding()
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
        self._show_summary(sections)
        notice = self._formatter.unschedulable_notice()
        self.notice_label.setText(notice)
        self.notice_label.setVisible(bool(notice))
        self._show_details(self.tree.currentItem())

    def _find_item(self, key: tuple[str, str] | None) -> QTreeWidgetItem | None:
        if key is None:
            return None
        flags = Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive
        return next((i for i in self.tree.findItems(key[0], flags) if i.text(1) == key[1]), None)

    def _first_finding(self) -> QTreeWidgetItem | None:
        """The first finding of a gap category, else the first top-level node."""
        for node in self._sections():
            section: GapSection = node.data(0, ROW_ROLE)
            if section.is_gap and node.childCount():
                return node.child(0)
        return self.tree.topLevelItem(0)

    def _sections(self) -> list[QTreeWidgetItem]:
        """The category nodes, in order."""
        nodes = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [node for node in nodes if node is not None]

    def _show_summary(self, sections: tuple[GapSection, ...]) -> None:
        counts = html.escape(self._formatter.summary(sections))
        verdict = html.escape(self._formatter.verdict(sections))
        ok = not self._formatter.has_gaps(sections) and self._document.schedule is not None
        colour, mark = (OK_COLOUR, "✔") if ok else (GAP_COLOUR, "⚠")
        colour = status_ink(colour, self.summary_label.palette(), QPalette.ColorRole.Window)
        self.summary_label.setText(f"<span style='color:{colour.name()}; font-size:large'>{mark}</span> "
                                   f"<b>{verdict}</b> {counts}")

    def _add_section(self, section: GapSection) -> None:
        node = QTreeWidgetItem(self.tree, [f"{section.title} ({len(section.rows)})"])
        node.setData(0, SECTION_ROLE, section.key)
        node.setData(0, ROW_ROLE, section)
        node.setData(0, SYSTEMS_ROLE, tuple(dict.fromkeys(i for r in section.rows for i in r.system_ids)))
        font = QFont(node.font(0))
        font.setBold(True)
        node.setFont(0, font)
        node.setFirstColumnSpanned(True)
        if not section.checked:
            node.setText(0, self.tr("{title}: not checked (no schedule)").format(title=section.title))
            node.setForeground(0, QBrush(muted_text(self.tree.palette())))
        elif not section.rows:
            node.setText(0, self.tr("{title}: none").format(title=section.title))
            node.setForeground(0, QBrush(muted_text(self.tree.palette())))
        elif section.is_gap:
            node.setForeground(0, QBrush(status_ink(GAP_COLOUR, self.tree.palette())))
        for row in section.rows:
            self._add_row(node, row)
        node.setExpanded(section.key not in self._collapsed)

    def _add_row(self, node: QTreeWidgetItem, row: GapRow) -> None:
        days = "" if row.working_days is None else str(row.working_days)
        item = QTreeWidgetItem(node, [row.finding, row.systems, row.dates, days, row.details])
        item.setData(0, SYSTEMS_ROLE, row.system_ids)
        item.setData(0, ROW_ROLE, row)
        item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for column in range(5):
            item.setToolTip(column, row.details or row.finding)
        if row.overdue:
            font = QFont(item.font(0))
            font.setBold(True)
            ink = QBrush(status_ink(OVERDUE_COLOUR, self.tree.palette()))
            for column in range(5):
                item.setForeground(column, ink)
            item.setFont(0, font)
            item.setFont(2, font)

    def _show_details(self, item: QTreeWidgetItem | None) -> None:
        """Show the current finding in full (the tree's columns elide long text)."""
        if item is None:
            self.details.clear()
            return
        value = item.data(0, ROW_ROLE)
        if isinstance(value, GapSection):
            hint = self.tr("Select a finding to read it in full; press Enter or double-click to select its "
                           "systems in the estate table and graph.")
            self.details.setHtml(f"<p><b>{html.escape(item.text(0))}</b></p><p>{html.escape(hint)}</p>")
            return
        if not isinstance(value, GapRow):
            self.details.clear()
            return
        facts = [(self.tr("Systems"), value.systems), (self.tr("Dates"), value.dates)]
        if value.working_days is not None:
            facts.append((self.tr("Working days broken"), str(value.working_days)))
        rows = "".join(f"<tr><td><b>{html.escape(k)}:</b>&nbsp;</td><td>{html.escape(v)}</td></tr>"
                       for k, v in facts if v)
        ink = status_ink(OVERDUE_COLOUR, self.details.palette())
        colour = f" style='color:{ink.name()}'" if value.overdue else ""
        self.details.setHtml(f"<p{colour}><b>{html.escape(value.finding)}</b></p><table>{rows}</table>"
                             f"<p{colour}>{html.escape(value.details)}</p>")

    def report_text(self) -> str:
        """The plain-text report that Copy puts on the clipboard."""
        return self._formatter.plain_text()

    # --- slots ------------------------------------------------------------------------------------------

    def _on_document_plan_changed(self, _changes: ChangeSet) -> None:
        self.refresh()

    def _on_tree_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        ids = item.data(0, SYSTEMS_ROLE) or ()
        known = self._document.plan.system_by_id
        chosen = [i for i in ids if i in known]
        if chosen:
            self._selection.set_selected(chosen)

    def _on_tree_current_item_changed(self, current: QTreeWidgetItem | None,
                                      _previous: QTreeWidgetItem | None) -> None:
        self._show_details(current)

    def _on_tree_item_collapsed(self, item: QTreeWidgetItem) -> None:
        if (key := item.data(0, SECTION_ROLE)) is not None:
            self._collapsed.add(key)

    def _on_tree_item_expanded(self, item: QTreeWidgetItem) -> None:
        self._collapsed.discard(item.data(0, SECTION_ROLE))

    def _on_copy_action_triggered(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text())

    def _on_export_action_triggered(self) -> None:
        path = self._ask_export_path()
        if path is None:
            return
        if path.suffix.lower() == ".csv":
            data = self._formatter.csv_text().encode("utf-8-sig")  # the BOM lets Excel read £ and dashes
        else:
            data = self.report_text().encode("utf-8")
        try:
            atomic_write_bytes(path, data)
        except OSError as error:
            message = self.tr("Could not write {path}: {reason}").format(path=path, reason=error.strerror)
            self._show_error(self.tr("Export failed"), message)

    def _on_waves_action_triggered(self) -> None:
        suggest_waves_interactively(self, self._document)

    # --- dialogs (tests replace these) --------------------------------------------------------------------

    def _ask_export_path(self) -> Path | None:
        """Ask where to save the report; ``None`` when cancelled."""
        stem = self._document.display_name.rsplit(".", 1)[0] or "plan"
        text_filter, csv_filter = self.tr("Text files (*.txt)"), self.tr("CSV files (*.csv)")
        name, chosen = QFileDialog.getSaveFileName(self, self.tr("Export gap report"), f"{stem}-gaps.txt",
                                                   f"{text_filter};;{csv_filter}")
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() not in (".txt", ".csv"):
            path = path.with_name(path.name + (".csv" if chosen == csv_filter else ".txt"))
        return path

    def _show_error(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)
