"""Start-up stays light: the modules run before the window is on screen do not import heavy libraries.

Importing ``app.ui.app`` (the desktop app's entry) or ``app.cli`` (every command) must not load matplotlib
(about half a second): charts import it when they first draw. Not a timing test: the times are measured by
``benchmarks/bench_startup.py``. Each check runs in a fresh interpreter, so nothing another test imported
hides a regression.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

# Libraries a module must not pull in when imported. Add a library here once start-up no longer needs it.
DEFERRED: dict[str, tuple[str, ...]] = {
    "app.ui.app": ("matplotlib", "sqlalchemy", "alembic", "openpyxl"),
    "app.cli": ("matplotlib", "PySide6", "sqlalchemy", "alembic", "numpy", "networkx", "openpyxl"),
}
CHART_MODULES = (
    "app.charts.style", "app.charts.cost_charts", "app.charts.risk_charts", "app.charts.scenario_charts",
    "app.charts.status_charts",
)


def _imported_after(module: str) -> set[str]:
    code = (
        "import json, sys\n"
        f"import {module}\n"
        "print(json.dumps(sorted({name.partition('.')[0] for name in sys.modules})))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout))


@pytest.mark.parametrize("module", sorted(DEFERRED))
def test_module_imports_no_heavy_library(module: str) -> None:
    loaded = _imported_after(module) & set(DEFERRED[module])
    assert not loaded, f"importing {module} loads {sorted(loaded)}; import them where they are first used"


def test_chart_modules_import_without_matplotlib() -> None:
    """Pages import chart modules for colours and formatting; matplotlib waits for the first figure."""
    code = (
        "import sys\n"
        "sys.modules['matplotlib'] = None  # any import of it now fails\n"
        f"for module in {CHART_MODULES!r}:\n"
        "    __import__(module)\n"
        "from app.charts.style import pounds\n"
        "print(pounds(1_250_000))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "£1.2m"
