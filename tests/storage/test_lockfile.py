"""Project locks: held by a live process (a real second process), stale, foreign, damaged, unwritable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.storage import lockfile
from app.storage.lockfile import LockOwner, ProjectLockedError, acquire, lock_path_for, read_owner

ROOT = Path(__file__).resolve().parents[2]

HOLDER = """
import os, sys
sys.path.insert(0, {root!r})
from pathlib import Path
from app.storage.lockfile import acquire
lock = acquire(Path({path!r}))
print("locked" if lock is not None else "unlocked", flush=True)
if {crash!r}:
    os._exit(0)  # dies holding the lock, like a crash
sys.stdin.read()
lock.release()
"""


@contextmanager
def lock_held_by_another_process(project: Path) -> Iterator[subprocess.Popen[str]]:
    """Run a second Python process that holds ``project``'s lock until the block ends."""
    code = HOLDER.format(root=str(ROOT), path=str(project), crash=False)
    child = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "locked"
        yield child
    finally:
        child.communicate("", timeout=30)


def leave_stale_lock(project: Path) -> int:
    """Let a second process take ``project``'s lock and die without releasing it; return its pid."""
    code = HOLDER.format(root=str(ROOT), path=str(project), crash=True)
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           timeout=30)
    assert child.stdout.strip() == "locked"
    owner = read_owner(project)
    assert owner is not None and owner.pid != os.getpid()
    return owner.pid


def test_acquire_writes_who_holds_it_and_release_removes_it(tmp_path: Path) -> None:
    project = tmp_path / "plan.ccplan"
    lock = acquire(project)
    assert lock is not None
    assert lock_path_for(project) == tmp_path / ".plan.ccplan.ccplan-lock"
    data = json.loads(lock_path_for(project).read_text(encoding="utf-8"))
    assert {"pid", "host", "user", "started"} <= set(data)
    assert data["pid"] == os.getpid()
    owner = read_owner(project)
    assert owner == lock.owner and owner.is_this_process and owner.started_at is not None
    lock.release()
    assert not lock_path_for(project).exists()
    lock.release()  # twice is harmless


def test_this_process_may_lock_again_and_the_old_lock_then_leaves_it(tmp_path: Path) -> None:
    project = tmp_path / "plan.ccplan"
    first = acquire(project)
    second = acquire(project)
    assert first is not None and second is not None
    assert not first.held and second.held
    first.release()  # no longer ours: the file stays
    assert read_owner(project) == second.owner
    second.release()
    assert not lock_path_for(project).exists()


def test_a_live_second_process_holds_the_lock(tmp_path: Path) -> None:
    project = tmp_path / "plan.ccplan"
    with lock_held_by_another_process(project) as child:
        with pytest.raises(ProjectLockedError) as caught:
            acquire(project)
        assert caught.value.owner.pid == child.pid
        assert caught.value.path == project
        assert read_owner(project).pid == child.pid  # type: ignore[union-attr]
        taken = acquire(project, take_over=True)
        assert taken is not None and taken.held
    # The holder's release found the lock was no longer its own and left it.
    assert read_owner(project) == taken.owner
    taken.release()


def test_a_stale_lock_of_a_dead_process_is_taken_over_silently(tmp_path: Path) -> None:
    project = tmp_path / "plan.ccplan"
    dead_pid = leave_stale_lock(project)
    assert not lockfile.process_alive(dead_pid)
    lock = acquire(project)
    assert lock is not None and lock.held and read_owner(project).pid == os.getpid()  # type: ignore[union-attr]
    lock.release()


def test_a_lock_from_another_computer_counts_as_held(tmp_path: Path) -> None:
    project = tmp_path / "plan.ccplan"
    foreign = LockOwner(os.getpid(), "another-host.example", "alice", "2026-05-01T09:30:00+01:00", "x")
    lock_path_for(project).write_text(json.dumps(foreign.__dict__), encoding="utf-8")
    with pytest.raises(ProjectLockedError) as caught:
        acquire(project)
    assert caught.value.owner == foreign


def test_a_damaged_lock_is_taken_over(tmp_path: Path) -> None:
    project = tmp_path / "plan.ccplan"
    lock_path_for(project).write_text("{not json", encoding="utf-8")
    assert read_owner(project) is None
    lock = acquire(project)
    assert lock is not None and lock.held


def test_no_lock_where_none_can_be_written(tmp_path: Path) -> None:
    def refused(*_args: object, **_kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "open", refused)
        lock = acquire(tmp_path / "plan.ccplan")
    assert lock is None
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="runs as root, and chmod does not stop root writing into a folder")
def test_no_lock_in_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        assert acquire(folder / "plan.ccplan") is None
    finally:
        folder.chmod(0o755)


def test_process_alive() -> None:
    assert lockfile.process_alive(os.getpid())
    assert not lockfile.process_alive(0)
    assert not lockfile.process_alive(-5)
