"""Each shipped sample opens in the window: title, systems table, settings form, sample menu."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from app.storage.project_file import load_plan
from app.ui.main_window import MainWindow
from tests.conftest import SAMPLES

SAMPLE_FILES = sorted(SAMPLES.glob("*.json"))


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=[p.stem for p in SAMPLE_FILES])
def test_sample_opens(make_window: Callable[..., MainWindow], path: Path) -> None:
    plan = load_plan(path)
    window = make_window(path)
    assert window.dialogs.errors == []  # type: ignore[attr-defined]
    assert window.windowTitle() == f"{path.stem}[*] — ccplan"
    assert not window.isWindowModified()
    assert window.estate_page.model.rowCount() == len(plan.systems)
    assert window.project_page.name_edit.text() == plan.project.name
    current = sum(1 for s in plan.systems if s.estate == "current")
    assert window.estate_page.count_label.text().startswith(
        f"{len(plan.systems)} systems shown of {len(plan.systems)}: {current} current, "
        f"{len(plan.systems) - current} target")


def test_open_sample_menu_lists_every_sample(make_window: Callable[..., MainWindow]) -> None:
    window = make_window()
    samples = [a for name, a in window.menu_actions.items() if name.startswith("sample_")]
    assert len(samples) == len(SAMPLE_FILES)
    if samples:
        samples[0].trigger()
        assert window.document.plan.systems
        assert window.document.path is None  # a sample is never overwritten by Save
        assert window.settings.recent_files() == []
