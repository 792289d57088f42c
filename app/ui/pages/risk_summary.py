"""The Risk page's words: the result summary (HTML) and each chart's text description for screen readers.

Formatting only: every date and probability comes from the engine's ``RiskResult``. Strings are translated
in the ``RiskPage`` context, so they sit with the page's own in the translation files.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QCoreApplication

from app.engine.model import Plan
from app.engine.risk import RiskResult

_CONTEXT = "RiskPage"
_TABLE = "<table cellspacing='0' cellpadding='3' width='100%'>{}</table>"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def long_date(value: date) -> str:
    """A date as ``17 Aug 2028``."""
    return f"{value.day} {value:%b %Y}"


def distribution_name(distribution: str) -> str:
    """The distribution family as shown to users."""
    names = {"pert": _tr("PERT"), "triangular": _tr("Triangular")}
    return names.get(distribution, distribution)


def empty_summary_html() -> str:
    """What the summary says before the first run."""
    return "<p>{}</p>".format(html.escape(_tr(
        "Run a simulation (Ctrl+R) to see how likely each finish date is, and the chance of finishing "
        "within the 12-month benchmark a provider change usually takes.")))


def benchmark_sentence(result: RiskResult, plan: Plan) -> str:
    """E.g. "8% chance of finishing within the 12-month benchmark (by 31 May 2027)."."""
    return (_tr("%1% chance of finishing within the %2-month benchmark (by %3).")
            .replace("%1", f"{result.p_within_benchmark * 100:.0f}")
            .replace("%2", f"{plan.project.benchmark_months:g}")
            .replace("%3", long_date(result.benchmark_end)))


def summary_html(result: RiskResult, plan: Plan, muted: str = "#555555") -> str:
    """The headline, the finish-date table and the probability of meeting each deadline, by task name."""
    rows = [(_tr("Deterministic finish"), long_date(result.deterministic_finish))]
    rows += [(_tr("P%1 finish").replace("%1", str(p)), long_date(result.percentiles[p]))
             for p in sorted(result.percentiles)]
    rows.append((_tr("Mean finish"), long_date(result.mean)))
    rows.append((_tr("Within %1-month benchmark (by %2)").replace("%1", f"{plan.project.benchmark_months:g}")
                 .replace("%2", long_date(result.benchmark_end)), f"{result.p_within_benchmark:.0%}"))
    tasks = {task.id: task for task in plan.tasks}
    deadlines = []
    for task_id, share in result.p_by_deadline.items():
        task = tasks.get(task_id)
        due = f" ({_tr('due')} {long_date(task.deadline)})" if task and task.deadline else ""
        deadlines.append((f"{task.name if task else task_id} ({task_id}){due}", f"{share:.0%}"))
    headline = (_tr("50% chance of finishing by %1 and 80% by %2. %3")
                .replace("%1", long_date(result.percentiles[50]))
                .replace("%2", long_date(result.percentiles[80]))
                .replace("%3", benchmark_sentence(result, plan)))
    settings = (_tr("%1 iterations, %2 distribution, seed %3").replace("%1", f"{result.iterations:,}")
                .replace("%2", distribution_name(result.distribution)).replace("%3", str(result.seed)))
    no_deadlines = f"<p>{html.escape(_tr('No task has a deadline.'))}</p>"
    parts = [f"<p style='font-size:large'>{html.escape(headline)}</p>",
             f"<h3>{html.escape(_tr('Finish date'))}</h3>", _TABLE.format(_rows(rows)),
             f"<h3>{html.escape(_tr('Probability of meeting each deadline'))}</h3>",
             _TABLE.format(_rows(deadlines)) if deadlines else no_deadlines,
             f"<p style='color:{muted}'>{html.escape(settings)}</p>"]
    return "".join(parts)


def histogram_description(result: RiskResult, plan: Plan) -> str:
    """The finish histogram in words, e.g. "P50 finish 17 Aug 2028; P80 25 Sep 2028; ..."."""
    return (_tr("P50 finish %1; P80 %2; deterministic finish %3. %4")
            .replace("%1", long_date(result.percentiles[50])).replace("%2", long_date(result.percentiles[80]))
            .replace("%3", long_date(result.deterministic_finish))
            .replace("%4", benchmark_sentence(result, plan)))


def s_curve_description(result: RiskResult, plan: Plan) -> str:
    """The S-curve in words: the dates by which 10, 50, 80 and 90% of iterations finished."""
    text = _tr("Probability of finishing by a date: 10% by %1, 50% by %2, 80% by %3, 90% by %4. %5")
    for marker, level in (("%1", 10), ("%2", 50), ("%3", 80), ("%4", 90)):
        text = text.replace(marker, long_date(result.percentiles[level]))
    return text.replace("%5", benchmark_sentence(result, plan))


def tornado_description(top: list[tuple[str, str, float]]) -> str:
    """The tornado in words: the five tasks most often critical, with their criticality index."""
    listed = "; ".join(f"{name} ({task_id}) {share:.0%}" for task_id, name, share in top[:5])
    return _tr("Tasks most often on the critical path: %1").replace("%1", listed or _tr("none"))


def _rows(rows: list[tuple[str, str]]) -> str:
    return "".join(f"<tr><td>{html.escape(label)}</td><td align='right'><b>{html.escape(value)}</b></td></tr>"
                   for label, value in rows)
