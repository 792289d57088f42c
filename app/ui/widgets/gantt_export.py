"""Pictures of the whole timeline: a PNG at the current zoom, or landscape A3 PDF pages fitted to the width.

Both draw a title, the scale header and the name column with the same painters as the screen, and the bars
from a fresh, uncached scene: ``QGraphicsScene.render()`` hands items their whole bounding rect as the exposed
rect, so the layers also cull to the painter's device (performance notes §4.3). A tall PDF continues over
as many pages as it needs, each with the header and names repeated.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QMarginsF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from app.ui.widgets.gantt_baseline import NO_BASELINE, BaselineBars
from app.ui.widgets.gantt_geometry import ROW_HEIGHT, GanttGeometry
from app.ui.widgets.gantt_items import BarLayerItem, CalendarLayerItem
from app.ui.widgets.gantt_link_layer import LinkLayerItem
from app.ui.widgets.gantt_panels import paint_header, paint_names
from app.ui.widgets.gantt_style import HEADER_HEIGHT, MUTED_TEXT, TEXT_COLOUR, pixel_font

NAME_WIDTH = 320.0
TITLE_HEIGHT = 46.0
FOOTER_HEIGHT = 22.0
MAX_PNG_SIDE = 16000
MAX_PNG_PIXELS = 60_000_000
LABEL_MARGIN = 200.0  # pixels right of the last day, for the names of the last bars
PDF_WIDTH = 1800.0  # logical pixels across an A3 landscape page: 11-pixel text prints at about 7 points


@dataclass(frozen=True)
class TimelineSource:
    """What an export draws: the timeline at some zoom, and its translated words."""

    geometry: GanttGeometry
    pixels_per_day: float
    show_links: bool
    title: str
    summary: str
    week_text: str
    titles: Mapping[str, str]
    page_text: str
    baseline: BaselineBars = NO_BASELINE  # the baseline's bars when shown


class _Picture:
    """A fresh scene of the three layers (no device cache) at ``pixels_per_day``."""

    def __init__(self, source: TimelineSource, pixels_per_day: float) -> None:
        self.source = source
        self.pixels_per_day = pixels_per_day
        self.scene = QGraphicsScene()
        self.scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        bars = BarLayerItem()
        layers: list[QGraphicsItem] = [CalendarLayerItem(), bars]
        if source.show_links:
            layers.append(LinkLayerItem())
        for layer in layers:
            layer.set_frame(source.geometry, pixels_per_day)  # type: ignore[attr-defined]
            layer.setCacheMode(QGraphicsItem.CacheMode.NoCache)
            self.scene.addItem(layer)
        bars.set_baseline(source.baseline)

    @property
    def body_width(self) -> float:
        """The width of the bars' area in pixels, with room for the names of bars near the end."""
        return max(1.0, self.source.geometry.days * self.pixels_per_day) + LABEL_MARGIN

    def draw_title(self, painter: QPainter, width: float, extra: str = "") -> None:
        """The project name and the schedule summary at the top of a picture."""
        painter.setFont(pixel_font(17, bold=True))
        painter.setPen(TEXT_COLOUR)
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(QRectF(4, 0, width - 8, 24), left, self.source.title)
        painter.setFont(pixel_font(12))
        painter.setPen(MUTED_TEXT)
        painter.drawText(QRectF(4, 22, width - 8, 20), left, self.source.summary)
        if extra:
            painter.drawText(
                QRectF(4, 0, width - 8, 24),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                extra,
            )

    def draw_rows(self, painter: QPainter, top: float, first: int, last: int) -> None:
        """The header, names and bars of rows ``first`` to ``last - 1``, with the header at ``top``."""
        geometry, ppd = self.source.geometry, self.pixels_per_day
        rows_height = max(0, last - first) * ROW_HEIGHT
        paint_header(
            painter,
            QRectF(NAME_WIDTH, top, self.body_width, HEADER_HEIGHT),
            0.0,
            ppd,
            geometry,
            self.source.week_text,
        )
        paint_names(
            painter,
            QRectF(0, top, NAME_WIDTH, HEADER_HEIGHT + rows_height),
            -first * ROW_HEIGHT,
            geometry,
            np.zeros(0, np.int64),
            self.source.titles,
        )
        if rows_height:
            target = QRectF(NAME_WIDTH, top + HEADER_HEIGHT, self.body_width, rows_height)
            source = QRectF(0, first * ROW_HEIGHT, self.body_width, rows_height)
            self.scene.render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)


def export_png(source: TimelineSource, path: str | Path) -> bool:
    """Write the whole timeline at its current zoom as a PNG (scaled down past 16,000 pixels a side).

    Returns:
        Whether the file was written.
    """
    picture = _Picture(source, source.pixels_per_day)
    width = NAME_WIDTH + picture.body_width
    height = TITLE_HEIGHT + HEADER_HEIGHT + source.geometry.rows * ROW_HEIGHT
    scale = min(1.0, MAX_PNG_SIDE / max(width, height), math.sqrt(MAX_PNG_PIXELS / (width * height)))
    image = QImage(
        QSize(max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.scale(scale, scale)
    picture.draw_title(painter, width)
    picture.draw_rows(painter, TITLE_HEIGHT, 0, source.geometry.rows)
    painter.end()
    return bool(image.save(str(path), "PNG"))  # type: ignore[call-overload]  # the stubs say bytes; str works


def export_pdf(source: TimelineSource, path: str | Path) -> int:
    """Write the timeline on landscape A3 pages: the whole plan fitted to the page width, rows continued
    over as many pages as needed, the header and names repeated on each.

    Returns:
        The number of pages written.
    """
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A3))
    writer.setPageOrientation(QPageLayout.Orientation.Landscape)
    writer.setPageMargins(QMarginsF(8, 8, 8, 8), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle(source.title)
    writer.setCreator("ccplan")
    paint_rect = writer.pageLayout().paintRectPixels(writer.resolution())
    factor = paint_rect.width() / PDF_WIDTH
    page_height = paint_rect.height() / factor
    geometry = source.geometry
    pixels_per_day = (PDF_WIDTH - NAME_WIDTH - LABEL_MARGIN - 2) / max(1, geometry.days)
    picture = _Picture(source, pixels_per_day)
    per_page = max(1, int((page_height - TITLE_HEIGHT - HEADER_HEIGHT - FOOTER_HEIGHT) // ROW_HEIGHT))
    pages = max(1, math.ceil(geometry.rows / per_page))
    painter = QPainter(writer)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    for page in range(pages):
        if page:
            writer.newPage()
        painter.save()
        painter.scale(factor, factor)
        picture.draw_title(painter, PDF_WIDTH, source.page_text.format(page=page + 1, pages=pages))
        first = page * per_page
        picture.draw_rows(painter, TITLE_HEIGHT, first, min(geometry.rows, first + per_page))
        painter.restore()
    painter.end()
    return pages
