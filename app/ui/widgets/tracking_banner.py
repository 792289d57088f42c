"""The programme RAG banner: the status in colour and in words, the finish against the baseline, and why.

The word ("Red", "Amber", "Green") is always written beside a shape, so the banner reads the same in
greyscale and to people who do not see the colour; its accessible description carries the whole text.
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.charts.status_charts import RAG_COLOURS
from app.engine.tracking import RagAssessment
from app.ui.widgets.tracking_models import rag_word

_MARKERS = {"red": "✖", "amber": "▲", "green": "✔"}
_NEUTRAL = ("#eef3f8", "#30475e")
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
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.status_label.setFont(font)
        self.status_label.setMinimumWidth(150)
        self.facts_label = QLabel(self)
        self.facts_label.setAccessibleName(self.tr("Programme finish and progress"))
        self.facts_label.setWordWrap(True)
        self.facts_label.setTextFormat(Qt.TextFormat.PlainText)
        facts_font = QFont(self.font())
        facts_font.setBold(True)
        self.facts_label.setFont(facts_font)
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
        reasons_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
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
        self.show_assessment(None)

    def show_assessment(self, programme: RagAssessment | None, notice: str = "") -> None:
        """Show the programme's assessment; ``None`` shows ``notice`` (e.g. the plan cannot be scheduled)."""
        if programme is None:
            fill, ink = _NEUTRAL
            self.status_label.setText(self.tr("No status"))
            self.facts_label.setText(notice)
            self.reasons_label.setText("")
            self._colour(fill, ink)
            self.setAccessibleDescription(notice)
            return
        fill, ink = RAG_COLOURS[programme.status]
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
        self._colour(fill, ink)
        self.setAccessibleDescription(
            self.tr("Programme status {word}. {facts} {reasons}").format(
                word=word, facts=self.facts_label.text(), reasons=" ".join(shown)
            )
        )

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

    def _colour(self, fill: str, ink: str) -> None:
        self.setStyleSheet(
            f"QFrame#rag_banner {{ background: {fill}; border: 2px solid {ink}; border-radius: 6px; }} "
            f"QLabel {{ background: transparent; border: none; color: #1f1f1f; }}"
        )
        self.status_label.setStyleSheet(f"color: {ink};")
