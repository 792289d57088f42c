"""A dashboard tile: a title, one big figure, a sentence, and a status in words as well as colour.

The status is always written out ("On track", "At risk", "Off track", "For information") so the tile reads
the same in greyscale print and to people who do not see the colour.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

Status = Literal["good", "warn", "bad", "info"]

# (background, border/status text colour) per status: contrast >= 4.5:1 for the text on its background.
_COLOURS: dict[str, tuple[str, str]] = {
    "good": ("#e8f5e9", "#1b5e20"),
    "warn": ("#fff4e5", "#7a4100"),
    "bad": ("#fdecea", "#b71c1c"),
    "info": ("#eef3f8", "#30475e"),
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
        self.setMinimumHeight(150)
        self._status: Status = "info"
        self.title_label = QLabel(title, self)
        self.value_label = QLabel(self)
        self.detail_label = QLabel(self)
        self.status_label = QLabel(self)
        title_font = QFont(self.font())
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        value_font = QFont(self.font())
        value_font.setPointSizeF(value_font.pointSizeF() * 1.9)
        value_font.setBold(True)
        self.value_label.setFont(value_font)
        self.detail_label.setWordWrap(True)
        self.detail_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        status_font = QFont(self.font())
        status_font.setBold(True)
        self.status_label.setFont(status_font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(3)
        layout.addWidget(self.title_label)
        layout.addWidget(self.value_label)
        layout.addWidget(self.detail_label, 1)
        layout.addWidget(self.status_label)
        self.setAccessibleName(title)
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
        background, ink = _COLOURS[status]
        self.setStyleSheet(
            f"QFrame#summary_tile {{ background: {background}; border: 2px solid {ink}; "
            f"border-radius: 6px; }} QLabel {{ background: transparent; border: none; "
            f"color: #1f1f1f; }}"
        )
        self.value_label.setText(value)
        self.value_label.setToolTip(tooltip)
        self.detail_label.setText(detail)
        marker = {"good": "✔", "warn": "▲", "bad": "✖", "info": "ℹ"}[status]
        self.status_label.setText(f"{marker} {self.status_text(status)}")
        self.status_label.setStyleSheet(f"color: {ink};")
        self.setAccessibleDescription(f"{value}. {detail} {self.status_text(status)}.")
