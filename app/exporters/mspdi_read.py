"""Reading Microsoft Project XML (MSPDI) files into a small typed view, safely.

``read_mspdi`` parses with defusedxml, so a hostile file (entity expansion such as "billion laughs",
external entities or a DTD) is refused as an ``InputError`` instead of exhausting memory. The view holds
what ccplan writes and would import: tasks with outline, dates, duration, flags and predecessor links,
and calendars with their exceptions. Elements are matched by local name, with or without the namespace.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: N817 - types and ParseError only; parsing is defusedxml's
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from app.errors import InputError

LINK_TYPES: dict[int, str] = {0: "FF", 1: "FS", 2: "SF", 3: "SS"}  # PredecessorLink/Type codes
_DURATION = re.compile(
    r"^-?P(?:(?P<d>\d+(?:\.\d+)?)D)?(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)


@dataclass(frozen=True)
class MspdiLink:
    """A predecessor link: the predecessor's UID, type (FS, SS, FF, SF) and lag in working days."""

    predecessor_uid: int
    type: str
    lag_days: float
    lag_format: int | None = None


@dataclass(frozen=True)
class MspdiTask:
    """One Task element. ``duration_days`` converts the ISO duration at the file's minutes per day."""

    uid: int
    id: int | None
    name: str
    wbs: str
    outline_number: str
    outline_level: int
    start: datetime | None
    finish: datetime | None
    duration_days: float
    milestone: bool
    summary: bool
    critical: bool
    total_slack_days: float | None
    constraint_type: int | None
    constraint_date: datetime | None
    deadline: datetime | None
    notes: str
    predecessors: tuple[MspdiLink, ...]


@dataclass(frozen=True)
class MspdiException:
    """A calendar exception: a date range, its name and whether it is working time."""

    name: str
    start: date
    finish: date
    working: bool


@dataclass(frozen=True)
class MspdiCalendar:
    """A calendar with its exceptions (the ``Exceptions`` list and the older exception ``WeekDay``s)."""

    uid: int
    name: str
    is_base: bool
    exceptions: tuple[MspdiException, ...]


@dataclass(frozen=True)
class MspdiProject:
    """What ``read_mspdi`` returns: the project fields ccplan uses, its calendars and its tasks."""

    name: str
    title: str
    start: datetime | None
    finish: datetime | None
    calendar_uid: int | None
    minutes_per_day: int
    minutes_per_week: int
    days_per_month: int
    calendars: tuple[MspdiCalendar, ...]
    tasks: tuple[MspdiTask, ...]

    def task_by_uid(self) -> dict[int, MspdiTask]:
        """Tasks keyed by UID."""
        return {t.uid: t for t in self.tasks}


def read_mspdi(path: str | Path) -> MspdiProject:
    """Read a Microsoft Project XML file.

    Raises:
        InputError: the file is missing or unreadable, not well-formed XML, uses entities or a DTD
            (refused: entity expansion attacks), is not an MSPDI ``Project``, or holds a bad value.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", path=path) from None
    try:
        root = SafeET.fromstring(raw, forbid_dtd=True)
    except DefusedXmlException as exc:
        reason = type(exc).__name__
        raise InputError(f"refused: the XML uses a DTD or entities ({reason})", path=path) from None
    except ET.ParseError as exc:
        raise InputError(f"not well-formed XML: {exc}", path=path) from None
    if _local(root.tag) != "Project":
        raise InputError(f"not an MS Project XML file (root element is {_local(root.tag)!r})", path=path)
    try:
        return _project(root)
    except InputError as exc:
        raise exc.located(path) from None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _child(parent: ET.Element, name: str) -> ET.Element | None:
    for element in parent:
        if _local(element.tag) == name:
            return element
    return None


def _children(parent: ET.Element | None, name: str) -> list[ET.Element]:
    return [] if parent is None else [e for e in parent if _local(e.tag) == name]


def _str(parent: ET.Element, name: str) -> str:
    element = _child(parent, name)
    return (element.text or "") if element is not None else ""


def _int(parent: ET.Element, name: str, where: str) -> int | None:
    text = _str(parent, name).strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise InputError(f"{name} is not a whole number: {text[:40]!r}", where=where) from None


def _bool(parent: ET.Element, name: str) -> bool:
    return _str(parent, name).strip().lower() in ("1", "true")


def _datetime(parent: ET.Element, name: str, where: str) -> datetime | None:
    text = _str(parent, name).strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise InputError(f"{name} is not a date and time: {text[:40]!r}", where=where) from None


def duration_minutes(text: str, where: str = "") -> float:
    """Minutes in an ISO 8601 duration as MSPDI writes it (``PT40H0M0S``); days count 24 hours.

    Raises:
        InputError: the text is not such a duration.
    """
    match = _DURATION.match(text.strip())
    if match is None:
        raise InputError(f"not a duration: {text[:40]!r}", where=where or None)
    parts = {k: float(v) if v else 0.0 for k, v in match.groupdict().items()}
    minutes = parts["d"] * 1440 + parts["h"] * 60 + parts["m"] + parts["s"] / 60
    return -minutes if text.strip().startswith("-") else minutes


def _project(root: ET.Element) -> MspdiProject:
    per_day = _int(root, "MinutesPerDay", "Project") or 480
    calendars = tuple(_calendar(c, i) for i, c in enumerate(_children(_child(root, "Calendars"), "Calendar")))
    tasks = tuple(_task(t, i, per_day) for i, t in enumerate(_children(_child(root, "Tasks"), "Task")))
    return MspdiProject(
        name=_str(root, "Name"), title=_str(root, "Title"),
        start=_datetime(root, "StartDate", "Project"), finish=_datetime(root, "FinishDate", "Project"),
        calendar_uid=_int(root, "CalendarUID", "Project"), minutes_per_day=per_day,
        minutes_per_week=_int(root, "MinutesPerWeek", "Project") or per_day * 5,
        days_per_month=_int(root, "DaysPerMonth", "Project") or 20, calendars=calendars, tasks=tasks,
    )


def _period(parent: ET.Element, where: str) -> tuple[date, date] | None:
    period = _child(parent, "TimePeriod")
    if period is None:
        return None
    first, last = _datetime(period, "FromDate", where), _datetime(period, "ToDate", where)
    if first is None or last is None:
        return None
    return first.date(), last.date()


def _calendar(element: ET.Element, position: int) -> MspdiCalendar:
    where = f"Calendars/Calendar[{position + 1}]"
    uid = _int(element, "UID", where)
    if uid is None:
        raise InputError("a calendar has no UID", where=where)
    exceptions = []
    for number, exception in enumerate(_children(_child(element, "Exceptions"), "Exception"), start=1):
        span = _period(exception, f"{where}/Exceptions/Exception[{number}]")
        if span is not None:
            exceptions.append(MspdiException(_str(exception, "Name"), span[0], span[1],
                                             _bool(exception, "DayWorking")))
    for weekday in _children(_child(element, "WeekDays"), "WeekDay"):
        span = _period(weekday, f"{where}/WeekDays") if _int(weekday, "DayType", where) == 0 else None
        if span is not None:  # pre-2007 files keep exceptions as WeekDay entries of DayType 0
            exceptions.append(MspdiException("", span[0], span[1], _bool(weekday, "DayWorking")))
    return MspdiCalendar(uid, _str(element, "Name"), _bool(element, "IsBaseCalendar"), tuple(exceptions))


def _task(element: ET.Element, position: int, per_day: int) -> MspdiTask:
    where = f"Tasks/Task[{position + 1}]"
    uid = _int(element, "UID", where)
    if uid is None:
        raise InputError("a task has no UID", where=where)
    duration = _str(element, "Duration").strip()
    slack = _int(element, "TotalSlack", where)
    links = []
    for number, link in enumerate(_children(element, "PredecessorLink"), start=1):
        at = f"{where}/PredecessorLink[{number}]"
        predecessor = _int(link, "PredecessorUID", at)
        if predecessor is None:
            raise InputError("a predecessor link has no PredecessorUID", where=at)
        code = _int(link, "Type", at)
        kind = LINK_TYPES.get(1 if code is None else code)
        if kind is None:
            raise InputError(f"unknown link type {code}", where=at)
        lag = _int(link, "LinkLag", at) or 0
        links.append(MspdiLink(predecessor, kind, lag / 10 / per_day, _int(link, "LagFormat", at)))
    return MspdiTask(
        uid=uid, id=_int(element, "ID", where), name=_str(element, "Name"), wbs=_str(element, "WBS"),
        outline_number=_str(element, "OutlineNumber"),
        outline_level=_int(element, "OutlineLevel", where) or 0,
        start=_datetime(element, "Start", where), finish=_datetime(element, "Finish", where),
        duration_days=duration_minutes(duration, where) / per_day if duration else 0.0,
        milestone=_bool(element, "Milestone"), summary=_bool(element, "Summary"),
        critical=_bool(element, "Critical"),
        total_slack_days=None if slack is None else slack / 10 / per_day,
        constraint_type=_int(element, "ConstraintType", where),
        constraint_date=_datetime(element, "ConstraintDate", where),
        deadline=_datetime(element, "Deadline", where), notes=_str(element, "Notes"),
        predecessors=tuple(links),
    )
