"""Atomic file replacement: write beside the target, flush to disk, then ``os.replace``.

A crash or a kill at any moment leaves either the old file whole or the new file whole, never a mix. The
temporary file is hidden and named ``.<name>.<pid>-<host tag>.<random>.part``, so nothing mistakes it for a
project; one left behind by a process that was killed on this computer is removed by the next save of the
same file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import socket
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from app.storage.lockfile import process_alive

PART_SUFFIX = ".part"


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path in ``target``'s folder; on success it replaces ``target`` atomically.

    On any exception the temporary file is removed and ``target`` is left as it was.
    """
    target = Path(target)
    if target.is_symlink():
        target = Path(os.path.realpath(target))  # replace the file the link points to, not the link
    prefix = f".{target.name}.{os.getpid()}-{host_tag()}."
    fd, tmp_name = tempfile.mkstemp(prefix=prefix, suffix=PART_SUFFIX, dir=target.parent or ".")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        _fsync_file(tmp)
        with contextlib.suppress(OSError):
            os.chmod(tmp, _mode_for(target))  # mkstemp makes 0600; keep the old file's bits
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    # The new file is in place: a folder that refuses fsync (some network or FUSE file systems) must not
    # turn a finished save into a reported failure.
    with contextlib.suppress(OSError):
        _fsync_dir(target.parent)
    remove_stale_parts(target)


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def atomic_write_with(target: Path, writer: Callable[[Path], None]) -> None:
    """Call ``writer(tmp_path)`` to produce the file, then move it over ``target`` atomically."""
    with atomic_path(target) as tmp:
        writer(tmp)


def host_tag() -> str:
    """Six hex digits naming this computer in temporary file names (a shared folder may serve several)."""
    return hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:6]


def remove_stale_parts(target: Path) -> list[Path]:
    """Delete temporary files of ``target`` left by saving processes of this computer that no longer run.

    Files of live processes, and of other computers (whose processes cannot be checked), are kept. Errors
    are ignored: this is housekeeping. Returns the files removed.
    """
    pattern = re.compile(re.escape(f".{target.name}.") + r"(\d+)-([0-9a-f]{6})\.[^.]+"
                         + re.escape(PART_SUFFIX))
    removed: list[Path] = []
    tag = host_tag()
    try:
        entries = list(os.scandir(target.parent or "."))
    except OSError:
        return removed
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None or match.group(2) != tag:
            continue
        pid = int(match.group(1))
        if pid == os.getpid() or process_alive(pid):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _mode_for(target: Path) -> int:
    """The permission bits a saved file should get: the old file's, else the usual ones under the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder if str(folder) else ".", os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
