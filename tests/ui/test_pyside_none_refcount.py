"""Guard against the PySide6 6.12.0 reference-count bug on Python 3.11.

PySide6 6.12.0 drops one reference to ``None`` on every call of a void-returning Qt method; after about ten
thousand calls ``None``'s count reaches zero and the interpreter aborts (``none_dealloc``). 6.11.3 is sound.
On Python >= 3.12 ``None`` is immortal, so the count cannot fall there.
"""

from __future__ import annotations

import sys

import PySide6
import pytest
from PySide6.QtGui import QPainterPath

CALLS = 2000
TOLERANCE = 50  # unrelated objects may let go of None meanwhile; the bug loses one per call


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".")[:3] if part.isdigit())


def test_void_qt_calls_keep_none_referenced() -> None:
    path = QPainterPath()
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        path.lineTo(1, 1)  # returns void: PySide returns None and must hand back a new reference
    after = sys.getrefcount(None)
    assert before - after <= TOLERANCE, (
        f"None lost {before - after} references over {CALLS} void Qt calls: PySide6 {PySide6.__version__} "
        "has the reference-count bug (6.12.0); install PySide6 < 6.12"
    )


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_pyside6_is_pinned_below_6_12_on_python_3_11() -> None:
    assert _version(PySide6.__version__) < (6, 12), (
        f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]}: 6.12.0 crashes on Python < 3.12"
    )
