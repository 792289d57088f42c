"""A widget that shows one matplotlib ``Figure`` (from ``app.charts``) and exports it as PNG or SVG.

matplotlib is imported only when the first figure arrives, so opening the app does not pay for it. The host
is keyboard focusable and carries a text summary of its chart as its accessible description, for screen
readers (a picture of a chart says nothing to them).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.file_dialogs import ask_save_path

if TYPE_CHECKING:
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure

_MINIMUM_CANVAS = (360, 260)  # below this constrained layout cannot fit titles and labels
_canvas_classes: list[type[FigureCanvasQTAgg]] = []  # the canvas subclass, made on first use


def _canvas_class() -> type[FigureCanvasQTAgg]:
    """The canvas class, importing matplotlib's Qt backend on first use (not at app start-up)."""
    if not _canvas_classes:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        class ChartCanvas(FigureCanvasQTAgg):
            """A canvas that tolerates being squeezed: a window made very small squashes the chart
            instead of warning that constrained layout could not fit its labels."""

            def draw(self) -> None:
                with warnings.catch_warnings():
                    warnings.filterwarnings("ignore", message="constrained_layout not applied",
                                            category=UserWarning)
                    super().draw()  # type: ignore[no-untyped-call]

        _canvas_classes.append(ChartCanvas)
    return _canvas_classes[0]


class ChartHost(QWidget):
    """One chart: a placeholder until :meth:`set_figure`, then the figure on a canvas with export buttons.

    Args:
        name: The chart's accessible name, e.g. "Finish date histogram".
        file_stem: The default file name (without suffix) offered on export.
        parent: The owning widget.

    Signals:
        exported(object): the chart was written to this ``Path``.
    """

    exported = Signal(object)

    def __init__(self, name: str, file_stem: str = "chart", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self.file_stem = file_stem
        self._figure: Figure | None = None
        self._canvas: FigureCanvasQTAgg | None = None
        self._summary = ""
        self.setAccessibleName(name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.placeholder = QLabel(self.tr("Run a simulation to see this chart."), self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setAccessibleName(self.tr("%1: no chart yet").replace("%1", name))
        self.export_png_button = self._button(self.tr("Export &PNG…"), self.tr("Export %1 as PNG"),
                                              self.tr("Save this chart as a PNG image"),
                                              self._on_export_png_button_clicked)
        self.export_svg_button = self._button(self.tr("Export S&VG…"), self.tr("Export %1 as SVG"),
                                              self.tr("Save this chart as an SVG drawing for reports"),
                                              self._on_export_svg_button_clicked)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addStretch(1)
        buttons.addWidget(self.export_png_button)
        buttons.addWidget(self.export_svg_button)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(4, 4, 4, 4)
        self._layout.addLayout(buttons)
        self._layout.addWidget(self.placeholder, 1)
        self._set_export_enabled(False)

    @property
    def figure(self) -> Figure | None:
        """The figure shown, if any."""
        return self._figure

    @property
    def canvas(self) -> FigureCanvasQTAgg | None:
        """The canvas drawing the figure, once there is one."""
        return self._canvas

    @property
    def summary(self) -> str:
        """The text summary of the chart (its accessible description)."""
        return self._summary

    def set_figure(self, figure: Figure, summary: str = "") -> None:
        """Show ``figure`` (replacing any previous one) and describe it with ``summary`` for screen readers.

        Args:
            figure: A figure built by ``app.charts``.
            summary: One or two sentences saying what the chart shows, e.g. "P50 finish 17 Aug 2028".
        """
        old = self._canvas
        canvas = _canvas_class()(figure)
        canvas.setParent(self)
        canvas.setMinimumSize(*_MINIMUM_CANVAS)
        canvas.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        canvas.setAccessibleName(self._name)
        if old is not None:
            self._layout.replaceWidget(old, canvas)
            old.hide()
            old.deleteLater()
        else:
            self._layout.replaceWidget(self.placeholder, canvas)
            self.placeholder.hide()
        self._canvas = canvas
        self._figure = figure
        self.setFocusProxy(canvas)
        self.set_summary(summary)
        self._set_export_enabled(True)
        if self.isVisible():  # a hidden canvas draws when it is shown, at its real size
            canvas.draw_idle()  # type: ignore[no-untyped-call]

    def set_summary(self, summary: str) -> None:
        """Replace the accessible description (the chart's text summary)."""
        self._summary = summary
        self.setAccessibleDescription(summary)
        self.setToolTip(summary)
        if self._canvas is not None:
            self._canvas.setAccessibleDescription(summary)

    def export_to(self, path: Path) -> None:
        """Write the chart to ``path`` (PNG or SVG by suffix) and emit ``exported``.

        Raises:
            ValueError: there is no chart yet, or the suffix is neither ``.png`` nor ``.svg``.
            OSError: the file could not be written.
        """
        if self._figure is None:
            raise ValueError("there is no chart to export yet")
        from app.charts.risk_charts import export

        export(self._figure, path)
        self.exported.emit(path)

    # --- export ---------------------------------------------------------------------------------------

    def _on_export_png_button_clicked(self) -> None:
        self._export_interactively(".png")

    def _on_export_svg_button_clicked(self) -> None:
        self._export_interactively(".svg")

    def _export_interactively(self, suffix: str) -> None:
        path = self._ask_export_path(suffix)
        if path is None:
            return
        try:
            self.export_to(path)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, self.tr("Export chart"),
                                self.tr("Could not save the chart to %1:\n%2").replace("%1", str(path))
                                .replace("%2", str(exc)))

    def _ask_export_path(self, suffix: str) -> Path | None:
        """Ask where to save the chart; ``None`` when cancelled. Adds ``suffix`` if the name has none."""
        file_filter = self.tr("PNG images (*.png)") if suffix == ".png" else self.tr("SVG drawings (*.svg)")
        return ask_save_path(self, self.tr("Export chart"), f"{self.file_stem}{suffix}", file_filter, suffix)

    def _button(self, text: str, accessible: str, tip: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(accessible.replace("%1", self._name))
        button.setToolTip(tip)
        button.setStatusTip(tip)
        button.clicked.connect(slot)
        return button

    def _set_export_enabled(self, enabled: bool) -> None:
        self.export_png_button.setEnabled(enabled)
        self.export_svg_button.setEnabled(enabled)
