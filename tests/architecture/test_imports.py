"""The layer boundaries of the style guide hold: import-linter contracts, and no Qt below app.ui."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

NON_UI_MODULES = [
    "app.engine.model", "app.engine.edits", "app.engine.references", "app.engine.validation",
    "app.engine.graph", "app.storage.interchange", "app.storage.project_file", "app.storage.samples", "app.cli",
]


def test_import_linter_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_non_ui_packages_import_without_qt() -> None:
    code = (
        "import sys\n"
        "for name in ('PySide6', 'matplotlib', 'openpyxl'):\n"
        "    sys.modules[name] = None\n"
        f"for module in {NON_UI_MODULES!r}:\n"
        "    __import__(module)\n"
        "assert not any(m.startswith('PySide6.') for m in sys.modules)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_cli_starts_without_loading_qt() -> None:
    """Headless commands must not pay for (or need) Qt."""
    code = "import sys\nfrom app.cli import main\nmain(['--version'])\n"
    result = subprocess.run([sys.executable, "-c", code + ""], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "ccplan" in result.stdout
    probe = "import sys, app.cli\nprint(any(m.startswith('PySide6') for m in sys.modules))\n"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False"
