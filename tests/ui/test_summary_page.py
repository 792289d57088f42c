"""Summary page on Midshire: tiles show the engine's figures, the PSTN float, P80 once simulated; exports."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QWidget

from app.charts.style import pounds
from app.engine.edits import set_item_fields
from app.engine.risk import RiskResult
from app.storage.interchange import read_json
from app.ui.document import Document
from app.ui.pages.summary_page import SummaryPage
from tests.conftest import SAMPLES


@pytest.fixture
def document() -> Document:
    """The Midshire sample."""
    return Document(read_json(SAMPLES / "midshire.json"))


@pytest.fixture
def page(hosted: Callable[[QWidget], QWidget], document: Document) -> Iterator[SummaryPage]:
    """The Summary page shown at 1280x800."""
    shown = hosted(SummaryPage(document))
    assert isinstance(shown, SummaryPage)
    yield shown
    document.undo_stack.setClean()


def _risk(document: Document, p80: date) -> RiskResult:
    schedule = document.schedule
    assert schedule is not None
    return RiskResult(
        iterations=1000,
        seed=1,
        distribution="pert",
        finish_index=np.zeros(3),
        percentiles={10: schedule.finish, 50: schedule.finish, 80: p80, 90: p80},
        mean=schedule.finish,
        p_within_benchmark=0.0,
        p_by_deadline={},
        criticality={"T07": 0.9, "T03": 0.4},
        deterministic_finish=schedule.finish,
        benchmark_end=schedule.benchmark_end,
    )


def test_cost_tiles_show_the_reports_figures(page: SummaryPage, document: Document) -> None:
    report = document.costs
    assert report is not None
    assert page.tiles["one_off"].value_label.text() == pounds(report.one_off) == "£1.3m"
    assert "£1,280,925" in page.tiles["one_off"].detail_label.text()
    assert page.tiles["dual_running"].value_label.text() == pounds(report.dual_running)
    npc = f"{pounds(report.npc_migrate)} vs {pounds(report.npc_do_minimum)}"
    assert page.tiles["npc"].value_label.text() == npc
    assert f"Migrating costs {pounds(report.npc_difference)} more" in page.tiles["npc"].detail_label.text()
    assert page.tiles["switching"].value_label.text() == "£286k a year"
    assert (
        page.tiles["switching"].detail_label.text()
        == "Needs £286k a year of benefits from 2028/29 to break even."
    )


def test_finish_tile_compares_with_the_benchmark_in_words(page: SummaryPage) -> None:
    tile = page.tiles["finish"]
    assert tile.value_label.text() == "5 June 2028"
    assert "12-month benchmark" in tile.detail_label.text()
    assert tile.status == "bad" and "Off track" in tile.status_label.text()


def test_pstn_tile_shows_the_float_of_the_switch_off_tasks(page: SummaryPage, document: Document) -> None:
    schedule = document.schedule
    assert schedule is not None
    float_days = int(schedule.total_float[schedule.index["N02"]])
    tile = page.tiles["pstn"]
    assert tile.value_label.text() == f"{float_days} days float"
    assert f"Met with {float_days} working days to spare" in tile.detail_label.text()
    assert tile.status == "good"


def test_contract_tile_names_the_renewal_trap(page: SummaryPage) -> None:
    tile = page.tiles["contracts"]
    assert tile.value_label.text() == "1 renewal trap(s)"
    assert "Legacy PBX/ACD/IVR" in tile.detail_label.text() and "31/12/2026" in tile.detail_label.text()
    assert tile.status == "bad"


def test_p80_waits_for_a_simulation_then_shows_it(page: SummaryPage, document: Document) -> None:
    assert page.tiles["p80"].detail_label.text() == "P80: run a simulation on the Risk page."
    page.set_risk_result(_risk(document, date(2028, 9, 1)))
    assert page.tiles["p80"].value_label.text() == "1 September 2028"
    assert page.critical_list.item(0).text().startswith("T07")
    document.push(set_item_fields(document.plan, "tasks", "T07", "Change duration of T07", duration=71))
    assert "run the simulation again" in page.tiles["p80"].detail_label.text()


def test_longest_critical_tasks_without_a_simulation(page: SummaryPage, document: Document) -> None:
    schedule = document.schedule
    assert schedule is not None
    first = page.critical_list.item(0).text().split()[0]
    assert bool(schedule.critical[schedule.index[first]])


def test_export_png_and_pdf_write_files(page: SummaryPage, tmp_path: Path) -> None:
    png, pdf = tmp_path / "summary.png", tmp_path / "summary.pdf"
    page.export_png(png)
    page.export_pdf(pdf)
    image = QImage(str(png))
    assert image.width() > 1000 and image.height() > 600
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    for action in (page.export_png_action, page.export_pdf_action):
        assert not action.shortcut().isEmpty() and action.statusTip()


def test_tiles_are_accessible_and_controls_named(page: SummaryPage) -> None:
    for tile in page.tiles.values():
        assert tile.accessibleName() and tile.accessibleDescription()
        assert tile.status_label.text().strip()  # the status is written, not colour alone
    unnamed = [
        w
        for w in page.findChildren(QWidget)
        if isinstance(w, (QAbstractButton, QAbstractItemView))
        and w.isVisible()
        and not w.accessibleName().strip()
    ]
    assert unnamed == []
