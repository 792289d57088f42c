"""Pictures of a whole graphics scene: PNG through ``QImage``, SVG through ``QSvgGenerator``.

``QGraphicsScene.render()`` hands every item its whole bounding rect as the exposed rect (performance
notes §4.3); the estate graph's batched edge layer also culls to the painter's device, so both exports
draw every edge exactly once.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

MAX_PNG_SIDE = 16000  # pixels; larger scenes are scaled down to fit


def render_scene(scene: QGraphicsScene, painter: QPainter, target: QRectF) -> None:
    """Draw all of ``scene.sceneRect()`` into ``target`` of ``painter``, antialiased, keeping its aspect."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    # Items cache their on-screen pixels for fast repaints; an export must draw them afresh (vectors in
    # an SVG, full resolution in a PNG), so caching is off while the scene renders.
    cached = [(item, item.cacheMode()) for item in scene.items()
              if item.cacheMode() != QGraphicsItem.CacheMode.NoCache]
    for item, _mode in cached:
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    try:
        scene.render(painter, target, scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
    finally:
        for item, mode in cached:
            item.setCacheMode(mode)


def export_png(scene: QGraphicsScene, path: str | Path, scale: float = 1.0) -> bool:
    """Write ``scene`` as a PNG image on white; returns whether the file was written.

    Args:
        scene: the scene (its ``sceneRect`` is drawn).
        path: the file to write.
        scale: pixels per scene unit; reduced so neither side exceeds ``MAX_PNG_SIDE`` pixels.
    """
    rect = scene.sceneRect()
    scale = min(scale, MAX_PNG_SIDE / max(rect.width(), rect.height(), 1.0))
    size = QSize(max(1, math.ceil(rect.width() * scale)), max(1, math.ceil(rect.height() * scale)))
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    render_scene(scene, painter, QRectF(image.rect()))
    painter.end()
    return bool(image.save(str(path), "PNG"))  # type: ignore[call-overload]  # the stubs say bytes; str works


def export_svg(scene: QGraphicsScene, path: str | Path, title: str, description: str) -> None:
    """Write ``scene`` as an SVG drawing, one scene unit per SVG unit.

    Args:
        scene: the scene (its ``sceneRect`` is drawn).
        path: the file to write.
        title: the drawing's title.
        description: the drawing's description.
    """
    rect = scene.sceneRect()
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(math.ceil(rect.width()), math.ceil(rect.height())))
    generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
    generator.setTitle(title)
    generator.setDescription(description)
    painter = QPainter(generator)
    render_scene(scene, painter, QRectF(0, 0, rect.width(), rect.height()))
    painter.end()
