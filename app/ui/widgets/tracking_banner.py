"""The programme RAG banner: the status in colour and in words, the finish against the baseline, and why.

The word ("Red", "Amber", "Green") is always written beside a shape, so the banner reads the same in
greyscale and to people who do not see the colour; its accessible description carries the whole text.
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.charts.status_charts import RAG_COLOURS
from app.engine.tracking import RagAssessment
from app.ui.appearance import (
    application_palette,
    follow_palette,
    heading_factor,
    relative_font,
    status_cell,
    status_panel_style,
)
from app.ui.widgets.tracking_models import rag_word

_MARKERS = {"red": "✖", "amber": "▲", "green": "✔"}
_NEUTRAL = "#30475e"  # the slate of "No status"
SHOWN_REASONS = 8  # a plan of thousands of dated tasks can have thousands of reasons; the phases tab has them


def long_date(value: date) -> str:
    """``17 August 2028`` (formatting only)."""
    return f"{value.day} {value:%B %Y}"


class RagBanner(QFrame):
    """The programme's RAG status, forecast and baseline finish, slip, percent complete and reasons.

    Args:
        parent: the owning widget.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rag_banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Programme status"))
        self.status_label = QLabel(self)
        self.status_label.setAccessibleName(self.tr("Programme RAG status"))
        self.status_label.setFont(relative_font(self.font(), heading_factor(2.0, self.font()), bold=True))
        self.status_label.setMinimumWidth(150)
        self.facts_label = QLabel(self)
        self.facts_label.setAccessibleName(self.tr("Programme finish and progress"))
        self.facts_label.setWordWrap(True)
        self.facts_label.setTextFormat(Qt.TextFormat.PlainText)
        self.facts_label.setFont(relative_font(self.font(), bold=True))
        self.facts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reasons_label = QLabel(self)
        self.reasons_label.setAccessibleName(self.tr("Programme status reasons"))
        self.reasons_label.setWordWrap(True)
        self.reasons_label.setTextFormat(Qt.TextFormat.RichText)
        self.reasons_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.reasons_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        reasons_area = QScrollArea(self)
        reasons_area.setWidgetResizable(True)
        reasons_area.setFrameShape(QFrame.Shape.NoFrame)
        reasons_area.setWidget(self.reasons_label)
        self.reasons_area = reasons_area
        # A Tab stop, so the reasons can be scrolled with the arrow keys when they overflow the banner.
        reasons_area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        reasons_area.setAccessibleName(self.tr("Programme status reasons"))
        reasons_area.setStyleSheet(
            "QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }"
        )
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.facts_label)
        text.addWidget(reasons_area, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.status_label, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text, 1)
        self.setMinimumHeight(70)
        self.ink = QColor(_NEUTRAL)
        self.fill = QColor()
        follow_palette(self, self._restyle, now=False)
        self.show_assessment(None)

    def show_assessment(self, programme: RagAssessment | None, notice: str = "") -> None:
        """Show the programme's assessment; ``None`` shows ``notice`` (e.g. the plan cannot be scheduled)."""
        if programme is None:
            self.status_label.setText(self.tr("No status"))
            self.facts_label.setText(notice)
            self.reasons_label.setText("")
            self._colour(_NEUTRAL)
            self.setAccessibleDescription(notice)
            return
        word = rag_word(programme.status)
        self.status_label.setText(f"{_MARKERS[programme.status]} {word}")
        self.facts_label.setText(self._facts(programme))
        shown = list(programme.reasons[:SHOWN_REASONS])
        hidden = len(programme.reasons) - len(shown)
        if hidden > 0:
            shown.append(
                self.tr("…and {n} more reasons: see each phase on the By phase tab.").format(n=hidden)
            )
        self.reasons_label.setText(
            "<ul style='margin: 0; -qt-list-indent: 1;'>"
            + "".join(f"<li>{escape(reason)}</li>" for reason in shown)
            + "</ul>"
        )
        self._colour(RAG_COLOURS[programme.status][1])
        self.setAccessibleDescription(
            self.tr("Programme status {word}. {facts} {reasons}").format(
                word=word, facts=self.facts_label.text(), reasons=" ".join(shown)
            )
        )

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Tall enough for the status word and two lines each of facts and reasons at the system's font."""
        hint = super().sizeHint()
        body = 4 * QFontMetrics(self.facts_label.font()).lineSpacing() + 8
        return QSize(hint.width(), max(hint.height(), self.status_label.sizeHint().height(), body) + 12)

    def _facts(self, programme: RagAssessment) -> str:
        parts = [
            self.tr("{name}: forecast finish {finish}").format(
                name=programme.name, finish=long_date(programme.forecast_finish)
            )
        ]
        if programme.baseline_finish is not None and programme.slip_days is not None:
            days = programme.slip_days
            slip = (
                self.tr("{n} working days late")
                if days > 0
                else self.tr("{n} working days early")
                if days < 0
                else self.tr("on the baseline")
            )
            parts.append(
                self.tr("baseline finish {finish} ({slip})").format(
                    finish=long_date(programme.baseline_finish), slip=slip.format(n=abs(days))
                )
            )
        else:
            parts.append(self.tr("no baseline chosen"))
        parts.append(self.tr("{p:g}% complete").format(p=programme.percent_complete))
        return " · ".join(parts)

    def _colour(self, ink: str) -> None:
        self.ink = QColor(ink)
        self._restyle()

    def _restyle(self) -> None:
        """Wash the banner with the status colour over the theme's window colour; its facts and reasons
        keep the theme's text colour, and the status word is the status colour made legible on the wash."""
        palette = application_palette()
        self.fill, word_colour = status_cell(self.ink, palette, 0.16, QPalette.ColorRole.Window)
        self.setStyleSheet(
            status_panel_style("QFrame#rag_banner", self.ink, palette)
            + " QLabel { background: transparent; border: none; }"
        )
        self.status_label.setStyleSheet(f"color: {word_colour.name()};")
