"""The ``ccplan`` command line: the same engine as the desktop app, without a window.

Each sub-command is a short function over storage and engine. Exit status follows the contract
(``shared/spec/cli-contract.md``): 0 success, 1 the plan has errors, 2 bad usage or unreadable input, with one
clear line on stderr naming the file and the problem, never a traceback (set ``CCPLAN_DEBUG=1`` to see one).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

from app import __version__
from app.errors import CcplanError, InputError

if TYPE_CHECKING:
    from app.engine.model import Plan

T = TypeVar("T")
Command = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, Command] = {}
INVENTORY_SUFFIXES = (".xlsx", ".xlsm", ".csv")
FILE_HELP = "a .ccplan project or interchange .json (omit it with --db)"


def command(name: str) -> Callable[[Command], Command]:
    """Register a sub-command function under ``name``."""

    def register(func: Command) -> Command:
        COMMANDS[name] = func
        return func

    return register


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr (exit 2), as the contract asks."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every sub-command."""
    parser = _Parser(
        prog="ccplan",
        description="Plan the move of a UK public-sector contact centre from one provider to another. "
        "Run 'ccplan [FILE]' to open the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"ccplan {__version__}")
    parser.add_argument("--db", metavar="URL",
                        help="work on the plan in a team database instead of FILE (a SQLAlchemy URL such as "
                        "postgresql+psycopg://user@host/plans; the password comes from the URL, "
                        "CCPLAN_DB_PASSWORD, the system keyring, or a prompt)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("new", help="create a project file, empty or from a sample")
    p.add_argument("file", metavar="FILE", nargs="?",
                   help="the project file to create (.ccplan, or .json); with --db, omit it")
    p.add_argument("--sample", metavar="NAME", help="start from a sample: midshire, northvale, citizen-services")
    p.add_argument("--name", help="project name (empty project only)")
    p.add_argument("--start", type=_iso_date, help="project start date YYYY-MM-DD (empty project only)")
    p.add_argument("--nation", choices=("england-and-wales", "scotland", "northern-ireland"),
                   default="england-and-wales", help="whose bank holidays apply (empty project only)")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")

    p = sub.add_parser("import", help="build a project file from interchange JSON or an inventory workbook")
    p.add_argument("source", metavar="SRC", help="interchange .json, or an estate inventory .xlsx/.csv")
    p.add_argument("--out", metavar="FILE", help="the project file to write (with --db: omit it)")
    p.add_argument("--sheet", help="inventory: the worksheet to read (default: the one that looks like one)")
    p.add_argument("--name", help="inventory: the new project's name (default: the file name)")
    p.add_argument("--start", type=_iso_date, help="inventory: the project start date YYYY-MM-DD")
    p.add_argument("--nation", choices=("england-and-wales", "scotland", "northern-ireland"),
                   default="england-and-wales", help="inventory: whose bank holidays apply")

    p = sub.add_parser("template", help="write a blank estate inventory workbook with guidance")
    p.add_argument("out", metavar="OUT", help="the .xlsx file to write")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")

    p = sub.add_parser("dump", help="print the project as interchange JSON")
    p.add_argument("file", metavar="FILE", nargs="?", help=FILE_HELP)

    p = sub.add_parser("validate", help="list errors and warnings; exit 1 on errors")
    p.add_argument("file", metavar="FILE", nargs="?", help=FILE_HELP)
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    p.add_argument("--json", action="store_true", help="print the report as JSON")

    p = sub.add_parser("cost", help="the cost model: by financial year, category, NPC and switching value")
    p.add_argument("file", metavar="FILE", nargs="?", help=FILE_HELP)
    p.add_argument("--json", action="store_true", help="print the cost model as JSON (the contract's form)")

    p = sub.add_parser("export", help="the Excel workbook, MS Project XML or CSV tables")
    p.add_argument("file", metavar="FILE", nargs="?", help=FILE_HELP)
    p.add_argument("--xlsx", metavar="OUT", help="write the Excel workbook (live formulas) to OUT")
    p.add_argument("--mspdi", metavar="OUT", help="write MS Project XML (MSPDI) to OUT")
    p.add_argument("--csv", metavar="FOLDER", help="write one CSV file per table into FOLDER")

    p = sub.add_parser("simulate", help="the Monte Carlo risk analysis of the schedule")
    p.add_argument("file", metavar="FILE", nargs="?", help=FILE_HELP)
    p.add_argument("--iterations", type=_positive_int, default=5000, help="iterations (default 5000)")
    p.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same result")
    p.add_argument("--distribution", choices=("pert", "triangular"),
                   help="duration distribution (default: the project's setting, normally PERT)")
    p.add_argument("--json", action="store_true", help="print the result as JSON (the contract's form)")

    p = sub.add_parser("compare", help="compare the plan's scenarios: finish, P80, costs, NPC")
    p.add_argument("file", metavar="FILE", nargs="?", help=FILE_HELP)
    p.add_argument("--iterations", type=_positive_int, default=1000,
                   help="Monte Carlo iterations per scenario for P50/P80 (default 1000)")
    p.add_argument("--seed", type=int, default=1, help="random seed, the same for every scenario")
    p.add_argument("--json", action="store_true", help="print the comparison as JSON")

    p = sub.add_parser("status", help="RAG status per phase and for the programme against the baseline")
    p.add_argument("file", metavar="FILE", nargs="?", help=FILE_HELP)
    p.add_argument("--baseline", metavar="ID", help="measure against this baseline (default: the chosen one)")
    p.add_argument("--status-date", type=_iso_date, metavar="DATE",
                   help="re-forecast from this status date YYYY-MM-DD (default: the project's)")
    p.add_argument("--json", action="store_true", help="print the status as JSON")

    p = sub.add_parser("schedule", help="the critical-path schedule")
    p.add_argument("file", metavar="FILE", nargs="?", help=FILE_HELP)
    p.add_argument("--json", action="store_true", help="print the schedule as JSON (the contract's form)")
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {text}")
    return value


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


@command("new")
def _run_new(args: argparse.Namespace) -> int:
    from app.engine.model import new_plan
    from app.storage.project_file import load_plan, save_plan
    from app.storage.samples import sample_path

    if _target_clash(args, args.file, "FILE"):
        return 2
    target = Path(args.file) if args.file else None
    if target is not None and target.exists() and not args.force:
        raise InputError("already exists (use --force to replace it)", path=target)
    if args.sample:
        plan = load_plan(sample_path(args.sample))
    else:
        plan = new_plan(args.name or (target.stem if target else "Team plan"), args.start or date.today(),
                        args.nation)
    if target is None:
        return _publish(args, plan)
    save_plan(plan, target)
    print(f"created {target} ({plan.project.name})")
    return 0


@command("import")
def _run_import(args: argparse.Namespace) -> int:
    from app.storage.project_file import load_plan, save_plan

    if _target_clash(args, args.out, "--out FILE"):
        return 2
    source = Path(args.source)
    if source.suffix.lower() in INVENTORY_SUFFIXES:
        return _import_inventory(source, Path(args.out) if args.out else None, args)
    plan = load_plan(source)
    if args.out is None:
        return _publish(args, plan)
    save_plan(plan, Path(args.out))
    print(f"imported {source} -> {args.out}: {len(plan.systems)} systems, {len(plan.tasks)} tasks, "
          f"{len(plan.cost_lines)} cost lines")
    return 0


def _import_inventory(source: Path, out: Path | None, args: argparse.Namespace) -> int:
    """Build a new project from an estate inventory; exit 1 when some rows were skipped."""
    from app.engine.model import new_plan
    from app.importers.inventory import format_report, inventory_edit, read_inventory
    from app.storage.project_file import save_plan

    result = read_inventory(source, sheet=args.sheet)
    if not result.systems:
        print(format_report(result, source))
        raise InputError("no row could be imported; nothing was written", path=source)
    plan = new_plan(args.name or source.stem, args.start or date.today(), args.nation)
    plan = inventory_edit(plan, result).apply(plan).plan
    if out is None:
        print(format_report(result, source))
        status = _publish(args, plan)
        return status or (1 if result.problems else 0)
    save_plan(plan, out)
    print(format_report(result, source))
    print(f"wrote {out}: {len(plan.systems)} systems")
    return 1 if result.problems else 0


@command("template")
def _run_template(args: argparse.Namespace) -> int:
    from app.exporters.inventory_template import write_inventory_template

    target = Path(args.out)
    if target.exists() and not args.force:
        raise InputError("already exists (use --force to replace it)", path=target)
    write_inventory_template(target)
    print(f"wrote the inventory template {target}")
    return 0


@command("dump")
def _run_dump(args: argparse.Namespace) -> int:
    from app.storage.interchange import dumps

    sys.stdout.write(dumps(_read(args)))
    return 0


@command("validate")
def _run_validate(args: argparse.Namespace) -> int:
    from app.engine.review import review_plan

    report = review_plan(_read(args))
    if args.json:
        issues = [{"severity": i.severity, "code": i.code, "where": i.where, "message": i.message}
                  for i in report.issues]
        print(json.dumps({"file": args.file, "ok": report.ok, "errors": len(report.errors),
                          "warnings": len(report.warnings), "issues": issues}, indent=2, ensure_ascii=False))
    else:
        for issue in report.issues:
            print(f"{issue.severity:<7} {issue.where}: {issue.message} [{issue.code}]")
        print(f"{args.file}: {_count(len(report.errors), 'error')}, {_count(len(report.warnings), 'warning')}")
    failed = bool(report.errors) or (args.strict and bool(report.warnings))
    return 1 if failed else 0


@command("schedule")
def _run_schedule(args: argparse.Namespace) -> int:
    from app.engine.schedule import compute_schedule
    from app.storage.reports import schedule_to_dict

    plan = _read(args)
    result = schedule_to_dict(plan, compute_schedule(plan))
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(f"{plan.project.name}: {result['start']} to {result['finish']}, {result['working_days']} working days "
          f"({result['calendar_months']} months; benchmark {result['benchmark_months']:g} months: "
          f"{'within' if result['within_benchmark'] else 'beyond'})")
    for task in result["tasks"]:
        flag = "*" if task["critical"] else " "
        print(f"{flag} {task['id']:<10} {task['start']} {task['finish']} float {task['total_float']:>4}  {task['name']}")
    for violation in result["violations"]:
        print(f"! {violation['task']}: {violation['message']}")
    return 0


@command("export")
def _run_export(args: argparse.Namespace) -> int:
    from app.engine.schedule import compute_schedule

    if not (args.xlsx or args.mspdi or args.csv):
        raise InputError("say what to export: --xlsx OUT, --mspdi OUT and/or --csv FOLDER", path=args.file)
    plan = _read(args)
    schedule = compute_schedule(plan)
    if args.xlsx:
        from app.exporters.excel.workbook import write_workbook

        write_workbook(plan, Path(args.xlsx), schedule=schedule)
        print(f"wrote the workbook {args.xlsx}")
    if args.mspdi:
        from app.exporters.mspdi import write_mspdi

        write_mspdi(plan, Path(args.mspdi), schedule=schedule)
        print(f"wrote MS Project XML {args.mspdi}")
    if args.csv:
        from app.exporters.csv_export import write_csv_tables

        folder = Path(args.csv)
        if folder.exists() and not folder.is_dir():
            raise InputError("is not a folder", path=folder)
        folder.mkdir(parents=True, exist_ok=True)
        written = write_csv_tables(plan, folder, schedule=schedule)
        print(f"wrote {len(written)} CSV files to {folder}")
    return 0


@command("cost")
def _run_cost(args: argparse.Namespace) -> int:
    from app.engine.cost import compute_costs
    from app.engine.schedule import compute_schedule
    from app.storage.reports import cost_to_dict

    plan = _read(args)
    doc = cost_to_dict(compute_costs(plan, compute_schedule(plan)))
    if args.json:
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    print(f"{plan.project.name}: costs in GBP, ex VAT, real prices")
    print(f"  one-off £{doc['one_off']:,.0f}; dual running £{doc['dual_running']:,.0f}; "
          f"optimism bias (separate) £{doc['optimism_bias']:,.0f}")
    print(f"  {'FY':<9}{'migrate':>14}{'do minimum':>14}")
    for row in doc["by_fy"]:
        print(f"  {row['fy']:<9}{row['migrate']:>14,.0f}{row['do_minimum']:>14,.0f}")
    print(f"  net present cost: migrate £{doc['npc_migrate']:,.0f}, do minimum £{doc['npc_do_minimum']:,.0f}")
    if doc["switching_value"] is not None:
        print(f"  switching value: £{doc['switching_value']:,.0f} a year of benefits from "
              f"{doc['benefits_from_fy']} to break even")
    for warning in doc["warnings"]:
        print(f"  ! {warning['message']}")
    return 0


@command("simulate")
def _run_simulate(args: argparse.Namespace) -> int:
    from app.engine.cost import cost_percentiles
    from app.engine.risk import simulate
    from app.engine.schedule import compute_schedule
    from app.storage.reports import risk_to_dict

    plan = _read(args)
    result = simulate(plan, args.iterations, args.seed, args.distribution)
    doc = risk_to_dict(result)
    one_off = cost_percentiles(plan, compute_schedule(plan), args.iterations, args.seed, args.distribution)
    doc["one_off_cost"] = {f"p{p}": value for p, value in sorted(one_off.items())}
    if args.json:
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    finish = doc["finish"]
    print(f"{plan.project.name}: {result.iterations} iterations ({result.distribution}, seed {result.seed})")
    print(f"  deterministic finish {result.deterministic_finish}; P10 {finish['p10']}, P50 {finish['p50']}, "
          f"P80 {finish['p80']}, P90 {finish['p90']}, mean {finish['mean']}")
    print(f"  chance of finishing within the benchmark window (by {result.benchmark_end}): "
          f"{doc['p_within_benchmark']:.0%}")
    cost = doc["one_off_cost"]
    print(f"  one-off cost from three-point lines: P50 £{cost['p50']:,.0f}, P80 £{cost['p80']:,.0f}")
    ranked = sorted(doc["criticality"].items(), key=lambda kv: -kv[1])[:10]
    names = plan.task_by_id
    for task_id, share in ranked:
        print(f"  {share:6.1%} critical  {task_id}  {names[task_id].name}")
    return 0


@command("compare")
def _run_compare(args: argparse.Namespace) -> int:
    from app.engine.scenarios import compare
    from app.storage.reports import comparison_to_dict

    plan = _read(args)
    doc = comparison_to_dict(compare(plan, args.iterations, args.seed), args.iterations, args.seed)
    failed = any(row["problem"] for row in doc["scenarios"])
    if args.json:
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 1 if failed else 0
    versions = _count(len(doc["scenarios"]), "version")
    print(f"{plan.project.name}: {versions}, {args.iterations} iterations each "
          f"(seed {args.seed}); money in GBP ex VAT")
    print(f"  {'scenario':<28}{'finish':>12}{'P80':>12}{'one-off':>13}{'dual run':>12}{'NPC':>14}")
    for row in doc["scenarios"]:
        name = row["name"] + (" *" if row["working"] else "")
        if row["problem"]:
            print(f"  {name:<28}  cannot be scheduled: {row['problem']}")
            continue
        print(f"  {name:<28}{row['finish']:>12}{row['p80'] or '-':>12}{row['one_off']:>13,.0f}"
              f"{row['dual_running']:>12,.0f}{row['npc_migrate']:>14,.0f}")
    print("  * the working plan")
    return 1 if failed else 0


@command("status")
def _run_status(args: argparse.Namespace) -> int:
    import dataclasses

    from app.engine.cost import compute_costs
    from app.engine.review import review
    from app.engine.tracking import track
    from app.errors import PlanError
    from app.storage.reports import status_to_dict

    plan = _read(args)
    if args.status_date is not None:
        project = dataclasses.replace(plan.project, status_date=args.status_date)
        plan = dataclasses.replace(plan, project=project)
    baseline = plan.active_baseline
    if args.baseline is not None:
        baseline = plan.baseline_by_id.get(args.baseline)
        if baseline is None:
            known = ", ".join(b.id for b in plan.baselines) or "none"
            raise InputError(f"no baseline '{args.baseline}' (baselines: {known})", path=args.file)
    checked = review(plan)
    if checked.schedule is None or checked.calendar is None:
        first = checked.report.errors[0].message if checked.report.errors else "it cannot be scheduled"
        raise PlanError(f"{args.file}: the plan cannot be scheduled: {first}")
    costs = compute_costs(plan, checked.schedule, checked.calendar)
    report, moved = track(plan, checked.schedule, checked.calendar, costs, checked.gaps, baseline)
    doc = status_to_dict(report, moved)
    if args.json:
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    where = f"against baseline '{baseline.name}'" if baseline else "with no baseline"
    print(f"{plan.project.name}: status {report.status_date or 'not set'} {where}")
    for row in [doc["programme"], *doc["phases"]]:
        slipped = "" if row["slip_days"] is None else f" slip {row['slip_days']:+d} wd"
        print(f"  {row['rag'].upper():<6}{row['name']}: finish {row['forecast_finish']}{slipped}")
        for reason in row["reasons"]:
            print(f"        {reason}")
    return 0


def _read(args: argparse.Namespace) -> Plan:
    """The plan a read-only command works on: FILE, or the team database named by ``--db``."""
    from app.storage.project_file import load_plan

    if args.db:
        if args.file:
            raise UsageError("give FILE or --db URL, not both")
        from app.storage.team import display_url, open_team

        opened = _with_password(args.db, lambda password: open_team(args.db, password))
        args.file = display_url(args.db)
        return opened.plan
    if not args.file:
        raise UsageError("give FILE (or --db URL)")
    return load_plan(args.file)


def _target_clash(args: argparse.Namespace, target: str | None, name: str) -> bool:
    """Whether the write target is missing or doubled (FILE and --db); prints the usage error."""
    if bool(target) == bool(args.db):
        which = "not both" if target else "one of them"
        print(f"ccplan {args.command}: give {name} or --db URL, {which} (see 'ccplan --help')",
              file=sys.stderr)
        return True
    return False


def _publish(args: argparse.Namespace, plan: Plan) -> int:
    """Put ``plan`` into the empty team database named by ``--db``."""
    from app.storage.team import publish

    saved = _with_password(args.db, lambda password: publish(args.db, plan, password))
    print(f"published {plan.project.name} to {saved.url} (revision {saved.revision}): "
          f"{len(plan.systems)} systems, {len(plan.tasks)} tasks")
    return 0


def _with_password(url: str, action: Callable[[str | None], T]) -> T:
    """Run ``action`` with the best password known for ``url``, prompting once on a terminal if refused."""
    from app.storage.credentials import known_password
    from app.storage.team import PasswordRequired

    password = known_password(url)
    try:
        return action(password)
    except PasswordRequired:
        if not sys.stdin.isatty():
            raise InputError("the server wants a password: put it in CCPLAN_DB_PASSWORD, the system keyring "
                             "or the URL, or run from a terminal to be asked", path=_shown(url)) from None
        import getpass

        try:
            typed = getpass.getpass(f"Password for {_shown(url)}: ")
        except EOFError:
            raise InputError("no password given", path=_shown(url)) from None
        return action(typed)


def _shown(url: str) -> str:
    from app.storage.team import display_url

    return display_url(url)


class UsageError(CcplanError):
    """The command line asks for something impossible (exit 2)."""


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _open_window(path: str | None, team_url: str | None = None) -> int:
    from app.ui.app import run

    return run(path, team_url=team_url) if team_url else run(path)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower() not in ("utf-8", "utf8"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    try:
        if not args_list:
            return _open_window(None)
        if len(args_list) == 1 and not args_list[0].startswith("-") and args_list[0] not in COMMANDS:
            return _open_window(args_list[0])
        args = build_parser().parse_args(args_list)
        if args.command is None:
            if args.db:
                return _open_window(None, team_url=args.db)
            build_parser().print_usage(sys.stderr)
            return 2
        return COMMANDS[args.command](args)
    except CcplanError as exc:
        print(f"ccplan: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # e.g. `ccplan dump FILE | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("ccplan: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line for users, the traceback on request
        if os.environ.get("CCPLAN_DEBUG"):
            raise
        print(f"ccplan: unexpected error ({type(exc).__name__}: {exc}); "
              "run again with CCPLAN_DEBUG=1 for details", file=sys.stderr)
        return 2
