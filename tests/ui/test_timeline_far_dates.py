"""Dates far from the schedule (a deadline or contract end in 9999) neither crash nor stretch the timeline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from app.storage.interchange import read_json
from app.ui.main_window import MainWindow
from tests.conftest import SAMPLES


def test_a_deadline_and_a_contract_end_in_9999_are_drawn_without_crashing(
        make_window: Callable[..., MainWindow]) -> None:
    plan = read_json(SAMPLES / "midshire.json")
    far = date(9999, 12, 31)
    plan = replace(plan, tasks=(replace(plan.tasks[0], deadline=far), *plan.tasks[1:]),
                   systems=tuple(replace(s, contract_end=far) if s.estate == "current" else s
                                 for s in plan.systems))
    window = make_window()
    window.document.load(plan)
    window.tabs.setCurrentWidget(window.timeline_page)
    window.timeline_page.grab()
    assert window.document.schedule is not None
    days = window.timeline_page.view._geometry.days
    assert 0 < days < 50 * 366  # decades around the schedule, not eight thousand years
