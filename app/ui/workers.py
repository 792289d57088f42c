"""Long work off the GUI thread: run an engine or storage function on the thread pool, with progress and cancel.

A job runs ``fn(progress, cancelled)``: ``progress(done, total)`` reports how far it got and ``cancelled()``
says whether the user asked it to stop (the function checks it between steps and returns early or raises
``JobCancelled``). Results and errors come back to the GUI thread by signal; widgets are never touched from
the worker (Anki's ``CollectionOp``, Picard's ``run_task``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
JobFunction = Callable[[Progress, Cancelled], Any]

_CONTEXT = "Workers"
SHUTDOWN_WAIT_S = 10.0  # how long shutdown waits for a cancelled worker (engine work stops within one chunk)


class JobCancelled(Exception):
    """Raised by a job function that stops because it was cancelled."""


class Job(QObject):
    """One function running on the global thread pool.

    Signals:
        progressed(int, int): work done and total (total 0 means unknown).
        finished(object): the function's result.
        failed(object): the exception it raised.
        cancelled(): it stopped because ``cancel()`` was called.
    """

    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    _running: set[Job] = set()  # keeps jobs alive until they report back

    def __init__(self, fn: JobFunction, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._stop = threading.Event()
        self._done = threading.Event()

    def start(self) -> None:
        """Queue the job on the global thread pool."""
        Job._running.add(self)
        runnable = QRunnable.create(self._run)
        QThreadPool.globalInstance().start(runnable)

    def cancel(self) -> None:
        """Ask the job to stop; it reports ``cancelled`` when it has."""
        self._stop.set()

    def is_cancelled(self) -> bool:
        """True once ``cancel()`` was called."""
        return self._stop.is_set()

    def is_done(self) -> bool:
        """True once the function returned or raised."""
        return self._done.is_set()

    def wait(self, timeout_s: float | None = None) -> bool:
        """Block until the function has returned (for shutdown and tests); False on time-out."""
        return self._done.wait(timeout_s)

    def _run(self) -> None:  # on a pool thread
        try:
            result = self._fn(self._report, self._stop.is_set)
        except JobCancelled:
            self._finish(self.cancelled.emit)
        except Exception as exc:  # reported to the GUI thread, which shows one clear line
            self._finish(partial(self.failed.emit, exc))
        else:
            if self._stop.is_set():
                self._finish(self.cancelled.emit)
            else:
                self._finish(partial(self.finished.emit, result))

    def _report(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)

    def _finish(self, emit: Callable[[], None]) -> None:
        self._done.set()
        emit()
        Job._running.discard(self)


def stop_jobs(jobs: list[Job], timeout_s: float = SHUTDOWN_WAIT_S) -> None:
    """Cancel every job in ``jobs``, wait for each to end, and empty the list."""
    for job in list(jobs):
        job.cancel()
        job.wait(timeout_s)
    jobs.clear()


class JobSlot(QObject):
    """The one current background job of a page that runs work on demand (a simulation, a comparison).

    ``start`` makes a new job current. Reports of a job that is no longer current (abandoned, then ended
    late) are dropped; the current job's reports are passed on. ``shutdown()``, and the owner's destruction,
    cancel and wait for every job still running, so no worker outlives its page.

    Signals:
        running_changed(bool): a job became current, or the current one ended.
        progressed(int, int), finished(object), failed(object), cancelled(): the current job's reports,
            sent after ``running_changed(False)``.
    """

    running_changed = Signal(bool)
    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    def __init__(self, owner: QObject) -> None:
        super().__init__(owner)
        self.jobs: list[Job] = []  # every job not yet ended; shared with the destroyed handler
        self._job: Job | None = None
        owner.destroyed.connect(lambda _obj=None, jobs=self.jobs: stop_jobs(jobs))

    @property
    def job(self) -> Job | None:
        """The current job, if one runs."""
        return self._job

    def is_running(self) -> bool:
        """True while the current job runs."""
        return self._job is not None

    def start(self, fn: JobFunction) -> Job:
        """Run ``fn`` as the current job (the caller checks ``is_running()`` first)."""
        job = Job(fn)
        job.progressed.connect(self._on_job_progressed)
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        job.cancelled.connect(self._on_job_cancelled)
        self._job = job
        self.jobs.append(job)
        self.running_changed.emit(True)
        job.start()
        return job

    def cancel(self) -> bool:
        """Ask the current job to stop; False when none runs."""
        if self._job is None:
            return False
        self._job.cancel()
        return True

    def shutdown(self) -> None:
        """Cancel every running job and wait for its worker to end (call before the window goes)."""
        stop_jobs(self.jobs)

    def _end(self) -> bool:
        """Forget the reporting job; False when it is not the current one (a late report)."""
        job = self.sender()
        if not isinstance(job, Job):
            return False
        if job in self.jobs:
            self.jobs.remove(job)
        if job is not self._job:
            return False
        self._job = None
        self.running_changed.emit(False)
        return True

    def _on_job_progressed(self, done: int, total: int) -> None:
        if self.sender() is self._job and total:
            self.progressed.emit(done, total)

    def _on_job_finished(self, outcome: object) -> None:
        if self._end():
            self.finished.emit(outcome)

    def _on_job_failed(self, error: object) -> None:
        if self._end():
            self.failed.emit(error)

    def _on_job_cancelled(self) -> None:
        if self._end():
            self.cancelled.emit()


def run_with_progress(parent: QWidget | None, label: str, fn: JobFunction,
                      cancellable: bool = True) -> tuple[bool, Any]:
    """Run ``fn`` on a worker behind a modal progress dialog with Cancel; the window keeps repainting.

    With ``cancellable=False`` the dialog has no Cancel button: for work that cannot be abandoned half way
    without the user being misled (a database transaction commits whether or not anyone waits for it).

    Returns:
        ``(True, result)`` when it finished, ``(False, None)`` when the user cancelled.

    Raises:
        Exception: whatever ``fn`` raised, re-raised on the GUI thread.
    """
    dialog = QProgressDialog(label, QCoreApplication.translate(_CONTEXT, "Cancel"), 0, 0, parent)
    for button in dialog.findChildren(QPushButton):  # the Cancel button, named for screen readers
        button.setAccessibleName(QCoreApplication.translate(_CONTEXT, "Cancel"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    if not cancellable:
        dialog.setCancelButton(None)
    dialog.setMinimumDuration(300)
    dialog.setAccessibleName(label)
    job = Job(fn)
    loop = QEventLoop()
    outcome: dict[str, Any] = {}

    def on_progress(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(min(done, total) if total else 0)

    def on_finished(result: object) -> None:
        outcome["result"] = result
        loop.quit()

    def on_failed(exc: object) -> None:
        outcome["error"] = exc
        loop.quit()

    def on_cancel() -> None:
        # Cancel returns at once; a function that cannot stop early finishes unseen, its result dropped.
        job.cancel()
        loop.quit()

    job.progressed.connect(on_progress)
    job.finished.connect(on_finished)
    job.failed.connect(on_failed)
    job.cancelled.connect(loop.quit)
    dialog.canceled.connect(on_cancel)
    job.start()
    loop.exec()  # results arrive as queued signals, so even a job that already finished is seen here
    dialog.reset()
    dialog.deleteLater()
    if job.is_cancelled():
        return False, None
    if "error" in outcome:
        raise outcome["error"]
    if "result" in outcome:
        return True, outcome["result"]
    return False, None
