"""A cell edit the tables refuse says why in the status bar; the plan and undo history stay as they were."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt

from app.ui.main_window import MainWindow
from app.ui.models import cost_models, system_table
from tests.conftest import SAMPLES


def test_estate_table_refuses_infinite_run_cost_and_says_why(make_window: Callable[..., MainWindow]) -> None:
    window = make_window()
    assert window.open_file(SAMPLES / "midshire.json")
    plan, steps = window.document.plan, window.document.undo_stack.count()
    window.statusBar().clearMessage()
    model = window.estate_page.model
    column = system_table.COLUMN_KEYS.index("annual_run_cost")
    assert not model.setData(model.index(0, column), "inf", Qt.ItemDataRole.EditRole)
    assert window.statusBar().currentMessage()
    assert window.document.plan is plan and window.document.undo_stack.count() == steps


def test_cost_table_refuses_text_for_money_and_says_why(make_window: Callable[..., MainWindow]) -> None:
    window = make_window()
    assert window.open_file(SAMPLES / "midshire.json")
    plan, steps = window.document.plan, window.document.undo_stack.count()
    window.statusBar().clearMessage()
    model = window.costs_page.model
    column = cost_models.COLUMN_KEYS.index("unit_cost")
    assert not model.setData(model.index(0, column), "lots", Qt.ItemDataRole.EditRole)
    message = window.statusBar().currentMessage()
    assert message and "could not convert" not in message
    assert window.document.plan is plan and window.document.undo_stack.count() == steps
