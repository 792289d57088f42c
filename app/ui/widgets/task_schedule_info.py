"""Read-only schedule facts of one task: start, finish, total float with a "critical" badge, and problems.

Everything shown comes from the document's ``Schedule`` and validation report; nothing here computes a date.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QWidget

from app.engine.model import Plan, Task
from app.engine.schedule import Schedule
from app.engine.validation import ValidationReport
from app.ui.appearance import application_palette, status_ink
from app.ui.formatting import format_date

# White on this red is 5.6:1 whatever the theme, and the badge says "critical" in words.
_BADGE_STYLE = ("QLabel { background: #c62828; color: white; border-radius: 7px; padding: 1px 8px; "
                "font-weight: bold; }")
_NEGATIVE = QColor("#c62828")
_PROBLEM = QColor("#b71c1c")


def _ink_style(colour: QColor, bold: bool = False) -> str:
    """Text in a status colour made legible on the theme's window colour (the panel's background)."""
    ink = status_ink(colour, application_palette(), QPalette.ColorRole.Window)
    return f"QLabel {{ color: {ink.name()};{' font-weight: bold;' if bold else ''} }}"


class TaskScheduleInfo(QWidget):
    """Start, finish, total float and problems of the task shown (blank without a task).

    Args:
        parent: the owning widget.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.start_label = self._value(self.tr("Scheduled start"))
        self.finish_label = self._value(self.tr("Scheduled finish"))
        self.float_label = self._value(self.tr("Total float"))
        self.critical_badge = QLabel(self.tr("critical"), self)
        self.critical_badge.setAccessibleName(self.tr("Critical task"))
        self.critical_badge.setToolTip(self.tr("No float: any delay to this task delays the project"))
        self.critical_badge.setStyleSheet(_BADGE_STYLE)
        self.critical_badge.setVisible(False)
        self.problems_label = self._value(self.tr("Schedule problems"))
        self.problems_label.setWordWrap(True)
        float_row = QWidget(self)
        row = QHBoxLayout(float_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.float_label)
        row.addWidget(self.critical_badge)
        row.addStretch(1)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.addRow(self.tr("Start:"), self.start_label)
        self.form.addRow(self.tr("Finish:"), self.finish_label)
        self.form.addRow(self.tr("Total float:"), float_row)
        self.form.addRow(self.tr("Problems:"), self.problems_label)

    def _value(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setAccessibleName(name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def labels(self) -> list[QLabel]:
        """The row labels of the form (the panel lines them up with its other labels)."""
        found: list[QLabel] = []
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLabel):
                found.append(widget)
        return found

    def show_task(self, task: Task | None, plan: Plan, schedule: Schedule | None,
                  report: ValidationReport) -> None:
        """Show the schedule facts of ``task`` (blank for ``None``)."""
        if task is None:
            for label in (self.start_label, self.finish_label, self.float_label, self.problems_label):
                label.clear()
            self.critical_badge.setVisible(False)
            return
        problems = self._problems(task, plan, schedule, report)
        if schedule is None or task.id not in schedule.index:
            not_scheduled = self.tr("Not scheduled")
            self.start_label.setText(not_scheduled)
            self.finish_label.setText(not_scheduled)
            self.float_label.clear()
            self.float_label.setStyleSheet("")
            self.critical_badge.setVisible(False)
            if not problems:
                problems = [self.tr("The plan cannot be scheduled until its errors are fixed.")]
        else:
            k = schedule.index[task.id]
            total = int(schedule.total_float[k])
            milestone = task.duration == 0
            self.start_label.setText(format_date(schedule.start_of(task.id)))
            self.finish_label.setText(self.tr("{date} (milestone)").format(date=format_date(
                schedule.finish_of(task.id))) if milestone else format_date(schedule.finish_of(task.id)))
            days = self.tr("{days} working day") if abs(total) == 1 else self.tr("{days} working days")
            self.float_label.setText(days.format(days=total))
            self.float_label.setStyleSheet(_ink_style(_NEGATIVE, bold=True) if total < 0 else "")
            self.critical_badge.setVisible(bool(schedule.critical[k]))
        self.problems_label.setText("\n".join(problems) if problems else self.tr("None"))
        self.problems_label.setStyleSheet(_ink_style(_PROBLEM) if problems else "")

    @staticmethod
    def _problems(task: Task, plan: Plan, schedule: Schedule | None, report: ValidationReport) -> list[str]:
        found = [v.message for v in schedule.violations if v.task == task.id] if schedule is not None else []
        row = next((k for k, t in enumerate(plan.tasks) if t.id == task.id), -1)
        prefix = f"tasks[{row}]"
        for issue in report.errors:
            if (issue.where == prefix or issue.where.startswith(prefix + ".")) and issue.message not in found:
                found.append(issue.message)
        return found
