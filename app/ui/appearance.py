"""Following the system's look: fonts relative to the application font, colours from the palette.

Nothing in ccplan sets a font size in points or pixels of its own: headings and big figures are the
application font scaled (``relative_font``), and painted charts grow with it (``font_scale``). Text is drawn
in the palette's text colours, so a high-contrast or dark theme stays readable; status colours (RAG, critical,
late) keep their hue but are lightened or darkened until they read on the palette's background
(``legible``), and always come with words or shapes, never alone. Tinted panels lay a translucent wash of
their status colour over whatever background the palette has (``status_panel_style``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QFont, QFontInfo, QGuiApplication, QPalette
from PySide6.QtWidgets import QLabel, QWidget

# Pixel height of the application font the painted charts are designed at (Segoe UI 9 pt, DejaVu Sans 9-10
# pt at 96 dpi); larger system fonts enlarge them in proportion.
DESIGN_FONT_PIXELS = 13.0
TEXT_CONTRAST = 4.5  # WCAG 2 AA for body text
GRAPHIC_CONTRAST = 3.0  # WCAG 2.1 non-text contrast: borders, bars, markers
NOTICE_COLOUR = QColor("#f0b35a")  # the amber of notices: results out of date, the plan cannot be scheduled


def application_palette() -> QPalette:
    """The application's palette: the system's, or whatever the user or a test set."""
    return QGuiApplication.palette()


def relative_font(base: QFont, factor: float = 1.0, *, bold: bool | None = None) -> QFont:
    """``base`` scaled by ``factor`` (a heading, a big figure), in points or pixels as ``base`` is given."""
    font = QFont(base)
    if factor != 1.0:
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * factor)
        else:
            font.setPixelSize(max(1, round(font.pixelSize() * factor)))
    if bold is not None:
        font.setBold(bold)
    return font


def heading_factor(factor: float, font: QFont | None = None) -> float:
    """How much larger than body text a heading of ``factor`` should be with the application font (or
    ``font``): ``factor`` at the design size, less as the system font grows (a 20 pt body needs no 40 pt
    figure to stand out, and would have no room for one). Never below body size."""
    return 1.0 + (factor - 1.0) / font_scale(font)


def font_scale(font: QFont | None = None) -> float:
    """How much larger than the design size the application font (or ``font``) is; never below 1."""
    pixels = QFontInfo(font if font is not None else QGuiApplication.font()).pixelSize()
    return max(1.0, pixels / DESIGN_FONT_PIXELS)


def luminance(colour: QColor) -> float:
    """The WCAG relative luminance of ``colour`` (0 black to 1 white)."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = channel(colour.redF()), channel(colour.greenF()), channel(colour.blueF())
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: QColor, second: QColor) -> float:
    """The WCAG contrast ratio of two opaque colours (1 to 21)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def blend(base: QColor, over: QColor, amount: float) -> QColor:
    """``over`` laid on ``base`` with opacity ``amount`` (0 gives ``base``, 1 gives ``over``)."""
    return QColor.fromRgbF(
        base.redF() + (over.redF() - base.redF()) * amount,
        base.greenF() + (over.greenF() - base.greenF()) * amount,
        base.blueF() + (over.blueF() - base.blueF()) * amount,
    )


def is_dark(palette: QPalette) -> bool:
    """True when the palette draws light text on a dark background (a dark or high-contrast theme)."""
    base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
    return luminance(base) < luminance(text)


def legible(colour: QColor, background: QColor, minimum: float = TEXT_CONTRAST) -> QColor:
    """``colour``, or the nearest shade of its hue that reaches ``minimum`` contrast on ``background``.

    The shade moves towards white on a dark background and towards black on a light one, so red stays red
    (lighter on black, darker on white) and a status keeps its meaning in every theme.
    """
    return QColor.fromRgba(_legible(colour.rgba(), background.rgba(), minimum))


@lru_cache(maxsize=512)  # models ask for the same few status colours on every paint
def _legible(colour_rgba: int, background_rgba: int, minimum: float) -> int:
    colour, background = QColor.fromRgba(colour_rgba), QColor.fromRgba(background_rgba)
    if contrast(colour, background) >= minimum:
        return colour_rgba
    target = QColor("white") if luminance(background) < 0.18 else QColor("black")
    for step in range(1, 21):
        shade = blend(colour, target, step / 20)
        if contrast(shade, background) >= minimum:
            return shade.rgba()
    return target.rgba()


def text_colour(palette: QPalette, role: QPalette.ColorRole = QPalette.ColorRole.Text) -> QColor:
    """The palette's colour for text on its base (``Text``) or on its window (``WindowText``)."""
    return palette.color(role)


def muted_text(palette: QPalette, background: QPalette.ColorRole = QPalette.ColorRole.Base) -> QColor:
    """Secondary text (ids, units): text blended a third of the way to the background, still legible."""
    ground = palette.color(background)
    ink = palette.color(QPalette.ColorRole.WindowText if background == QPalette.ColorRole.Window
                        else QPalette.ColorRole.Text)
    return legible(blend(ink, ground, 0.35), ground)


def status_ink(colour: QColor, palette: QPalette | None = None,
               background: QPalette.ColorRole = QPalette.ColorRole.Base) -> QColor:
    """A status colour (late, critical, over budget) for text on the palette's ``background``."""
    palette = palette if palette is not None else application_palette()
    return legible(colour, palette.color(background))


def status_wash(colour: QColor, palette: QPalette, amount: float = 0.16,
                background: QPalette.ColorRole = QPalette.ColorRole.Window) -> QColor:
    """The opaque colour of a panel washed with ``colour`` over the palette's ``background``."""
    return blend(palette.color(background), colour, amount)


def status_cell(colour: QColor, palette: QPalette | None = None, amount: float = 0.2,
                background: QPalette.ColorRole = QPalette.ColorRole.Base) -> tuple[QColor, QColor]:
    """(fill, text) for a cell or panel showing a status: a wash of ``colour`` over the palette's
    ``background``, and ``colour`` made legible on that wash."""
    palette = palette if palette is not None else application_palette()
    fill = status_wash(colour, palette, amount, background)
    return fill, legible(colour, fill)


def status_panel_style(selector: str, colour: QColor, palette: QPalette, amount: float = 0.16,
                       border: float = 2.0, radius: float = 6.0, padding: str = "") -> str:
    """A style sheet rule for a panel washed with a status ``colour``, its text left to the palette.

    The wash is the status colour laid over the palette's window colour, so a dark theme gets a dark wash
    under its light text and a light theme a pale one under dark text; the border is the status colour made
    to stand out from the window (3:1).
    """
    wash = status_wash(colour, palette, amount)
    edge = legible(colour, palette.color(QPalette.ColorRole.Window), GRAPHIC_CONTRAST)
    extra = f" padding: {padding};" if padding else ""
    return (f"{selector} {{ background: {wash.name()}; border: {border:g}px solid {edge.name()}; "
            f"border-radius: {radius:g}px;{extra} }}")


def notice_style(colour: QColor, palette: QPalette | None = None) -> str:
    """The style sheet of a notice label (stale results, a warning), washed with ``colour``; the text
    colour and font stay the palette's and the application's."""
    palette = palette if palette is not None else application_palette()
    return status_panel_style("QLabel", colour, palette, amount=0.18, border=1, radius=4, padding="6px")


class _PaletteFollower(QObject):
    """Calls ``restyle`` again whenever the application's palette changes (the user switched theme).

    Qt sends no ``PaletteChange`` to a widget with a style sheet when the application palette changes (its
    sheet is meant to decide), so the follower listens to the application itself; it is the widget's child,
    so the connection ends with the widget.
    """

    def __init__(self, widget: QWidget, restyle: Callable[[], None]) -> None:
        super().__init__(widget)
        self._restyle = restyle
        application = QGuiApplication.instance()
        if isinstance(application, QGuiApplication):
            application.paletteChanged.connect(self._on_application_palette_changed)

    def _on_application_palette_changed(self, _palette: QPalette) -> None:
        self._restyle()


def follow_palette(widget: QWidget, restyle: Callable[[], None], now: bool = True) -> None:
    """Run ``restyle`` now (unless ``now`` is False) and again after every change of the application palette.

    For widgets holding colours worked out from the palette (a status wash in a style sheet, a legible status
    colour on an item): those do not follow a theme change by themselves.
    """
    _PaletteFollower(widget, restyle)
    if now:
        restyle()


def style_notice(label: QLabel, colour: QColor | None = None) -> None:
    """Wash ``label`` with a notice colour (amber by default), following theme changes."""
    wash = QColor(colour if colour is not None else NOTICE_COLOUR)
    follow_palette(label, lambda: label.setStyleSheet(notice_style(wash)))
