"""Pieces of the plan-wave dialog: the template chooser grouped by category and the preview of new tasks.

``TemplateCombo`` lists the built-in templates and the project's own under a heading per category.
``TemplatePreview`` shows the tasks applying a template would add: each with its kind and optimistic /
most likely / pessimistic working days, and under it each link with the domain rule it encodes.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from app.engine.model import CutoverTemplate, Task
from app.engine.task_edits import format_dependency
from app.ui.models.task_table import kind_label

TEMPLATE_ROLE = Qt.ItemDataRole.UserRole


class TemplateCombo(QComboBox):
    """A combo box of templates grouped under a (not selectable) heading per category.

    Args:
        parent: the owning widget.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)

    def set_templates(self, built_in: Sequence[CutoverTemplate], own: Sequence[CutoverTemplate]) -> None:
        """List ``built_in`` and the project's ``own`` templates by category (cutover first)."""
        self._model.clear()
        headings = {"cutover": self.tr("Cutover chains"), "procurement": self.tr("Procurement routes")}
        chosen: list[tuple[CutoverTemplate, bool]] = [(t, False) for t in built_in] + [(t, True) for t in own]
        categories = list(headings) + sorted({t.category for t, _ in chosen} - set(headings))
        bold = QFont(self.font())
        bold.setBold(True)
        for category in categories:
            members = [(t, mine) for t, mine in chosen if t.category == category]
            if not members:
                continue
            heading = QStandardItem(headings.get(category, category.capitalize()))
            heading.setFlags(Qt.ItemFlag.NoItemFlags)
            heading.setFont(bold)
            self._model.appendRow(heading)
            for template, mine in members:
                text = self.tr("{name} (this project)").format(name=template.name) if mine else template.name
                item = QStandardItem("    " + text)
                item.setData(template, TEMPLATE_ROLE)
                item.setToolTip(template.description)
                self._model.appendRow(item)

    def template(self) -> CutoverTemplate | None:
        """The template chosen, or ``None``."""
        value = self.currentData(TEMPLATE_ROLE)
        return value if isinstance(value, CutoverTemplate) else None

    def select_template(self, template_id: str) -> bool:
        """Choose the (first) template with ``template_id``; False when there is none."""
        for row in range(self._model.rowCount()):
            value = self._model.item(row).data(TEMPLATE_ROLE)
            if isinstance(value, CutoverTemplate) and value.id == template_id:
                self.setCurrentIndex(row)
                return True
        return False

    def select_first(self) -> None:
        """Choose the first template (skipping the headings)."""
        for row in range(self._model.rowCount()):
            if isinstance(self._model.item(row).data(TEMPLATE_ROLE), CutoverTemplate):
                self.setCurrentIndex(row)
                return


class TemplatePreview(QTreeWidget):
    """The tasks a template would add, each with its links and their reasons as children.

    Args:
        parent: the owning widget.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels([self.tr("Task, and each link with its reason"), self.tr("Kind"),
                              self.tr("O / M / P (wd)")])
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 110), (2, 110)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)

    def show_tasks(self, tasks: Sequence[Task], names: dict[str, str]) -> None:
        """Show ``tasks`` (the new tasks, in order) with their links; ``names`` names existing tasks."""
        self.clear()
        known = {**names, **{t.id: t.name for t in tasks}}
        for task in tasks:
            low, likely, high = task.estimates
            item = QTreeWidgetItem(self, [f"{task.id}  {task.name}", kind_label(task.kind),
                                          f"{low} / {likely} / {high}"])
            item.setToolTip(0, task.name)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for link in task.predecessors:
                self._link_row(item, self.tr("after {link}").format(link=format_dependency(link)),
                               known.get(link.task, link.task), link.reason)
        self.expandAll()

    def _link_row(self, parent: QTreeWidgetItem, after: str, name: str, reason: str) -> None:
        """A link under its task, spanning the columns: "after W2-design FS: <reason>"."""
        text = self.tr("{after}: {reason}").format(after=after, reason=reason) if reason else after
        child = QTreeWidgetItem(parent, [text])
        child.setToolTip(0, self.tr("After {name}").format(name=name) + (f"\n{reason}" if reason else ""))
        italic = QFont(self.font())
        italic.setItalic(True)
        child.setFont(0, italic)
        child.setFirstColumnSpanned(True)

    def show_steps(self, template: CutoverTemplate | None) -> None:
        """Show a template's raw steps (when its tasks cannot be worked out for the choices made)."""
        self.clear()
        if template is None:
            return
        for step in template.steps:
            low = step.duration if step.optimistic is None else step.optimistic
            high = step.duration if step.pessimistic is None else step.pessimistic
            estimates = f"{low} / {step.duration} / {high}"
            item = QTreeWidgetItem(self, [step.name, kind_label(step.kind), estimates])
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for link in step.predecessors:
                lag = f"{link.lag:+d}" if link.lag else ""
                self._link_row(item, self.tr("after {step} {type}{lag}").format(
                    step=link.step, type=link.type, lag=lag), link.step, link.reason)
        self.expandAll()
