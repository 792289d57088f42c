"""The three-point estimate of a task: optimistic, most likely (the duration) and pessimistic spin boxes.

Values are whole working days checked as you type (semantics §5: optimistic <= most likely <= pessimistic).
A valid change emits ``committed`` with just the fields that differ from the task; an invalid one outlines
the box being typed in red, shows why under the boxes and commits nothing. An estimate the task leaves
blank follows the duration until the user sets it. ``show_task`` never overwrites a box the user changed
and has not yet committed (a refresh mid-typing keeps the typing).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QRectF, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from app.engine.model import Task
from app.ui.appearance import GRAPHIC_CONTRAST, legible
from app.ui.widgets.property_fields import FieldError

FIELDS: tuple[str, ...] = ("optimistic", "duration", "pessimistic")
_MOST_DAYS = 99_999
_INVALID_COLOUR = QColor("#c62828")


class _Outline(QWidget):
    """Holds one spin box and draws a red outline round it while it is invalid.

    A style sheet on the spin box (or any ancestor) would swap its native look for a style-sheet one.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.invalid = False
        self.holder = QVBoxLayout(self)
        self.holder.setContentsMargins(2, 2, 2, 2)

    def set_invalid(self, invalid: bool) -> None:
        """Show or hide the outline."""
        if invalid != self.invalid:
            self.invalid = invalid
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        """Draw the outline when invalid."""
        super().paintEvent(event)
        if self.invalid:
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            edge = legible(_INVALID_COLOUR, self.palette().color(QPalette.ColorRole.Window), GRAPHIC_CONTRAST)
            painter.setPen(QPen(edge, 2))
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 3, 3)
            painter.end()


class EstimateFields(QWidget):
    """Optimistic, most likely and pessimistic spin boxes with validation as you type.

    Args:
        parent: the owning widget.

    Signals:
        committed(dict): valid new values by field name (``duration``, ``optimistic``, ``pessimistic``).

    Attributes:
        session: a number that changes whenever the user finishes with a box (Return or leaving it); the
            panel puts it in the merge key, so typing merges into one undo step but separate visits do not.
    """

    committed = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._task: Task | None = None
        self._loading = False
        self._dirty: set[str] = set()
        self._explicit: dict[str, bool] = {"optimistic": False, "pessimistic": False}
        self.session = 0
        names = {"optimistic": self.tr("Optimistic estimate (working days)"),
                 "duration": self.tr("Duration, most likely (working days)"),
                 "pessimistic": self.tr("Pessimistic estimate (working days)")}
        self.spins: dict[str, QSpinBox] = {}
        self._frames: dict[str, _Outline] = {}
        for field in FIELDS:
            frame = _Outline(self)
            self._frames[field] = frame
            spin = QSpinBox(frame)
            frame.holder.addWidget(spin)
            spin.setRange(0, _MOST_DAYS)
            spin.setAccessibleName(names[field])
            spin.setSuffix(self.tr(" working days"))
            spin.valueChanged.connect(partial(self._on_spin_value_changed, field))
            spin.editingFinished.connect(self._on_spin_editing_finished)
            self.spins[field] = spin
        self.duration_spin = self.spins["duration"]
        self.optimistic_spin = self.spins["optimistic"]
        self.pessimistic_spin = self.spins["pessimistic"]
        self.duration_spin.setToolTip(self.tr("The most likely duration; 0 makes a milestone"))
        self.optimistic_spin.setToolTip(self.tr("The shortest it could plausibly take"))
        self.pessimistic_spin.setToolTip(self.tr("The longest it could plausibly take"))
        self.error = FieldError(self)
        self.error.setAccessibleName(self.tr("Estimate problem"))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, field in ((self.tr("&Duration:"), "duration"), (self.tr("&Optimistic:"), "optimistic"),
                            (self.tr("&Pessimistic:"), "pessimistic")):
            label = QLabel(text, self)
            label.setBuddy(self.spins[field])
            form.addRow(label, self._frames[field])
        form.addRow(self.error)

    def labels(self) -> list[QLabel]:
        """The row labels (the panel lines them up with its other labels)."""
        return [label for label in self.findChildren(QLabel) if label.buddy() is not None]

    # --- showing -------------------------------------------------------------------------------------

    def show_task(self, task: Task | None, force: bool = False) -> None:
        """Show ``task``'s estimates, keeping uncommitted typing unless ``force`` (a different task)."""
        if force or task is None or self._task is None or task.id != self._task.id:
            self._dirty.clear()
            force = True
        self._task = task
        self._loading = True
        if task is None:
            for spin in self.spins.values():
                spin.setValue(0)
        else:
            for field in ("optimistic", "pessimistic"):
                if field not in self._dirty:
                    self._explicit[field] = getattr(task, field) is not None
            low, likely, high = task.estimates
            for field, value in zip(FIELDS, (low, likely, high), strict=True):
                if field not in self._dirty:
                    self.spins[field].setValue(value)
            self._follow_duration()
        self._loading = False
        if force:
            self._show_problem(None, None)

    def values(self) -> tuple[int, int, int]:
        """The optimistic, most likely and pessimistic days the boxes mean (blank estimates follow)."""
        duration = self.duration_spin.value()
        low = self.optimistic_spin.value() if self._explicit["optimistic"] else duration
        high = self.pessimistic_spin.value() if self._explicit["pessimistic"] else duration
        return low, duration, high

    def problem(self) -> str | None:
        """Why the shown estimates are invalid (every reason, one a line), or ``None`` when in order."""
        low, likely, high = self.values()
        problems = []
        if low > likely:
            problems.append(self.tr("The optimistic estimate ({low}) cannot be longer than the duration "
                                    "({likely}) working days.").format(low=low, likely=likely))
        if likely > high:
            problems.append(self.tr("The duration ({likely}) cannot be longer than the pessimistic estimate "
                                    "({high}) working days.").format(likely=likely, high=high))
        return "\n".join(problems) or None

    # --- editing -------------------------------------------------------------------------------------

    def _follow_duration(self) -> None:
        """Estimates the user has not set show the duration."""
        for field in ("optimistic", "pessimistic"):
            if not self._explicit[field]:
                self.spins[field].setValue(self.duration_spin.value())

    def _show_problem(self, field: str | None, message: str | None) -> None:
        for name, spin in self.spins.items():
            problem = message if name == field else None
            spin.setProperty("invalid", bool(problem))
            spin.setAccessibleDescription(problem or "")
            self._frames[name].set_invalid(bool(problem))
        self.error.setText(message or "")
        self.error.setVisible(bool(message))

    def _on_spin_value_changed(self, field: str, _value: int) -> None:
        if self._loading or self._task is None:
            return
        self._dirty.add(field)
        if field != "duration":
            self._explicit[field] = True
        else:
            self._loading = True
            self._follow_duration()
            self._loading = False
        message = self.problem()
        if message is not None:
            self._show_problem(field, message)
            return
        self._show_problem(None, None)
        task = self._task
        low, likely, high = self.values()
        wanted = {"optimistic": low if self._explicit["optimistic"] else None, "duration": likely,
                  "pessimistic": high if self._explicit["pessimistic"] else None}
        changed = {f: v for f, v in wanted.items() if f in self._dirty and getattr(task, f) != v}
        self._dirty.clear()
        if changed:
            self.committed.emit(changed)

    def _on_spin_editing_finished(self) -> None:
        self.session += 1
