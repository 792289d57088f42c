"""The Summary page: one screen a board can read: the dates, the money and the deadlines, each with a status.

Every figure comes from the engine: ``document.schedule`` (finish, benchmark, float), ``document.costs``
(one-off, dual running, NPCs, switching value), ``document.gaps`` (contract ends and notice dates) and, once
the Risk page has run one, a ``RiskResult`` (P80, criticality). The page picks and words them; it exports
itself as PNG or PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRect, Qt
from PySide6.QtGui import QAction, QKeySequence, QPageLayout, QPageSize, QPainter, QPdfWriter, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QScrollArea,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.charts.cost_charts import npc_comparison
from app.charts.style import pounds
from app.engine.cost import CostReport
from app.engine.edits import ChangeSet
from app.engine.gaps import PSTN_SWITCH_OFF
from app.engine.model import Plan
from app.engine.risk import RiskResult
from app.ui.appearance import heading_factor, relative_font
from app.ui.document import Document
from app.ui.file_dialogs import ask_save_path
from app.ui.formatting import format_date, format_money, format_percent
from app.ui.widgets.chart_host import ChartHost
from app.ui.widgets.cost_summary_tile import Status, SummaryTile
from app.ui.widgets.keyboard_access import form_scroll_area, offer_in_context_menu, put_tools_in_tab_order

TOP_CRITICAL = 6  # critical tasks listed
_NEAR_DAYS = 10  # float at or under this many working days before a hard deadline is "at risk"


def _long_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


class SummaryPage(QWidget):
    """Tiles with big numbers, the top critical tasks and the NPC chart; PNG and PDF export.

    Args:
        document: the open document.
        parent: the owning widget.
    """

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._chart_report: CostReport | None = None  # a report whose chart waits for the page to show
        self._risk: RiskResult | None = None
        self._risk_plan: Plan | None = None
        self.toolbar = QToolBar(self.tr("Summary tools"), self)
        self.toolbar.setAccessibleName(self.tr("Summary tools"))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.export_png_action = self._action(
            self.tr("Export &PNG…"),
            self.tr("Save the summary as a PNG image"),
            "Ctrl+Shift+G",
            self._on_export_png_action_triggered,
        )
        self.export_pdf_action = self._action(
            self.tr("Export P&DF…"),
            self.tr("Save the summary as a PDF page"),
            "Ctrl+Shift+F",
            self._on_export_pdf_action_triggered,
        )
        self.dashboard = QWidget(self)
        self.dashboard.setObjectName("summary_dashboard")
        self.dashboard.setAutoFillBackground(True)
        self.heading = QLabel(self.dashboard)
        self.heading.setAccessibleName(self.tr("Summary heading"))
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)  # a long project name wraps instead of widening the page
        self.notice_label = QLabel(self.dashboard)
        self.notice_label.setAccessibleName(self.tr("Summary notice"))
        self.notice_label.setWordWrap(True)
        self.tiles: dict[str, SummaryTile] = {}
        grid = QGridLayout()
        grid.setSpacing(10)
        for k, (key, title) in enumerate(
            (
                ("finish", self.tr("Finish date")),
                ("p80", self.tr("P80 finish (risk)")),
                ("one_off", self.tr("One-off cost")),
                ("dual_running", self.tr("Dual running")),
                ("npc", self.tr("Net present cost")),
                ("switching", self.tr("Switching value")),
                ("pstn", self.tr("PSTN switch-off (31 Jan 2027)")),
                ("contracts", self.tr("Incumbent contracts")),
            )
        ):
            tile = SummaryTile(title, self.dashboard)
            self.tiles[key] = tile
            grid.addWidget(tile, k // 4, k % 4)
        for column in range(4):
            grid.setColumnStretch(column, 1)
        self.critical_title = QLabel(self.dashboard)
        self.critical_title.setAccessibleName(self.tr("Top critical tasks heading"))
        self.critical_list = QListWidget(self.dashboard)
        self.critical_list.setAccessibleName(self.tr("Top critical tasks"))
        self.critical_list.setWordWrap(True)
        self.critical_list.setSpacing(3)
        self.critical_list.setFont(relative_font(self.critical_list.font(), heading_factor(1.1)))
        self.chart_host = ChartHost(self.tr("Net present cost chart"), "net-present-cost", self.dashboard)
        self.chart_host.placeholder.setText(self.tr("No cost report: the plan cannot be scheduled."))
        critical = QVBoxLayout()
        critical.addWidget(self.critical_title)
        critical.addWidget(self.critical_list, 1)
        bottom = QHBoxLayout()
        bottom.addLayout(critical, 1)
        bottom.addWidget(self.chart_host, 1)
        body = QVBoxLayout(self.dashboard)
        body.setContentsMargins(12, 8, 12, 12)
        body.addWidget(self.heading)
        body.addWidget(self.notice_label)
        body.addLayout(grid)
        body.addLayout(bottom, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        # Scrolls only when a large system font makes the dashboard taller than the window.
        scroll = form_scroll_area(QScrollArea(self), self.tr("Summary dashboard"))
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.dashboard)
        layout.addWidget(scroll, 1)
        for action in (self.export_png_action, self.export_pdf_action):
            button = self.toolbar.widgetForAction(action)
            if button is not None:
                button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
        put_tools_in_tab_order(self.toolbar, self.tr("More summary tools"))
        # On the page: a context menu asked for on any of its controls (the Menu key) reaches it.
        self.setAccessibleName(self.tr("Summary"))
        offer_in_context_menu(self, [self.export_png_action, self.export_pdf_action])
        document.plan_changed.connect(self._on_document_plan_changed)
        self.refresh()

    def _action(self, text: str, tip: str, shortcut: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({keys})")
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        self.toolbar.addAction(action)
        return action

    # --- figures -------------------------------------------------------------------------------------

    def set_risk_result(self, result: RiskResult | None) -> None:
        """Show a simulation's P80 and criticality (the main window connects ``simulation_finished``)."""
        self._risk = result
        self._risk_plan = self._document.plan if result is not None else None
        self.refresh()

    def refresh(self) -> None:
        """Rebuild every tile from the document's current results."""
        plan = self._document.plan
        self.heading.setText(self.tr("<h2>{name}: board summary</h2>").format(name=plan.project.name))
        schedule = self._document.schedule
        self.notice_label.setVisible(schedule is None)
        self.notice_label.setText(
            self.tr(
                "The plan cannot be scheduled (see the Project page): dates, "
                "float and costs wait until it can."
            )
        )
        self._show_finish()
        self._show_p80()
        self._show_costs()
        self._show_pstn()
        self._show_contracts()
        self._show_critical()

    def _show_finish(self) -> None:
        schedule = self._document.schedule
        tile = self.tiles["finish"]
        if schedule is None:
            tile.set_content("—", self.tr("No schedule."), "info")
            return
        months = self._document.plan.project.benchmark_months
        detail = self.tr(
            "{months:.1f} months from the start on {start}, against a {bench:g}-month benchmark (to {end})."
        ).format(
            months=schedule.calendar_months,
            start=format_date(schedule.start),
            bench=months,
            end=format_date(schedule.benchmark_end),
        )
        detail += " " + (
            self.tr("Within the benchmark.")
            if schedule.within_benchmark
            else self.tr("Later than the benchmark.")
        )
        tile.set_content(_long_date(schedule.finish), detail, "good" if schedule.within_benchmark else "bad")

    def _show_p80(self) -> None:
        tile = self.tiles["p80"]
        result = self._risk
        if result is None or 80 not in result.percentiles:
            tile.set_content("—", self.tr("P80: run a simulation on the Risk page."), "info")
            return
        p80 = result.percentiles[80]
        detail = self.tr(
            "80% of {n:,} simulated runs finish by then (P50 {p50}). {p} chance of finishing "
            "within the benchmark."
        ).format(
            n=result.iterations,
            p50=format_date(result.percentiles[50]),
            p=format_percent(result.p_within_benchmark, 0),
        )
        status: Status = "good" if p80 <= result.benchmark_end else "warn"
        if self._risk_plan is not self._document.plan:
            detail += " " + self.tr("The plan has changed since: run the simulation again.")
            status = "warn"
        tile.set_content(_long_date(p80), detail, status)

    def _show_costs(self) -> None:
        report = self._document.costs
        if report is None:
            for key in ("one_off", "dual_running", "npc", "switching"):
                self.tiles[key].set_content("—", self.tr("No cost report."), "info")
            return
        years = len(report.fy_labels)
        self.tiles["one_off"].set_content(
            pounds(report.one_off),
            self.tr(
                "{amount} of one-off spend: cost lines, staff effort and exit fees "
                "(ex VAT, before optimism bias)."
            ).format(amount=format_money(report.one_off)),
            "info",
            format_money(report.one_off),
        )
        self.tiles["dual_running"].set_content(
            pounds(report.dual_running),
            self.tr("{amount} paid for legacy systems while their replacements are already charging.").format(
                amount=format_money(report.dual_running)
            ),
            "info",
            format_money(report.dual_running),
        )
        dearer = report.npc_difference > 0
        words = (
            self.tr("Migrating costs {amount} more than doing the minimum over {n} years in present value")
            if dearer
            else self.tr("Migrating costs {amount} less than doing the minimum over {n} years in present value")
        ).format(n=years, amount=pounds(abs(report.npc_difference)))
        self.tiles["npc"].set_content(
            self.tr("{migrate} vs {do_minimum}").format(
                migrate=pounds(report.npc_migrate), do_minimum=pounds(report.npc_do_minimum)
            ),
            self.tr("Migrate vs do minimum. {words}; {with_ob} with optimism bias.").format(
                words=words, with_ob=pounds(report.npc_migrate_with_ob)
            ),
            "warn" if dearer else "good",
        )
        self._show_switching(report.switching_value, report.benefits_from_fy)
        self._chart_report = report
        if self.isVisible():
            self._draw_chart()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Draw the chart left undrawn while the page was hidden (matplotlib is the slow part)."""
        super().showEvent(event)
        if self._chart_report is not None:
            self._draw_chart()

    def _draw_chart(self) -> None:
        report = self._chart_report
        self._chart_report = None
        if report is None:
            return
        self.chart_host.set_figure(
            npc_comparison(report),
            self.tr("Net present cost: migrate {m}, with optimism bias {ob}, do minimum {d}").format(
                m=pounds(report.npc_migrate),
                ob=pounds(report.npc_migrate_with_ob),
                d=pounds(report.npc_do_minimum),
            ),
        )

    def _show_switching(self, value: float | None, first_year: str | None) -> None:
        tile = self.tiles["switching"]
        if value is None:
            tile.set_content("—", self.tr("No financial year is left in the horizon for benefits."), "bad")
        elif value <= 0:
            tile.set_content(
                pounds(0),
                self.tr("Migrating is already no dearer: no benefits are needed to break even."),
                "good",
            )
        else:
            tile.set_content(
                self.tr("{amount} a year").format(amount=pounds(value)),
                self.tr("Needs {amount} a year of benefits from {fy} to break even.").format(
                    amount=pounds(value), fy=first_year or ""
                ),
                "info",
                format_money(value),
            )

    def _show_pstn(self) -> None:
        tile = self.tiles["pstn"]
        schedule = self._document.schedule
        tasks = [t for t in self._document.plan.tasks if t.deadline == PSTN_SWITCH_OFF]
        if schedule is None or not tasks:
            tile.set_content(
                "—",
                self.tr("No task carries the 31 January 2027 switch-off as its deadline.")
                if schedule is not None
                else self.tr("No schedule."),
                "info",
            )
            return
        floats = {t.id: int(schedule.total_float[schedule.index[t.id]]) for t in tasks}
        tightest = min(floats, key=floats.__getitem__)
        days = floats[tightest]
        names = ", ".join(sorted(floats))
        if days >= 0:
            detail = self.tr("Met with {n} working days to spare ({tasks}).").format(n=days, tasks=names)
            status: Status = "warn" if days <= _NEAR_DAYS else "good"
            value = self.tr("{n} days float").format(n=days)
        else:
            detail = self.tr("Missed by {n} working days ({task}).").format(n=abs(days), task=tightest)
            status, value = "bad", self.tr("{n} days late").format(n=abs(days))
        tile.set_content(value, detail, status)

    def _show_contracts(self) -> None:
        tile = self.tiles["contracts"]
        plan = self._document.plan
        gaps = self._document.gaps
        traps = {m.what: m for m in gaps.missed_deadlines if m.kind == "contract-end"}
        notice = dict(gaps.notice_deadlines)
        ending = [s for s in plan.systems if s.estate == "current" and s.contract_end is not None]
        if not ending:
            tile.set_content("—", self.tr("No incumbent contract end dates recorded."), "info")
            return
        lines = []
        for system in ending:
            line = self.tr("{name}: ends {end}").format(
                name=system.name, end=format_date(system.contract_end)
            )
            if system.id in traps:
                line += self.tr(", stops {planned}: renewal trap").format(
                    planned=format_date(traps[system.id].planned)
                )
            if system.id in notice:
                line += self.tr("; notice by {day}").format(day=format_date(notice[system.id]))
            lines.append(line + ".")
        value = self.tr("{n} renewal trap(s)").format(n=len(traps)) if traps else self.tr("Clear")
        tile.set_content(
            value, " ".join(lines), "bad" if traps else "good", "\n".join(m.message for m in traps.values())
        )

    def _show_critical(self) -> None:
        self.critical_list.clear()
        schedule = self._document.schedule
        tasks = self._document.plan.task_by_id
        if self._risk is not None and self._risk.criticality:
            self.critical_title.setText(self.tr("<b>Most often critical</b> (from the simulation)"))
            ranked = sorted(self._risk.criticality.items(), key=lambda kv: -kv[1])[:TOP_CRITICAL]
            for task_id, share in ranked:
                name = tasks[task_id].name if task_id in tasks else task_id
                self.critical_list.addItem(
                    self.tr("{id}  {name}: critical in {p} of runs").format(
                        id=task_id, name=name, p=format_percent(share, 0)
                    )
                )
            return
        self.critical_title.setText(
            self.tr("<b>Longest critical tasks</b> (zero float: a day's slip moves the finish)")
        )
        if schedule is None:
            return
        critical = [
            tasks[i]
            for i, flag in zip(schedule.task_ids, schedule.critical.tolist(), strict=True)
            if flag and i in tasks
        ]
        for task in sorted(critical, key=lambda t: -t.duration)[:TOP_CRITICAL]:
            self.critical_list.addItem(
                self.tr("{id}  {name}: {n} working days").format(id=task.id, name=task.name, n=task.duration)
            )

    # --- export --------------------------------------------------------------------------------------

    def export_png(self, path: Path) -> None:
        """Save the dashboard as a PNG image. Raises ``OSError`` when it cannot be written."""
        self._draw_chart()  # a chart left undrawn while the page was hidden goes into the file too
        if not self.dashboard.grab().save(str(path), "PNG"):
            raise OSError(self.tr("Could not write {path}").format(path=path))

    def export_pdf(self, path: Path) -> None:
        """Save the dashboard as one landscape A4 PDF page, scaled to fit."""
        self._draw_chart()
        pixmap = self.dashboard.grab()
        writer = QPdfWriter(str(path))
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Landscape,
                QMarginsF(10, 10, 10, 10),
                QPageLayout.Unit.Millimeter,
            )
        )
        writer.setResolution(150)
        writer.setTitle(self.tr("{name}: board summary").format(name=self._document.plan.project.name))
        painter = QPainter(writer)
        try:
            area = painter.viewport()
            scaled = pixmap.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawPixmap(QRect(area.topLeft(), scaled), pixmap)
        finally:
            painter.end()
        if not path.exists():
            raise OSError(self.tr("Could not write {path}").format(path=path))

    def _export(self, suffix: str, file_filter: str, write: Callable[[Path], None]) -> None:
        path = ask_save_path(self, self.tr("Export summary"), f"summary{suffix}", file_filter, suffix)
        if path is None:
            return
        try:
            write(path)
        except OSError as error:
            QMessageBox.warning(self, self.tr("Export summary"), str(error))

    def _on_export_png_action_triggered(self) -> None:
        self._export(".png", self.tr("PNG images (*.png)"), self.export_png)

    def _on_export_pdf_action_triggered(self) -> None:
        self._export(".pdf", self.tr("PDF documents (*.pdf)"), self.export_pdf)

    def _on_document_plan_changed(self, _changes: ChangeSet) -> None:
        self.refresh()
