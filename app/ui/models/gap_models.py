"""``GapReportFormatter``: the document's ``GapReport`` as display sections, a summary and a report text.

An adapter (style guide §4): it reads ``document.gaps`` and the plan's names and only formats them; it never
computes a gap, a date or a day count of its own (the summary's total working days is the sum of the
engine's per-integration counts).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QObject

from app.engine.gaps import BrokenIntegration, MissedDeadline, SharedRange
from app.engine.model import Plan
from app.ui.document import Document

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WHERE_SYSTEM = re.compile(r"^systems\[(\d+)\]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Section keys, in display order (the order of the issue text: structure, links, ranges, dates, notices).
SECTION_KEYS = ("no_exit_path", "no_source", "broken_integrations", "shared_ranges", "missed_deadlines",
                "renewal_traps", "data_protection", "notice_deadlines")


def format_uk_day(value: date) -> str:
    """Return ``value`` as ``Tue 30 Nov 2027`` (English names whatever the process locale)."""
    return f"{_DAYS[value.weekday()]} {value.day} {_MONTHS[value.month - 1]} {value.year}"


@dataclass(frozen=True)
class GapRow:
    """One finding as shown: every field already formatted, plus the systems it is about."""

    finding: str
    systems: str
    dates: str
    working_days: int | None
    details: str
    system_ids: tuple[str, ...]
    overdue: bool = False


@dataclass(frozen=True)
class GapSection:
    """One category of findings: its key (``SECTION_KEYS``), title, rows and summary phrase."""

    key: str
    title: str
    rows: tuple[GapRow, ...]
    summary: str
    is_gap: bool = True  # notice deadlines are reminders, not gaps
    checked: bool = True  # False for a date-based check while the plan has no schedule


class GapReportFormatter(QObject):
    """Turns ``document.gaps`` into ``GapSection`` rows, a summary line and plain-text or CSV reports.

    Args:
        document: the open document.
        parent: the owning QObject.
    """

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document

    # --- sections --------------------------------------------------------------------------------------

    def reference_day(self) -> date:
        """The day notice deadlines are judged against: the project's status date, else today."""
        return self._document.plan.project.status_date or date.today()

    def sections(self) -> tuple[GapSection, ...]:
        """Return every category of the current gap report, empty ones included, in display order."""
        plan = self._document.plan
        gaps = self._document.gaps
        label = self._labeller(plan)
        exits = tuple(GapRow(self.tr("No exit path"), label(s), "", None, self.tr(
            "A current system with no replacement and no decommission task: say what replaces it or "
            "plan its decommission."), (s,)) for s in gaps.no_exit_path)
        sources = tuple(GapRow(self.tr("No source"), label(s), "", None, self.tr(
            "A target system that replaces nothing and has no cutover task: say what it replaces or plan "
            "its cutover."), (s,)) for s in gaps.no_source)
        broken = tuple(self._broken_row(plan, b) for b in gaps.broken_integrations)
        shared = tuple(self._shared_row(plan, s) for s in gaps.shared_ranges)
        missed = tuple(self._missed_row(plan, m) for m in gaps.missed_deadlines if m.kind != "contract-end")
        traps = tuple(self._missed_row(plan, m) for m in gaps.missed_deadlines if m.kind == "contract-end")
        protection = tuple(self._protection_row(plan, i.message, i.where) for i in gaps.data_protection)
        notices = tuple(self._notice_row(plan, s, d) for s, d in gaps.notice_deadlines)
        days = sum(b.working_days for b in gaps.broken_integrations)
        pstn = sum(m.kind == "pstn-switch-off" for m in gaps.missed_deadlines)
        overdue = sum(r.overdue for r in notices)
        broken_summary = _count(len(broken), self.tr("1 broken integration"),
                                self.tr("{n} broken integrations"))
        if broken:
            broken_summary += " " + _count(days, self.tr("(1 working day)"), self.tr("({n} working days)"))
        missed_summary = _count(len(missed), self.tr("1 missed deadline"), self.tr("{n} missed deadlines"))
        if pstn:
            missed_summary += " " + self.tr("(PSTN/ISDN switch-off)")
        notice_summary = _count(len(notices), self.tr("1 notice deadline"), self.tr("{n} notice deadlines"))
        if overdue:
            notice_summary += " " + self.tr("({n} overdue)").format(n=overdue)
        sections = (
            GapSection("no_exit_path", self.tr("Current systems with no exit path"), exits, _count(
                len(exits), self.tr("1 system with no exit path"), self.tr("{n} systems with no exit path"))),
            GapSection("no_source", self.tr("Target systems with no source"), sources, _count(
                len(sources), self.tr("1 target with no source"), self.tr("{n} targets with no source"))),
            GapSection("broken_integrations", self.tr("Integrations broken during cutover"), broken,
                       broken_summary),
            GapSection("shared_ranges", self.tr("DDI number ranges shared across waves (R10)"), shared,
                       _count(len(shared), self.tr("1 shared range"), self.tr("{n} shared ranges"))),
            GapSection("missed_deadlines", self.tr("Hard deadlines missed"), missed, missed_summary),
            GapSection("renewal_traps", self.tr("Renewal traps: incumbent contracts end first"), traps,
                       _count(len(traps), self.tr("1 renewal trap"), self.tr("{n} renewal traps"))),
            GapSection("data_protection", self.tr("Data protection"), protection, _count(
                len(protection), self.tr("1 data-protection warning"),
                self.tr("{n} data-protection warnings"))),
            GapSection("notice_deadlines", self.tr("Notice deadlines"), notices, notice_summary,
                       is_gap=False),
        )
        if self._document.schedule is not None:
            return sections
        unchecked = {"broken_integrations": self.tr("broken integrations not checked"),
                     "missed_deadlines": self.tr("missed deadlines not checked"),
                     "renewal_traps": self.tr("renewal traps not checked")}
        return tuple(dataclasses.replace(s, checked=False, summary=unchecked[s.key]) if s.key in unchecked
                     else s for s in sections)

    def _labeller(self, plan: Plan) -> Callable[[str], str]:
        """Return a function giving ``Name (id)`` for a system id (the bare id when unknown or unnamed)."""
        known = plan.system_by_id

        def label(system_id: str) -> str:
            system = known.get(system_id)
            name = system.name.strip() if system is not None else ""
            return f"{name} ({system_id})" if name else system_id
        return label

    def _broken_row(self, plan: Plan, broken: BrokenIntegration) -> GapRow:
        label = self._labeller(plan)
        link = next((i for i in plan.integrations if i.id == broken.integration), None)
        name = link.name.strip() if link is not None else ""
        finding = f"{name} ({broken.integration})" if name else broken.integration
        dates = self.tr("{first} to {last}").format(first=format_uk_day(broken.first_broken),
                                                     last=format_uk_day(broken.last_broken))
        return GapRow(finding, f"{label(broken.source)} → {label(broken.target)}", dates, broken.working_days,
                      broken.reason + ".", (broken.source, broken.target))

    def _shared_row(self, plan: Plan, shared: SharedRange) -> GapRow:
        label = self._labeller(plan)
        phases = plan.phase_by_id
        waves = ", ".join((phases[p].name.strip() or p) if p in phases else p for p in shared.phases)
        details = self.tr("Held by systems moving in different waves ({waves}); services on one range stay "
                          "on legacy or are forwarded until the whole range ports.").format(waves=waves)
        return GapRow(self.tr("Range {range}").format(range=shared.number_range),
                      "; ".join(label(s) for s in shared.systems), "", None, details, shared.systems)

    def _missed_row(self, plan: Plan, missed: MissedDeadline) -> GapRow:
        label = self._labeller(plan)
        dates = self.tr("Due {deadline}, planned {planned}").format(
            deadline=format_uk_day(missed.deadline), planned=format_uk_day(missed.planned))
        if missed.kind == "contract-end":
            dates = self.tr("Ends {deadline}, stops {planned}").format(
                deadline=format_uk_day(missed.deadline), planned=format_uk_day(missed.planned))
            return GapRow(self.tr("Renewal trap"), label(missed.what), dates, None, missed.message,
                          (missed.what,))
        task = next((t for t in plan.tasks if t.id == missed.what), None)
        named = task is not None and task.name.strip()
        task_name = f"{task.name.strip()} ({task.id})" if task is not None and named else missed.what
        finding = (self.tr("PSTN/ISDN switch-off: {task}") if missed.kind == "pstn-switch-off"
                   else self.tr("Deadline: {task}")).format(task=task_name)
        ids = tuple(s for s in task.systems if s in plan.system_by_id) if task is not None else ()
        return GapRow(finding, "; ".join(label(s) for s in ids), dates, None, missed.message, ids)

    def _protection_row(self, plan: Plan, message: str, where: str) -> GapRow:
        match = _WHERE_SYSTEM.match(where)
        index = int(match.group(1)) if match else -1
        ids = (plan.systems[index].id,) if 0 <= index < len(plan.systems) else ()
        finding = self.tr("DPIA missing or late") if "DPIA" in message else self.tr("Records not migrated")
        return GapRow(finding, "; ".join(self._labeller(plan)(s) for s in ids), "", None, message, ids)

    def _notice_row(self, plan: Plan, system_id: str, deadline: date) -> GapRow:
        label = self._labeller(plan)(system_id)
        system = plan.system_by_id.get(system_id)
        reference = self.reference_day()
        overdue = deadline < reference
        details = ""
        if system is not None and system.contract_end is not None:
            details = self.tr("Contract ends {end} with {days} days' notice.").format(
                end=format_uk_day(system.contract_end), days=system.notice_days)
        if overdue:
            basis = self.tr("status date") if plan.project.status_date else self.tr("today")
            details = self.tr("Overdue: the last day to serve notice was before the {basis}, {day}. ").format(
                basis=basis, day=format_uk_day(reference)) + details
        finding = self.tr("Serve notice on {system} by {day}").format(system=label,
                                                                       day=format_uk_day(deadline))
        dates = format_uk_day(deadline) + (" " + self.tr("(overdue)") if overdue else "")
        return GapRow(finding, label, dates, None, details.strip(), (system_id,), overdue)

    # --- summary and reports ---------------------------------------------------------------------------

    def summary(self, sections: tuple[GapSection, ...]) -> str:
        """The counts per category in one line, e.g. ``3 broken integrations (189 working days), ...``."""
        ordered = sorted(sections, key=lambda s: (not s.rows, not s.checked))
        return ", ".join(s.summary for s in ordered) + "."

    def has_gaps(self, sections: tuple[GapSection, ...]) -> bool:
        """True when any gap category has a finding (notice deadlines are reminders, not gaps)."""
        return any(s.rows for s in sections if s.is_gap)

    def verdict(self, sections: tuple[GapSection, ...]) -> str:
        """``Gaps found:``, ``No gaps found.``, or, without a schedule, ``No structural gaps found ...``."""
        if self.has_gaps(sections):
            return self.tr("Gaps found:")
        if self._document.schedule is None:
            return self.tr("No structural gaps found; the date-based checks could not run.")
        return self.tr("No gaps found.")

    def unschedulable_notice(self) -> str:
        """What is missing when the plan has no schedule; empty when it has one."""
        if self._document.schedule is not None:
            return ""
        return self.tr("The plan cannot be scheduled (for example, its tasks depend on each other in a "
                       "cycle; see the validation errors), so the date-based checks are not shown: broken "
                       "integrations, missed deadlines, renewal traps and data-protection timing. Fix the "
                       "schedule to see them.")

    def plain_text(self) -> str:
        """The whole report as plain text: title, summary, notice, then each category and its findings."""
        sections = self.sections()
        title = self.tr("Gap analysis: {project}").format(project=self._document.plan.project.name)
        lines = [title, "=" * len(title), self.verdict(sections) + " " + self.summary(sections)]
        if notice := self.unschedulable_notice():
            lines += ["", notice]
        for section in sections:
            heading = f"{section.title} ({len(section.rows)})"
            lines += ["", heading, "-" * len(heading)]
            if not section.checked:
                lines.append("  " + self.tr("Not checked: the plan has no schedule."))
            elif not section.rows:
                lines.append("  " + self.tr("None."))
            for row in section.rows:
                head = [row.finding] + [p for p in (row.systems, row.dates) if p and p != row.finding]
                if row.working_days is not None:
                    head.append(_count(row.working_days, self.tr("1 working day"),
                                       self.tr("{n} working days")))
                lines.append("  - " + " | ".join(head))
                if row.details:
                    lines.append("    " + row.details)
        return "\n".join(lines) + "\n"

    def csv_text(self) -> str:
        """The findings as CSV (one row each); cells that look like formulas are quoted as text."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([self.tr("Category"), self.tr("Finding"), self.tr("Systems"), self.tr("System ids"),
                         self.tr("Dates"), self.tr("Working days"), self.tr("Details"), self.tr("Overdue")])
        for section in self.sections():
            for row in section.rows:
                writer.writerow([_cell(v) for v in (
                    section.title, row.finding, row.systems, " ".join(row.system_ids), row.dates,
                    "" if row.working_days is None else str(row.working_days), row.details,
                    self.tr("yes") if row.overdue else "")])
        return out.getvalue()


def _count(n: int, one: str, many: str) -> str:
    return one if n == 1 else many.format(n=n)


def _cell(text: str) -> str:
    """Keep a spreadsheet from reading user text as a formula (style guide §6)."""
    return "'" + text if text.startswith(_FORMULA_START) else text
