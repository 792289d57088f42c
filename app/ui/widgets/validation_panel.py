"""``ValidationPanel``: the errors and warnings of the document's plan, refreshed on every change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.engine.edits import ChangeSet
from app.engine.validation import Issue
from app.ui.document import Document


class ValidationPanel(QWidget):
    """A summary line and a list of issues (icon and severity, message, where, code).

    Args:
        document: the open document; the panel reads ``document.validation``.
        parent: the owning widget.
    """

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self.status_icon = QLabel(self)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.summary_label.setAccessibleName(self.tr("Validation summary"))
        self.issue_list = QTreeWidget(self)
        self.issue_list.setAccessibleName(self.tr("Validation issues"))
        self.issue_list.setHeaderLabels([self.tr("Severity"), self.tr("Problem"), self.tr("Where")])
        self.issue_list.setRootIsDecorated(False)
        self.issue_list.setUniformRowHeights(False)
        self.issue_list.setWordWrap(True)
        self.issue_list.setAlternatingRowColors(True)
        self.issue_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.issue_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.issue_list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 170)
        summary = QHBoxLayout()
        summary.addWidget(self.status_icon)
        summary.addWidget(self.summary_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(summary)
        layout.addWidget(self.issue_list, 1)
        layout.addStretch(0)
        document.plan_changed.connect(self._on_document_plan_changed)
        self.refresh()

    def refresh(self) -> None:
        """Show the document's current validation report."""
        report = self._document.validation
        style = self.style()
        error_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        warning_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.issue_list.clear()
        for issue in report.errors:
            self._add(issue, error_icon, self.tr("Error"))
        for issue in report.warnings:
            self._add(issue, warning_icon, self.tr("Warning"))
        self.summary_label.setText(self._summary(len(report.errors), len(report.warnings)))
        # An empty list looks broken: with nothing to show, the summary line says so on its own.
        self.issue_list.setVisible(bool(report.errors or report.warnings))
        pixmap = (QStyle.StandardPixmap.SP_MessageBoxCritical if report.errors
                  else QStyle.StandardPixmap.SP_MessageBoxWarning if report.warnings
                  else QStyle.StandardPixmap.SP_DialogApplyButton)
        size = self.summary_label.fontMetrics().height() + 4
        self.status_icon.setPixmap(style.standardIcon(pixmap).pixmap(size, size))

    def _add(self, issue: Issue, icon: object, severity: str) -> None:
        item = QTreeWidgetItem([severity, issue.message, issue.where])
        item.setIcon(0, icon)  # type: ignore[arg-type]
        item.setToolTip(1, f"{issue.message}\n[{issue.code}]")
        item.setToolTip(2, issue.where)
        self.issue_list.addTopLevelItem(item)

    def _summary(self, errors: int, warnings: int) -> str:
        if not errors and not warnings:
            return self.tr("No problems found: the plan passes every check.")
        parts = []
        if errors:
            parts.append(self.tr("1 error") if errors == 1 else self.tr("{n} errors").format(n=errors))
        if warnings:
            parts.append(
                self.tr("1 warning") if warnings == 1 else self.tr("{n} warnings").format(n=warnings))
        hint = self.tr("Errors stop the plan being scheduled; warnings point at something probably missing.")
        return self.tr(" and ").join(parts) + ". " + hint

    def _on_document_plan_changed(self, _changes: ChangeSet) -> None:
        self.refresh()
