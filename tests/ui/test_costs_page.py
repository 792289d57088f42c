"""Costs page on Midshire: lines listed, edits undoable, totals straight from the report."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.engine.model import CostLine
from app.storage.interchange import read_json
from app.ui.document import Document
from app.ui.models.cost_models import (
    COLUMN_KEYS,
    LINE_ROLE,
    CostLineTableModel,
    FinancialYearTotalsModel,
    timing_text,
)
from app.ui.pages.costs_page import CostsPage
from tests.conftest import SAMPLES


@pytest.fixture
def document() -> Document:
    """The Midshire sample."""
    return Document(read_json(SAMPLES / "midshire.json"))


@pytest.fixture
def page(hosted: Callable[[QWidget], QWidget], document: Document) -> Iterator[CostsPage]:
    """The Costs page shown at 1280x800."""
    shown = hosted(CostsPage(document))
    assert isinstance(shown, CostsPage)
    yield shown
    document.undo_stack.setClean()


def _cell(model: CostLineTableModel, line_id: str, key: str) -> QModelIndex:
    return model.index(model.row_of(line_id), COLUMN_KEYS.index(key))


def _fy_values(model: FinancialYearTotalsModel, key: str) -> list[float | None]:
    row = FinancialYearTotalsModel.ROW_KEYS.index(key)
    return [model.value(row, c) for c in range(model.columnCount())]


def test_the_table_lists_every_cost_line_with_amount_timing_and_total(
    page: CostsPage, document: Document
) -> None:
    model = page.model
    ids = [c.id for c in document.plan.cost_lines]
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ids
    report = document.costs
    assert report is not None
    totals = {i.id: i.total for i in report.lines if i.source == "line"}
    for line in document.plan.cost_lines:
        assert _cell(model, line.id, "amount").data() == f"£{line.amount:,.0f}"
        assert _cell(model, line.id, "total").data(Qt.ItemDataRole.EditRole) == totals[line.id]
        assert _cell(model, line.id, "total").data(Qt.ItemDataRole.ToolTipRole) == f"£{totals[line.id]:,.2f}"
    assert _cell(model, "DM-PSTN", "timing").data() == "on 01/10/2026"
    assert _cell(model, "SUPPS-T07", "timing").data() == "over T07"
    assert _cell(model, "PLATFORM-ADMIN", "timing").data() == "monthly from T13 finish to horizon end"
    line = next(c for c in document.plan.cost_lines if c.id == "LIC-AGENT")
    assert timing_text(line) == "monthly from 01/03/2027 to horizon end, ramped (7 steps)"


def test_fy_table_shows_the_reports_figures(page: CostsPage, document: Document) -> None:
    report = document.costs
    assert report is not None
    model = page.fy_model
    labels = list(report.fy_labels)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [*labels, "Total"]
    assert _fy_values(model, "migrate") == [report.by_fy_migrate[f] for f in labels] + [report.total_migrate]
    assert _fy_values(model, "do_minimum") == [report.by_fy_do_minimum[f] for f in labels] + [
        report.total_do_minimum
    ]
    assert _fy_values(model, "factor") == [*report.discount_factors, None]
    assert _fy_values(model, "npc_migrate")[-1] == report.npc_migrate
    assert _fy_values(model, "npc_do_minimum")[-1] == report.npc_do_minimum
    assert model.index(0, 0).data() == f"£{report.by_fy_migrate[labels[0]]:,.0f}"
    categories = page.category_model
    shown = {
        categories.index(r, 0).data(): categories.index(r, 1).data(Qt.ItemDataRole.UserRole)
        for r in range(categories.rowCount())
    }
    assert {k: v for k, v in shown.items() if v is not None} == report.by_category


def test_editing_a_unit_cost_in_place_pushes_one_undoable_edit_and_updates_totals(
    page: CostsPage, document: Document
) -> None:
    model = page.model
    before_plan, before = document.plan, _fy_values(page.fy_model, "migrate")
    assert model.setData(_cell(model, "HEADSETS", "unit_cost"), 150.0)
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Change unit cost of HEADSETS"
    report = document.costs
    assert report is not None
    after = _fy_values(page.fy_model, "migrate")
    assert after == [report.by_fy_migrate[f] for f in report.fy_labels] + [report.total_migrate]
    assert after != before
    assert _cell(model, "HEADSETS", "amount").data() == "£45,000"
    document.undo_stack.undo()
    assert document.plan == before_plan
    assert _fy_values(page.fy_model, "migrate") == before


def test_a_negative_amount_is_refused_in_the_table_and_in_the_editor(
    qtbot: QtBot, page: CostsPage, document: Document
) -> None:
    model = page.model
    assert not model.setData(_cell(model, "HEADSETS", "unit_cost"), -5.0)
    assert document.undo_stack.count() == 0
    page.select_line("HEADSETS")
    editor = page.editor
    assert editor.line_id == "HEADSETS"
    field = editor.unit_cost_edit
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "-20")
    assert field.property("invalid") is True
    assert field.error.isVisible() and "negative" in field.error.text()
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert document.undo_stack.count() == 0
    field.selectAll()
    qtbot.keyClicks(field, "120")
    assert not field.property("invalid")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert document.undo_stack.undoText() == "Change unit cost of HEADSETS"
    assert next(c for c in document.plan.cost_lines if c.id == "HEADSETS").unit_cost == 120.0


def test_add_duplicate_and_delete_are_undoable_and_undo_restores_the_plan(
    page: CostsPage, document: Document
) -> None:
    original = document.plan
    page.select_line("INT-CTI")
    page.add_action.trigger()
    assert document.undo_stack.undoText() == "Add cost line C01"
    assert len(document.plan.cost_lines) == len(original.cost_lines) + 1
    current = page.current_line()
    assert current is not None and current.id == "C01"
    page.select_line("INT-PAY")
    page.duplicate_action.trigger()
    assert document.undo_stack.undoText() == "Duplicate cost line INT-PAY as C02"
    copy = next(c for c in document.plan.cost_lines if c.id == "C02")
    assert copy.name.endswith("(copy)") and copy.unit_cost == 25000.0
    page.select_line("HEADSETS")
    page.delete_action.trigger()
    assert document.undo_stack.undoText() == "Delete cost line HEADSETS"
    assert page.model.row_of("HEADSETS") == -1
    assert page.model.rowCount() == len(document.plan.cost_lines)
    for _ in range(3):
        document.undo_stack.undo()
    assert document.plan == original
    assert page.model.rowCount() == len(original.cost_lines)


def test_editor_switches_kind_and_anchor_with_clear_labels(page: CostsPage, document: Document) -> None:
    page.select_line("DM-PSTN")
    editor = page.editor
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData("recurring"))
    editor.kind_combo.activated.emit(editor.kind_combo.currentIndex())
    assert document.undo_stack.undoText() == "Change kind of DM-PSTN"
    line = next(c for c in document.plan.cost_lines if c.id == "DM-PSTN")
    assert line.kind == "recurring" and line.start is not None and line.start.date == line.date
    assert editor.start_field.isVisible() and not editor.when_field.isVisible()
    editor.ramp_editor.add_button.click()
    assert document.undo_stack.undoText() == "Change ramp of DM-PSTN"
    assert len(next(c for c in document.plan.cost_lines if c.id == "DM-PSTN").ramp) == 1


def test_filters_by_option_category_and_text(page: CostsPage, document: Document) -> None:
    page.option_filter.setCurrentIndex(page.option_filter.findData("do_minimum"))
    ids = {page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())}
    assert ids == {c.id for c in document.plan.cost_lines if c.option == "do_minimum"}
    page.option_filter.setCurrentIndex(0)
    page.category_filter.setCurrentIndex(page.category_filter.findData("Integrations"))
    page.search_edit.setText("teams")
    assert [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())] == ["INT-TEAMS"]
    assert isinstance(page.proxy.index(0, 0).data(LINE_ROLE), CostLine)


def test_chart_and_warnings(page: CostsPage, document: Document) -> None:
    page.report_tabs.setCurrentWidget(page.chart_host)
    assert page.chart_host.figure is not None
    assert page.chart_host.figure.axes[0].get_title() == "Cost by financial year: migrate vs do minimum"
    assert page.warnings_list.count() == 1  # "no warnings" line for the clean sample
    assert page.report_tabs.tabText(page.report_tabs.indexOf(page.warnings_list)) == "&Warnings (0)"


def test_models_pass_the_model_tester(qtmodeltester: ModelTester, page: CostsPage) -> None:
    qtmodeltester.check(page.model, force_py=True)
    qtmodeltester.check(page.proxy, force_py=True)
    qtmodeltester.check(page.fy_model, force_py=True)
    qtmodeltester.check(page.category_model, force_py=True)


def test_every_visible_control_has_an_accessible_name_and_actions_have_shortcuts(page: CostsPage) -> None:
    interactive = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)
    composite = (QAbstractSpinBox, QComboBox, QLineEdit, QAbstractItemView)
    for tab in range(page.report_tabs.count()):
        page.report_tabs.setCurrentIndex(tab)
        unnamed = [
            f"{type(w).__name__} {w.objectName()!r}"
            for w in page.findChildren(QWidget)
            if isinstance(w, interactive)
            and w.isVisible()
            and not isinstance(w.parentWidget(), composite)
            and not w.accessibleName().strip()
        ]
        assert unnamed == []
    for action in (page.add_action, page.duplicate_action, page.delete_action):
        assert not action.shortcut().isEmpty() and action.statusTip()
        assert action.shortcutContext() != Qt.ShortcutContext.WindowShortcut


def test_discounted_rows_come_from_the_report(hosted) -> None:  # type: ignore[no-untyped-def]
    document = Document(read_json(SAMPLES / "midshire.json"))
    model = FinancialYearTotalsModel(document)
    report = document.costs
    assert report is not None
    assert _fy_values(model, "pv_migrate") == [*report.discounted_by_fy_migrate.values(), report.npc_migrate]
    assert _fy_values(model, "npc_difference")[-1] == report.npc_difference
