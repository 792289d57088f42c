"""The structure of Microsoft's MSPDI schema (mspdi_pj12.xsd) that MS Project enforces, for tests.

Transcribed (element names and order only) from Microsoft's published schema reference, "XML Schema for
the Project / Tasks / Calendars Element" (MicrosoftDocs/office-developer-msproject-xml-docs,
project-xml-data-interchange/xml-schema-for-the-*-element.md). The XSD itself is "(c) Microsoft, all rights
reserved", so it is not shipped; ``check_schema`` checks what MS Project is strict about instead: every
child is an element the parent's ``xsd:sequence`` allows, in that sequence's order, required children are
present, a few enumerations and length limits hold, and ``Calendars`` holds at least one ``Calendar``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: N817 - parses only files the tests just wrote

NAMESPACE = "http://schemas.microsoft.com/project"

PROJECT = tuple("""
    SaveVersion UID Name Title Subject Category Company Manager Author CreationDate Revision LastSaved
    ScheduleFromStart StartDate FinishDate FYStartDate CriticalSlackLimit CurrencyDigits CurrencySymbol
    CurrencyCode CurrencySymbolPosition CalendarUID DefaultStartTime DefaultFinishTime MinutesPerDay
    MinutesPerWeek DaysPerMonth DefaultTaskType DefaultFixedCostAccrual DefaultStandardRate
    DefaultOvertimeRate DurationFormat WorkFormat EditableActualCosts HonorConstraints EarnedValueMethod
    InsertedProjectsLikeSummary MultipleCriticalPaths NewTasksEffortDriven NewTasksEstimated
    SplitsInProgressTasks SpreadActualCost SpreadPercentComplete TaskUpdatesResource FiscalYearStart
    WeekStartDay MoveCompletedEndsBack MoveRemainingStartsBack MoveRemainingStartsForward
    MoveCompletedEndsForward BaselineForEarnedValue AutoAddNewResourcesAndTasks StatusDate CurrentDate
    MicrosoftProjectServerURL Autolink NewTaskStartDate DefaultTaskEVMethod ProjectExternallyEdited
    ExtendedCreationDate ActualsInSync RemoveFileProperties AdminProject OutlineCodes WBSMasks
    ExtendedAttributes Calendars Tasks Resources Assignments
""".split())
TASK = tuple("""
    UID ID Name Type IsNull CreateDate Contact WBS WBSLevel OutlineNumber OutlineLevel Priority Start
    Finish Duration DurationFormat Work Stop Resume ResumeValid EffortDriven Recurring OverAllocated
    Estimated Milestone Summary Critical IsSubproject IsSubprojectReadOnly SubprojectName ExternalTask
    ExternalTaskProject EarlyStart EarlyFinish LateStart LateFinish StartVariance FinishVariance
    WorkVariance FreeSlack TotalSlack FixedCost FixedCostAccrual PercentComplete PercentWorkComplete
    Cost OvertimeCost OvertimeWork ActualStart ActualFinish ActualDuration ActualCost ActualOvertimeCost
    ActualWork ActualOvertimeWork RegularWork RemainingDuration RemainingCost RemainingWork
    RemainingOvertimeCost RemainingOvertimeWork ACWP CV ConstraintType CalendarUID ConstraintDate
    Deadline LevelAssignments LevelingCanSplit LevelingDelay LevelingDelayFormat PreLeveledStart
    PreLeveledFinish Hyperlink HyperlinkAddress HyperlinkSubAddress IgnoreResourceCalendar Notes HideBar
    Rollup BCWS BCWP PhysicalPercentComplete EarnedValueMethod PredecessorLink ActualWorkProtected
    ActualOvertimeWorkProtected ExtendedAttribute Baseline OutlineCode IsPublished StatusManager
    CommitmentStart CommitmentFinish CommitmentType
""".split())
SEQUENCES: dict[str, tuple[str, ...]] = {
    "Project": PROJECT,
    "Calendars": ("Calendar",),
    "Calendar": ("UID", "Name", "IsBaseCalendar", "BaseCalendarUID", "WeekDays", "Exceptions", "WorkWeeks"),
    "WeekDays": ("WeekDay",),
    "WeekDay": ("DayType", "DayWorking", "TimePeriod", "WorkingTimes"),
    "WorkingTimes": ("WorkingTime",),
    "WorkingTime": ("FromTime", "ToTime"),
    "Exceptions": ("Exception",),
    "Exception": ("EnteredByOccurrences", "TimePeriod", "Occurrences", "Name", "Type", "Period", "DaysOfWeek",
                  "MonthItem", "MonthPosition", "Month", "MonthDay", "DayWorking", "WorkingTimes"),
    "TimePeriod": ("FromDate", "ToDate"),
    "Tasks": ("Task",),
    "Task": TASK,
    "PredecessorLink": ("PredecessorUID", "Type", "CrossProject", "CrossProjectName", "LinkLag", "LagFormat"),
}
REPEATABLE = {"Calendar", "WeekDay", "WorkingTime", "Exception", "Task", "PredecessorLink",
              "ExtendedAttribute", "Baseline", "OutlineCode"}
REQUIRED: dict[str, tuple[str, ...]] = {
    "Project": ("SaveVersion", "CurrencyCode"),  # the two without minOccurs="0" in pj12
    "Calendars": ("Calendar",), "Calendar": ("UID",), "WeekDay": ("DayType",), "Task": ("UID",),
}
ENUMERATIONS: dict[tuple[str, str], set[str]] = {
    ("Task", "Type"): {"0", "1", "2"},
    ("PredecessorLink", "Type"): {"0", "1", "2", "3"},
    ("Task", "ConstraintType"): {str(n) for n in range(8)},
    ("WeekDay", "DayType"): {str(n) for n in range(8)},
    ("Exception", "Type"): {str(n) for n in range(1, 10)},
    ("Project", "FYStartDate"): {str(n) for n in range(1, 13)},
    ("Project", "WeekStartDay"): {str(n) for n in range(7)},
}
BOOLEANS = {"ScheduleFromStart", "HonorConstraints", "IsNull", "Estimated", "Milestone", "Summary",
            "Critical", "IsBaseCalendar", "DayWorking", "EnteredByOccurrences"}
MAX_LENGTH = {("Project", "Name"): 255, ("Project", "Title"): 512, ("Task", "Name"): 512,
              ("Calendar", "Name"): 512, ("Exception", "Name"): 512, ("Project", "CurrencyCode"): 3}


def _local(tag: str) -> str:
    namespace, _, name = tag[1:].partition("}")
    assert namespace == NAMESPACE, f"{tag} is outside the MSPDI namespace"
    return name


def check_schema(root: ET.Element) -> None:
    """Assert that ``root`` and everything under it follows the MSPDI sequences listed above."""
    assert _local(root.tag) == "Project"
    _check(root)


def _check(element: ET.Element) -> None:
    parent = _local(element.tag)
    sequence = SEQUENCES.get(parent)
    children = [_local(child.tag) for child in element]
    if sequence is None:
        assert not children, f"{parent} should hold text only, holds {children}"
        return
    positions = []
    for name in children:
        assert name in sequence, f"{parent} may not hold {name}"
        positions.append(sequence.index(name))
    assert positions == sorted(positions), f"{parent} children out of schema order: {children}"
    for name in set(children) - REPEATABLE:
        assert children.count(name) == 1, f"{parent} holds {name} more than once"
    for name in REQUIRED.get(parent, ()):
        assert name in children, f"{parent} lacks required {name}"
    for child in element:
        name = _local(child.tag)
        value = child.text or ""
        if (parent, name) in ENUMERATIONS:
            assert value in ENUMERATIONS[parent, name], f"{parent}/{name} = {value!r}"
        if name in BOOLEANS:
            assert value in {"0", "1", "true", "false"}, f"{parent}/{name} = {value!r}"
        if (parent, name) in MAX_LENGTH:
            assert len(value) <= MAX_LENGTH[parent, name], f"{parent}/{name} is too long"
        _check(child)
