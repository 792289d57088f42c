"""Project locks: a small JSON file beside an open ``.ccplan`` naming the ccplan process that has it open.

The lock of ``plan.ccplan`` is ``.plan.ccplan.ccplan-lock`` in the same folder, holding
``{"pid", "host", "user", "started", "token"}``. ``acquire`` creates it, or raises ``ProjectLockedError`` when
another running ccplan holds it. A lock whose process no longer runs on this computer is stale and is taken
over silently; a lock from another computer cannot be checked, so it counts as held. When the lock cannot be
written (a read-only folder or medium) ``acquire`` returns ``None`` and the file opens unlocked: a lock is a
courtesy between ccplan processes, never a reason to refuse a file.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import secrets
import socket
import sys
import tempfile
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

LOCK_SUFFIX = ".ccplan-lock"


def process_alive(pid: int) -> bool:
    """Whether a process with id ``pid`` runs on this computer (one owned by another user counts)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0: only checks that the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _windows_process_alive(pid: int) -> bool:
    # os.kill(pid, 0) would terminate the process on Windows; ask the kernel instead.
    if sys.platform != "win32":  # pragma: no cover - keeps mypy on other platforms quiet
        return False
    import ctypes

    kernel32 = ctypes.windll.kernel32
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return bool(kernel32.GetLastError() == 5)  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def this_host() -> str:
    """This computer's name as locks and autosaves record it."""
    return socket.gethostname() or "localhost"


def this_user() -> str:
    """The user's login name, or "unknown" where the system cannot say (some containers)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "unknown"


@dataclass(frozen=True)
class LockOwner:
    """The ccplan process that holds a lock, as its lock file says."""

    pid: int
    host: str
    user: str
    started: str  # ISO 8601 with the UTC offset
    token: str = ""  # tells this process's successive locks of one file apart

    @classmethod
    def current(cls) -> LockOwner:
        """This process, with a fresh token."""
        return cls(os.getpid(), this_host(), this_user(),
                   datetime.now().astimezone().isoformat(timespec="seconds"), secrets.token_hex(8))

    @property
    def is_this_process(self) -> bool:
        """Whether the lock was taken by this very process."""
        return self.pid == os.getpid() and self.host == this_host()

    @property
    def alive(self) -> bool:
        """Whether the holder may still run: checked on this computer, assumed for another computer."""
        return process_alive(self.pid) if self.host == this_host() else True

    @property
    def started_at(self) -> datetime | None:
        """When the lock was taken, or None when the file does not say clearly."""
        try:
            return datetime.fromisoformat(self.started)
        except ValueError:
            return None


class ProjectLockedError(Exception):
    """Another running ccplan has the project open.

    Attributes:
        path: the project file.
        owner: who holds it.
    """

    def __init__(self, path: Path, owner: LockOwner) -> None:
        super().__init__(f"{path}: open in another ccplan ({owner.user}@{owner.host}, pid {owner.pid})")
        self.path = path
        self.owner = owner


class ProjectLock:
    """A lock this process holds on one project file; ``release()`` removes it (once, and only if ours)."""

    def __init__(self, project: Path, owner: LockOwner) -> None:
        self.project = project
        self.owner = owner
        self.lock_path = lock_path_for(project)

    @property
    def held(self) -> bool:
        """Whether the lock file still names this lock (another process may have taken it over)."""
        return read_owner(self.project) == self.owner

    def release(self) -> None:
        """Remove the lock file when it is still ours; never fails."""
        if self.held:
            with contextlib.suppress(OSError):
                self.lock_path.unlink()


def lock_path_for(project: Path) -> Path:
    """The lock file of ``project``: ``.<name>.ccplan-lock`` beside it."""
    project = Path(project)
    return project.with_name(f".{project.name}{LOCK_SUFFIX}")


def read_owner(project: Path) -> LockOwner | None:
    """Return who holds ``project``'s lock, or None when there is no lock or it cannot be read."""
    try:
        data = json.loads(lock_path_for(project).read_text(encoding="utf-8"))
        return LockOwner(int(data["pid"]), str(data["host"]), str(data["user"]), str(data["started"]),
                         str(data.get("token", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def acquire(project: Path, *, take_over: bool = False) -> ProjectLock | None:
    """Lock ``project`` for this process.

    Args:
        project: the ``.ccplan`` file being opened (or saved to for the first time).
        take_over: replace a live holder's lock (the user chose "Open anyway").

    Returns:
        The lock, or None when no lock can be written there (read-only folder): the file opens unlocked.

    Raises:
        ProjectLockedError: another running ccplan holds the lock and ``take_over`` is False.
    """
    project = Path(project)
    me = LockOwner.current()
    path = lock_path_for(project)
    content = json.dumps(asdict(me), indent=1).encode("utf-8")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        owner = read_owner(project)  # unreadable (half-written, damaged) counts as stale
        if owner is not None and not take_over and not owner.is_this_process and owner.alive:
            raise ProjectLockedError(project, owner) from None
        return ProjectLock(project, me) if _replace(path, content) else None
    except OSError:
        return None
    try:
        os.write(fd, content)
    except OSError:
        os.close(fd)
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    os.close(fd)
    return ProjectLock(project, me)


def _replace(path: Path, content: bytes) -> bool:
    """Write ``content`` over the lock at ``path`` in one step (readers never see half a lock)."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False
    return True
