"""A dashboard tile: a title, one big figure, a sentence, and a status in words as well as colour.

The status is always written out ("On track", "At risk", "Off track", "For information") so the tile reads
the same in greyscale print and to people who do not see the colour.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.ui.appearance import (
    application_palette,
    follow_palette,
    heading_factor,
    relative_font,
    status_cell,
    status_panel_style,
)

Status = Literal["good", "warn", "bad", "info"]

# The colour of each status: the tile is washed with it over the theme's window colour, its border is it and
# the status words are it made legible on the wash (>= 4.5:1); the other text keeps the theme's colour.
_COLOURS: dict[str, str] = {
    "good": "#1b5e20",
    "warn": "#7a4100",
    "bad": "#b71c1c",
    "info": "#30475e",
}


class SummaryTile(QFrame):
    """One figure for the board.

    Args:
        title: the tile's heading, e.g. "Finish date".
        parent: the owning widget.
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summary_tile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._status: Status = "info"
        self.title_label = QLabel(title, self)
        self.value_label = QLabel(self)
        self.detail_label = QLabel(self)
        self.status_label = QLabel(self)
        self.title_label.setFont(relative_font(self.font(), bold=True))
        self.value_label.setFont(relative_font(self.font(), heading_factor(1.9, self.font()), bold=True))
        self.detail_label.setWordWrap(True)
        self.detail_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label.setFont(relative_font(self.font(), bold=True))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(3)
        layout.addWidget(self.title_label)
        layout.addWidget(self.value_label)
        layout.addWidget(self.detail_label, 1)
        layout.addWidget(self.status_label)
        self.setAccessibleName(title)
        # Room for the title, the figure, three lines of detail and the status at the system's font size.
        lines = 5 + heading_factor(1.9, self.font())
        self.setMinimumHeight(max(150, round(self.fontMetrics().lineSpacing() * lines) + 30))
        self.fill = QColor()
        follow_palette(self, self._restyle, now=False)
        self.set_content("—", "", "info")

    @property
    def status(self) -> Status:
        """The status shown."""
        return self._status

    def status_text(self, status: Status) -> str:
        """The words for a status."""
        return {
            "good": self.tr("On track"),
            "warn": self.tr("At risk"),
            "bad": self.tr("Off track"),
            "info": self.tr("For information"),
        }[status]

    def set_content(self, value: str, detail: str, status: Status, tooltip: str = "") -> None:
        """Show a big ``value``, a ``detail`` sentence and a ``status`` (colour and words)."""
        self._status = status
        self._restyle()
        self.value_label.setText(value)
        self.value_label.setToolTip(tooltip)
        self.detail_label.setText(detail)
        marker = {"good": "✔", "warn": "▲", "bad": "✖", "info": "ℹ"}[status]
        self.status_label.setText(f"{marker} {self.status_text(status)}")
        self.setAccessibleDescription(f"{value}. {detail} {self.status_text(status)}.")

    def _restyle(self) -> None:
        palette = application_palette()
        ink = QColor(_COLOURS[self._status])
        self.fill, word_colour = status_cell(ink, palette, 0.16, QPalette.ColorRole.Window)
        self.setStyleSheet(
            status_panel_style("QFrame#summary_tile", ink, palette)
            + " QLabel { background: transparent; border: none; }"
        )
        self.status_label.setStyleSheet(f"color: {word_colour.name()};")
