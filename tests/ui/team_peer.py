"""A second ccplan instance for tests: open a team plan in a real main window, edit one task, save, quit.

Run: ``python -m tests.ui.team_peer URL TASK_ID DURATION``; prints the saved revision.
"""

from __future__ import annotations

import os
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CCPLAN_CONFIG_DIR", tempfile.mkdtemp(prefix="ccplan-peer-config-"))
os.environ.setdefault("CCPLAN_DATA_DIR", tempfile.mkdtemp(prefix="ccplan-peer-data-"))

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.engine.edits import set_item_fields  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.settings import Settings  # noqa: E402


def main(argv: list[str]) -> int:
    url, task_id, duration = argv[1], argv[2], int(argv[3])
    application = QApplication.instance() or QApplication(argv[:1])
    window = MainWindow(Settings())
    if not window.team.open(url):
        return 1
    window.document.push(set_item_fields(window.document.plan, "tasks", task_id, duration=duration))
    if not window.save():
        return 1
    base = window.team.base
    print(base.revision if base else -1)
    window.close()
    application.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
