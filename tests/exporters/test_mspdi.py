"""MS Project XML export: every task, link, WBS and calendar exception survives, in the schema's order."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET  # noqa: N817 - parses only files these tests just wrote
from datetime import date, datetime
from pathlib import Path

import pytest

from app.engine.calendar import WorkingCalendar
from app.engine.model import Dependency, Phase, Plan, Project, Task
from app.engine.schedule import Schedule, compute_schedule
from app.errors import InputError
from app.exporters.mspdi import NAMESPACE, MspdiProject, MspdiTask, read_mspdi, write_mspdi
from app.storage.interchange import read_json
from tests.conftest import SAMPLES
from tests.exporters.mspdi_schema import check_schema

SAMPLE_FILES = sorted(SAMPLES.glob("*.json"))
HOSTILE = "<&>\"' ]]> &amp; <!-- -->"


def _export(plan: Plan, tmp_path: Path) -> tuple[Schedule, MspdiProject, Path]:
    schedule = compute_schedule(plan)
    path = tmp_path / "plan.xml"
    write_mspdi(plan, path, schedule)
    return schedule, read_mspdi(path), path


def _plan(nation: str = "england-and-wales", start: date = date(2026, 1, 5), name: str = "Task A") -> Plan:
    """A small plan with every link type, a lead, a constraint, a deadline and an unphased task."""
    tasks = (
        Task("A", name, 5, phase="P1", notes="First task."),
        Task("B", "Build", 10, phase="P1", predecessors=(Dependency("A", "FS", 2, "needs the design"),),
             start_no_earlier_than=date(2026, 2, 2)),
        Task("C", "Test", 4, phase="P2", predecessors=(Dependency("B", "SS", 3), Dependency("A", "FF", -1))),
        Task("D", "Go live", 0, phase="P2", kind="cutover", predecessors=(Dependency("C", "FS"),),
             deadline=date(2026, 12, 31)),
        Task("E", "Close", 2, predecessors=(Dependency("D", "SF", 1, "after go-live"),)),
    )
    project = Project(name="Test plan", start_date=start, nation=nation,  # type: ignore[arg-type]
                      non_working_days=(date(2026, 3, 4),))
    return Plan(project=project, phases=(Phase("P1", "Build phase", "the build"), Phase("P2", "Go-live")),
                tasks=tasks)


def _at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


def _expected_order(plan: Plan) -> list[tuple[str, Task | None]]:
    """(WBS, task) rows in export order: each phase's summary then its tasks, then the loose tasks."""
    rows: list[tuple[str, Task | None]] = []
    number = 0
    for phase in plan.phases:
        tasks = [t for t in plan.tasks if t.phase == phase.id]
        if tasks:
            number += 1
            rows.append((str(number), None))
            rows.extend((f"{number}.{k}", t) for k, t in enumerate(tasks, start=1))
    known = {p.id for p in plan.phases}
    loose = [t for t in plan.tasks if t.phase not in known]
    rows.extend((str(n), t) for n, t in enumerate(loose, start=number + 1))
    return rows


def _check_tasks(plan: Plan, schedule: Schedule, project: MspdiProject) -> None:
    summary, *rows = project.tasks
    assert (summary.uid, summary.outline_level, summary.summary) == (0, 0, True)
    assert summary.start == _at(schedule.start, 8)
    assert summary.finish is not None and summary.finish.date() == schedule.finish
    expected = _expected_order(plan)
    assert [r.wbs for r in rows] == [wbs for wbs, _ in expected]
    uid_by_task = {t.id: r.uid for r, (_, t) in zip(rows, expected, strict=True) if t is not None}
    for position, (row, (wbs, task)) in enumerate(zip(rows, expected, strict=True), start=1):
        assert row.id == position and row.outline_number == wbs
        if task is None:
            assert row.summary and row.outline_level == 1 and not row.milestone
            continue
        _check_task(row, task, schedule, wbs)
        links = [(lnk.predecessor_uid, lnk.type, lnk.lag_days, lnk.lag_format) for lnk in row.predecessors]
        assert links == [(uid_by_task[d.task], d.type, d.lag, 7) for d in task.predecessors]


def _check_task(row: MspdiTask, task: Task, schedule: Schedule, wbs: str) -> None:
    i = schedule.index[task.id]
    assert row.name == task.name and not row.summary
    assert row.outline_level == wbs.count(".") + 1
    assert row.start == _at(schedule.start_of(task.id), 8)
    assert row.finish == _at(schedule.finish_of(task.id), 8 if task.duration == 0 else 17)
    assert row.duration_days == task.duration == int(schedule.ef[i] - schedule.es[i])
    assert row.milestone is (task.duration == 0)
    assert row.critical is bool(schedule.critical[i])
    assert row.total_slack_days == int(schedule.total_float[i])
    if task.start_no_earlier_than is not None:
        assert row.constraint_type == 4 and row.constraint_date is not None
        assert row.constraint_date.date() == task.start_no_earlier_than
    else:
        assert row.constraint_type == 0
    assert (row.deadline.date() if row.deadline else None) == task.deadline
    if task.notes:
        assert row.notes.startswith(task.notes)
    for link in task.predecessors:
        if link.reason:
            assert link.reason in row.notes


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_every_sample_round_trips(sample: Path, tmp_path: Path) -> None:
    plan = read_json(sample)
    schedule, project, path = _export(plan, tmp_path)
    assert project.name == plan.project.name[:255]
    assert (project.minutes_per_day, project.minutes_per_week, project.days_per_month) == (480, 2400, 20)
    assert project.calendar_uid == 1 and [c.uid for c in project.calendars] == [1]
    _check_tasks(plan, schedule, project)
    check_schema(ET.parse(path).getroot())


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_calendar_holds_the_bank_holidays_over_the_span(sample: Path, tmp_path: Path) -> None:
    plan = read_json(sample)
    schedule, project, _ = _export(plan, tmp_path)
    exceptions = {e.start: e for e in project.calendars[0].exceptions}
    calendar = WorkingCalendar.for_project(plan.project)
    for day, name in calendar.holidays_between(plan.project.start_date, schedule.finish):
        assert exceptions[day].name == name and exceptions[day].finish == day
        assert not exceptions[day].working
    assert len(exceptions) == len(project.calendars[0].exceptions)  # one exception per date: no overlaps


def test_every_link_type_lead_constraint_deadline_and_loose_task(tmp_path: Path) -> None:
    plan = _plan()
    schedule, project, path = _export(plan, tmp_path)
    _check_tasks(plan, schedule, project)
    by_name = {t.name: t for t in project.tasks}
    assert [lnk.type for lnk in by_name["Test"].predecessors] == ["SS", "FF"]
    assert [lnk.lag_days for lnk in by_name["Test"].predecessors] == [3, -1]
    assert by_name["Close"].wbs == "3" and by_name["Close"].outline_level == 1
    assert "FS+2d after Task A: needs the design" in by_name["Build"].notes
    assert by_name["Build"].notes.startswith("Dependency reasons:")
    assert by_name["Build phase"].notes == "the build"
    root = ET.parse(path).getroot()
    lags = [int(e.text or "") for e in root.iter(f"{{{NAMESPACE}}}LinkLag")]
    assert 2 * 4800 in lags and -4800 in lags  # tenths of a minute: 1 working day = 8 h = 4800
    check_schema(root)


@pytest.mark.parametrize(("nation", "expected"), [
    ("scotland", {date(2026, 1, 2): "New Year Holiday", date(2026, 11, 30): "Saint Andrew's Day"}),
    ("northern-ireland", {date(2026, 3, 17): "Saint Patrick's Day", date(2026, 7, 12): "Battle of the Boyne",
                          date(2026, 7, 13): "Battle of the Boyne (observed)"}),
])
def test_the_nations_own_bank_holidays_are_exceptions(nation: str, expected: dict[date, str],
                                                       tmp_path: Path) -> None:
    plan = _plan(nation=nation, start=date(2026, 1, 1))
    _, project, _ = _export(plan, tmp_path)
    exceptions = {e.start: e.name for e in project.calendars[0].exceptions}
    for day, name in expected.items():
        assert exceptions[day].startswith(name)
    assert exceptions[date(2026, 3, 4)] == "Project non-working day"


def test_file_is_utf8_with_the_mspdi_namespace(tmp_path: Path) -> None:
    plan = _plan()
    plan = dataclasses.replace(plan, project=dataclasses.replace(plan.project, name="Café £ programme"))
    _, _, path = _export(plan, tmp_path)
    raw = path.read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"')
    text = raw.decode("utf-8")
    assert "Café £ programme" in text and "<CurrencySymbol>£</CurrencySymbol>" in text
    root = ET.fromstring(raw)
    assert root.tag == f"{{{NAMESPACE}}}Project"
    assert not list(tmp_path.glob(".*.part"))  # the atomic write left nothing behind


def test_hostile_text_round_trips(tmp_path: Path) -> None:
    plan = _plan(name=HOSTILE)
    plan = dataclasses.replace(plan, tasks=(dataclasses.replace(plan.tasks[0], notes=HOSTILE + "\nline 2"),
                                            *plan.tasks[1:]))
    _, project, path = _export(plan, tmp_path)
    task = next(t for t in project.tasks if t.name == HOSTILE)
    assert task.notes == HOSTILE + "\nline 2"
    ET.parse(path)  # well-formed


def test_control_characters_are_dropped_so_the_xml_stays_well_formed(tmp_path: Path) -> None:
    _, project, path = _export(_plan(name="bad\x00\x07name\x1f"), tmp_path)
    assert "badname" in {t.name for t in project.tasks}
    ET.parse(path)


def test_long_names_are_cut_to_the_schema_limit(tmp_path: Path) -> None:
    plan = _plan(name="x" * 600)
    plan = dataclasses.replace(plan, project=dataclasses.replace(plan.project, name="p" * 300))
    _, project, _ = _export(plan, tmp_path)
    assert len(project.name) == 255 and "x" * 512 in {t.name for t in project.tasks}


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Project xmlns="http://schemas.microsoft.com/project"><Name>&lol4;</Name></Project>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Project xmlns="http://schemas.microsoft.com/project"><Name>&xxe;</Name></Project>"""


@pytest.mark.parametrize(("content", "message"), [
    (BILLION_LAUGHS, "refused"),
    (EXTERNAL_ENTITY, "refused"),
    (b"<Project><Name>unclosed</Project>", "not well-formed"),
    (b"", "not well-formed"),
    (b"\xff\xfe\x00garbage", "not well-formed"),
    (b"<Workbook/>", "not an MS Project XML file"),
    (b"<Project><Tasks><Task><UID>x</UID></Task></Tasks></Project>", "UID is not a whole number"),
    (b"<Project><Tasks><Task><Name>no uid</Name></Task></Tasks></Project>", "no UID"),
    (b"<Project><Tasks><Task><UID>1</UID><Duration>five days</Duration></Task></Tasks></Project>",
     "not a duration"),
    (b"<Project><Tasks><Task><UID>1</UID><PredecessorLink><PredecessorUID>2</PredecessorUID><Type>9</Type>"
     b"</PredecessorLink></Task></Tasks></Project>", "unknown link type"),
])
def test_bad_or_malicious_xml_is_an_input_error(content: bytes, message: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as caught:
        read_mspdi(path)
    assert caught.value.path == str(path)


def test_reads_a_file_without_namespace_and_old_style_exceptions(tmp_path: Path) -> None:
    path = tmp_path / "old.xml"
    path.write_text(
        "<Project><MinutesPerDay>420</MinutesPerDay><Calendars><Calendar><UID>3</UID><WeekDays><WeekDay>"
        "<DayType>0</DayType><DayWorking>0</DayWorking><TimePeriod><FromDate>2026-12-24T00:00:00</FromDate>"
        "<ToDate>2026-12-31T23:59:00</ToDate></TimePeriod></WeekDay></WeekDays></Calendar></Calendars>"
        "<Tasks><Task><UID>7</UID><Duration>P1DT4H0M0S</Duration><PredecessorLink><PredecessorUID>6"
        "</PredecessorUID><LinkLag>4200</LinkLag></PredecessorLink></Task></Tasks></Project>",
        encoding="utf-8")
    project = read_mspdi(path)
    (exception,) = project.calendars[0].exceptions
    assert (exception.start, exception.finish) == (date(2026, 12, 24), date(2026, 12, 31))
    assert not exception.working
    (task,) = project.tasks
    assert task.duration_days == pytest.approx((24 + 4) * 60 / 420)
    assert task.predecessors[0].type == "FS" and task.predecessors[0].lag_days == 1


def test_missing_file_and_unwritable_target_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_mspdi(tmp_path / "absent.xml")
    with pytest.raises(InputError, match="cannot write"):
        write_mspdi(_plan(), tmp_path / "no-such-folder" / "plan.xml")
