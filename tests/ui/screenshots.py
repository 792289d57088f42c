"""Screenshots of each main-window tab, for looking at the UI as a user would (not a test).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.screenshots [OUT_DIR]``; writes one PNG per tab
(default ``/tmp/ccplan-shots/``) with the Midshire sample open at 1280x800.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CCPLAN_CONFIG_DIR", tempfile.mkdtemp(prefix="ccplan-shots-config-"))

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.storage.samples import list_samples  # noqa: E402
from app.ui.app import create_main_window  # noqa: E402


def main(argv: list[str]) -> int:
    """Open the Midshire sample (or the first sample) and save a PNG of every tab."""
    out = Path(argv[1]) if len(argv) > 1 else Path("/tmp/ccplan-shots")
    out.mkdir(parents=True, exist_ok=True)
    application = QApplication.instance() or QApplication(argv[:1])
    samples = {name: path for name, _, path in list_samples()}
    path = samples.get("midshire") or next(iter(samples.values()), None)
    window = create_main_window(path)
    window.show()
    window.resize(1280, 800)
    application.processEvents()
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        application.processEvents()
        name = window.tabs.tabText(index).replace("&", "").lower()
        target = out / f"{index + 1}-{name}.png"
        window.grab().save(str(target))
        print(target)
    # The Project tab again, with warnings: the current estate loses its replacements.
    from app.engine.edits import CompoundEdit, set_item_fields

    plan = window.document.plan
    window.document.push(CompoundEdit(tuple(
        set_item_fields(plan, "systems", s.id, replaced_by=()) for s in plan.systems if s.replaced_by)))
    window.tabs.setCurrentIndex(0)
    application.processEvents()
    target = out / "3-project-with-warnings.png"
    window.grab().save(str(target))
    print(target)
    window.document.undo_stack.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
