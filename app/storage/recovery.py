"""Autosaves of open plans, and finding the ones a crashed ccplan left behind, in the user data folder.

Each autosave is two files in ``<data folder>/autosave``, both written atomically: ``<key>.json``, the plan
as interchange JSON (readable by ``ccplan`` and any JSON tool), and ``<key>.meta.json`` beside it, saying
which file it came from, when it was written, by which ccplan version and process. The data folder is
``$CCPLAN_DATA_DIR`` when set, else the platform's user data folder for ccplan.

An autosave is *recoverable* when the process that wrote it no longer runs: checked on this computer; one
written on another computer (a shared home folder) is offered only once it is a day old.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from platformdirs import user_data_dir

from app import __version__
from app.engine.model import Plan
from app.storage import interchange
from app.storage.atomic import atomic_write_bytes
from app.storage.lockfile import process_alive, this_host, this_user

META_SUFFIX = ".meta.json"
META_FORMAT = "ccplan-autosave"
OTHER_HOST_GRACE = timedelta(days=1)


def data_folder() -> Path:
    """The user data folder: ``$CCPLAN_DATA_DIR`` (tests point it at ``tmp_path``) or the platform's."""
    override = os.environ.get("CCPLAN_DATA_DIR")
    if override:
        return Path(override)
    return Path(user_data_dir("ccplan", "ccplan"))


def autosave_folder() -> Path:
    """The folder autosaves are written to."""
    return data_folder() / "autosave"


def new_key() -> str:
    """A name for one document's autosave, unique to this process: ``<pid>-<random>``."""
    return f"{os.getpid()}-{secrets.token_hex(4)}"


@dataclass(frozen=True)
class Autosave:
    """One autosave on disk and what its sidecar says about it."""

    plan_path: Path
    original: Path | None  # the file the plan was opened from or saved to; None for an untitled plan
    name: str  # the document's name as the title bar showed it
    saved_at: datetime
    app_version: str
    pid: int
    host: str
    user: str

    @property
    def key(self) -> str:
        """The autosave's name in its folder."""
        return self.plan_path.name.removesuffix(".json")

    @property
    def meta_path(self) -> Path:
        """The sidecar file."""
        return self.plan_path.with_name(self.key + META_SUFFIX)


def write_autosave(plan: Plan, key: str, *, name: str, original: Path | None,
                   folder: Path | None = None) -> Autosave:
    """Write (or overwrite) the autosave ``key``: the plan first, then its sidecar.

    Raises:
        OSError: the folder cannot be created or written (full disk, no permission).
    """
    folder = folder if folder is not None else autosave_folder()
    folder.mkdir(parents=True, exist_ok=True)
    autosave = Autosave(folder / f"{key}.json", original, name, datetime.now().astimezone(), __version__,
                        os.getpid(), this_host(), this_user())
    atomic_write_bytes(autosave.plan_path, interchange.dumps(plan).encode("utf-8"))
    meta = {"format": META_FORMAT, "version": 1,
            "original": None if original is None else str(original), "name": name,
            "saved_at": autosave.saved_at.isoformat(timespec="seconds"), "app_version": __version__,
            "pid": autosave.pid, "host": autosave.host, "user": autosave.user}
    atomic_write_bytes(autosave.meta_path, json.dumps(meta, indent=1).encode("utf-8"))
    return autosave


def list_recoverable(folder: Path | None = None, *, now: datetime | None = None) -> list[Autosave]:
    """Return the autosaves left by ccplan processes that no longer run, newest first.

    Sidecars without their plan (a crash between the two writes) are removed; unreadable sidecars skipped.
    """
    folder = folder if folder is not None else autosave_folder()
    now = now if now is not None else datetime.now().astimezone()
    found: list[Autosave] = []
    try:
        metas = sorted(folder.glob("*" + META_SUFFIX))
    except OSError:
        return found
    for meta_path in metas:
        autosave = _read_meta(meta_path)
        if autosave is None or _owned_by_live_process(autosave, now):
            continue
        if not autosave.plan_path.is_file():
            with contextlib.suppress(OSError):
                meta_path.unlink()
            continue
        found.append(autosave)
    return sorted(found, key=lambda a: a.saved_at, reverse=True)


def load_autosave(autosave: Autosave) -> Plan:
    """Read the autosaved plan.

    Raises:
        InputError: the autosave is missing or damaged.
    """
    return interchange.read_json(autosave.plan_path)


def discard(autosave: Autosave) -> None:
    """Delete an autosave (its sidecar first, so a half-deleted one is never offered); never fails."""
    discard_key(autosave.key, autosave.plan_path.parent)


def discard_key(key: str, folder: Path | None = None) -> None:
    """Delete the autosave ``key`` if it exists; never fails."""
    folder = folder if folder is not None else autosave_folder()
    for path in (folder / f"{key}{META_SUFFIX}", folder / f"{key}.json"):
        with contextlib.suppress(OSError):
            path.unlink()


def _owned_by_live_process(autosave: Autosave, now: datetime) -> bool:
    if autosave.host == this_host():
        return process_alive(autosave.pid)
    return now - autosave.saved_at < OTHER_HOST_GRACE


def _read_meta(meta_path: Path) -> Autosave | None:
    try:
        data = json.loads(meta_path.read_text(encoding="utf-8"))
        if data.get("format") != META_FORMAT:
            return None
        saved_at = datetime.fromisoformat(str(data["saved_at"]))
        if saved_at.tzinfo is None:
            saved_at = saved_at.astimezone()
        original = data.get("original")
        key = meta_path.name.removesuffix(META_SUFFIX)
        return Autosave(meta_path.with_name(key + ".json"), Path(original) if original else None,
                        str(data.get("name", key)), saved_at, str(data.get("app_version", "")),
                        int(data["pid"]), str(data.get("host", "")), str(data.get("user", "")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None

