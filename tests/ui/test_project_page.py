"""Project page: the form shows the plan, edits push labelled undo steps, the validation panel lists them."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from app.engine.edits import SetProjectFields
from app.engine.model import Plan
from app.ui.main_window import MainWindow


def test_form_shows_the_project(window: MainWindow, demo_plan: Plan) -> None:
    page = window.project_page
    assert page.name_edit.text() == demo_plan.project.name
    assert page.organisation_edit.text() == "Demo Borough Council"
    assert page.nation_combo.currentData() == "england-and-wales"
    assert page.start_date_edit.date() == QDate(2026, 4, 1)
    assert page.start_date_edit.text() == "01/04/2026"
    assert page.discount_spin.value() == 3.5
    assert page.appraisal_spin.value() == 10
    assert page.freezes_list.item(0).text() == "Council tax billing: 01/03/2027 to 31/03/2027"
    assert page.non_working_label.text().startswith("2 extra non-working days")


def test_start_date_edit_is_undoable(window: MainWindow, demo_plan: Plan) -> None:
    page = window.project_page
    page.start_date_edit.setDate(QDate(2026, 5, 4))
    assert window.document.plan.project.start_date == date(2026, 5, 4)
    page.start_date_edit.setDate(QDate(2026, 5, 11))  # typing a date merges into one step
    assert window.document.undo_stack.count() == 1
    assert window.menu_actions["undo"].text() == "Undo Change start date"
    window.document.undo_stack.undo()
    assert page.start_date_edit.date() == QDate(2026, 4, 1)
    assert window.document.plan == demo_plan


def test_discount_rate_spin_sets_a_fraction(window: MainWindow) -> None:
    page = window.project_page
    page.discount_spin.setValue(6.0)
    assert window.document.plan.project.discount_rate == 0.06
    assert window.document.undo_stack.undoText() == "Change discount rate"


def test_nation_and_optimism_bias(window: MainWindow, qtbot: QtBot) -> None:
    page = window.project_page
    page.nation_combo.setCurrentIndex(page.nation_combo.findData("scotland"))
    page.nation_combo.activated.emit(page.nation_combo.currentIndex())
    assert window.document.plan.project.nation == "scotland"
    upper, mitigation = page.ob_spins["ob_operating"]
    mitigation.setValue(50)
    assert window.document.plan.project.ob_operating.mitigation == 0.5
    assert window.document.undo_stack.undoText() == "Change optimism bias"


def test_undo_of_other_edit_updates_form(window: MainWindow) -> None:
    window.document.push(SetProjectFields((("organisation", "Elsewhere"),), "Change organisation"))
    assert window.project_page.organisation_edit.text() == "Elsewhere"
    window.document.undo_stack.undo()
    assert window.project_page.organisation_edit.text() == "Demo Borough Council"


def test_empty_name_is_refused(window: MainWindow, demo_plan: Plan) -> None:
    edit = window.project_page.name_edit
    edit.setText("")
    edit.editingFinished.emit()
    assert edit.text() == demo_plan.project.name
    assert window.document.undo_stack.count() == 0


def test_validation_panel_lists_issues(window: MainWindow) -> None:
    panel = window.project_page.validation_panel
    report = window.document.validation
    assert panel.issue_list.topLevelItemCount() == len(report.errors) + len(report.warnings)
    window.document.push(SetProjectFields((("freezes", ()),), "Remove freezes"))
    assert panel.issue_list.topLevelItemCount() == len(window.document.validation.errors) + len(
        window.document.validation.warnings)
    if report.warnings:
        item = panel.issue_list.topLevelItem(len(report.errors))
        assert item.text(0) == "Warning"
        assert item.text(1) == report.warnings[0].message
        assert item.text(2) == report.warnings[0].where
