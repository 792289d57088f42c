"""Read an MSPDI file with MPXJ (the Java library ProjectLibre and GanttProject use) and print it as JSON.

Run as a separate process by ``test_mspdi_mpxj.py`` so the JVM never starts inside the test runner.
"""

from __future__ import annotations

import json
import sys

import jpype
import mpxj  # noqa: F401 - puts the MPXJ jars on the class path

jpype.startJVM()
from org.mpxj.mspdi import MSPDIReader  # noqa: E402

project = MSPDIReader().read(sys.argv[1])
tasks = []
for task in project.getTasks():
    if task.getID() is None or int(str(task.getID())) == 0:
        continue
    tasks.append({
        "name": str(task.getName()), "wbs": str(task.getWBS()), "summary": bool(task.getSummary()),
        "milestone": bool(task.getMilestone()), "start": str(task.getStart())[:10],
        "finish": str(task.getFinish())[:10],
        "predecessors": sorted((str(r.getPredecessorTask().getName()), str(r.getType()))
                               for r in task.getPredecessors()),
    })
calendar = project.getDefaultCalendar()
exceptions = sorted(str(e.getFromDate()) for e in calendar.getCalendarExceptions())
print(json.dumps({"tasks": tasks, "exceptions": exceptions}))
