"""Jobs on the thread pool: results, errors and cancellation come back to the GUI thread."""

from __future__ import annotations

import threading
import time

import pytest
from pytestqt.qtbot import QtBot

from app.errors import InputError
from app.ui.workers import Job, JobCancelled, run_with_progress


def test_result_and_progress_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    seen: list[tuple[int, int]] = []
    gui = threading.get_ident()
    threads: list[int] = []

    def work(progress, cancelled):  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        for step in range(3):
            progress(step + 1, 3)
        return "done"

    job = Job(work)
    job.progressed.connect(lambda d, t: seen.append((d, t)))
    with qtbot.waitSignal(job.finished, timeout=5000) as blocker:
        job.start()
    assert blocker.args == ["done"]
    assert threads and threads[0] != gui
    qtbot.waitUntil(lambda: len(seen) == 3)
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_errors_are_reported_not_raised(qtbot: QtBot) -> None:
    def work(progress, cancelled):  # type: ignore[no-untyped-def]
        raise InputError("bad row", path="estate.xlsx")

    job = Job(work)
    with qtbot.waitSignal(job.failed, timeout=5000) as blocker:
        job.start()
    assert str(blocker.args[0]) == "estate.xlsx: bad row"


def test_cancel_stops_a_long_job(qtbot: QtBot) -> None:
    started = threading.Event()

    def work(progress, cancelled):  # type: ignore[no-untyped-def]
        started.set()
        while not cancelled():
            time.sleep(0.005)
        raise JobCancelled

    job = Job(work)
    with qtbot.waitSignal(job.cancelled, timeout=5000):
        job.start()
        assert started.wait(5)
        job.cancel()
    assert job.wait(5)


def test_run_with_progress_returns_the_result_and_reraises(qtbot: QtBot) -> None:
    assert run_with_progress(None, "Reading", lambda progress, cancelled: 42) == (True, 42)

    def fail(progress, cancelled):  # type: ignore[no-untyped-def]
        raise InputError("not an Excel workbook", path="x.xlsx")

    with pytest.raises(InputError, match="not an Excel workbook"):
        run_with_progress(None, "Reading", fail)
