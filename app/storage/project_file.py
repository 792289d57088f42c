"""Open and save ccplan projects: the native ``.ccplan`` SQLite file or interchange JSON.

``open_project`` sniffs the file's *content* (the SQLite header, or JSON's opening brace), checks a SQLite
file read-only (``mode=ro``) before touching it, backs it up and upgrades it with Alembic when it is of an
older schema, and refuses files it cannot read with one clear ``InputError`` line, leaving them untouched.
``save_plan`` builds the whole new database in a temporary file beside the target and moves it into place
atomically, so a crash at any moment leaves the previous file whole.

SQLite connections are made in autocommit mode at the driver level and SQLAlchemy emits ``BEGIN`` itself
(the documented pysqlite recipe), so table creation, Alembic migrations and data all commit or roll back
as one transaction. Every engine uses ``NullPool``/``StaticPool`` and is disposed, so no handle stays open.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import sqlite3
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, create_engine, event, insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool, StaticPool

from app import __version__
from app.engine.model import Plan
from app.errors import InputError
from app.storage import interchange, migrations
from app.storage.atomic import atomic_path
from app.storage.repository import APP_NAME, check_plan, meta_rows, read_plan, write_plan
from app.storage.schema import Base, Meta

SQLITE_MAGIC = b"SQLite format 3\x00"
NOT_A_PROJECT = "not a ccplan project file (neither a ccplan database nor interchange JSON)"
NOT_CCPLAN_SQLITE = "a SQLite database, but not a ccplan project"

# Pragmas for the scratch file a save builds: it only replaces the target after a full fsync, so it needs
# neither a rollback journal on disk nor synchronous writes.
SCRATCH_PRAGMAS: tuple[str, ...] = ("PRAGMA journal_mode=MEMORY", "PRAGMA synchronous=OFF")

Mode = Literal["ro", "scratch", "migrate", "memory"]


@dataclass(frozen=True)
class OpenedProject:
    """A project read from disk, and what opening it did to the file."""

    plan: Plan
    upgraded_from: str | None  # Alembic revision the file had before an upgrade, else None
    backup_path: Path | None  # where the pre-upgrade copy was kept


def open_project(path: str | Path) -> OpenedProject:
    """Open a ``.ccplan`` database or an interchange JSON file, recognised by content.

    A database of an older schema is first copied to ``<name>.bak-<revision>`` beside it (never over an
    existing backup), then upgraded in place. When the folder or file cannot be written, the upgrade is done
    on an in-memory copy instead and the file is left as it was (``backup_path`` is then ``None``).

    Raises:
        InputError: missing, a folder, unreadable, not a project, damaged, or saved by a newer ccplan; the
            file is left byte-for-byte untouched.
    """
    path = Path(path)
    if _sniff(path) == "json":
        return OpenedProject(interchange.read_json(path), None, None)
    revision = _check_database(path)
    if revision == migrations.head_revision():
        return OpenedProject(_guarded(path, lambda: _load(_engine(path, "ro"))), None, None)
    backup = _backup(path, revision) if _writable(path) else None
    if backup is None:
        plan = _guarded(path, lambda: _load_upgraded_copy(path))
    else:
        plan = _guarded(path, lambda: _upgrade_in_place(path), "cannot upgrade the project file")
    return OpenedProject(plan, revision, backup)


def load_plan(path: str | Path) -> Plan:
    """Return the plan in ``path`` (see ``open_project``)."""
    return open_project(path).plan


def save_plan(plan: Plan, path: str | Path) -> None:
    """Save ``plan`` atomically: interchange JSON when ``path`` ends ``.json``, else a ``.ccplan`` database.

    Raises:
        InputError: "cannot save: ..." (read-only folder, full disk, a number too large for SQLite ...); any
            previous file is left whole and no temporary file is left behind.
    """
    path = Path(path)
    try:
        if path.suffix.lower() == ".json":
            interchange.write_json(plan, path)
            return
        with atomic_path(path) as tmp:
            _write_database(plan, tmp)
    except (OSError, sqlite3.Error, SQLAlchemyError, OverflowError, ValueError) as exc:
        raise InputError(f"cannot save: {_reason(exc)}", path=path) from None


# --- sniffing and checks ----------------------------------------------------------------------------------


def _sniff(path: Path) -> Literal["sqlite", "json"]:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {_reason(exc)}", path=path) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("a folder, not a project file", path=path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise InputError(f"cannot read the file: {_reason(exc)}", path=path) from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n").startswith(b"{"):
        return "json"
    raise InputError(NOT_A_PROJECT, path=path)


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _check_database(path: Path) -> str:
    """Check read-only that ``path`` is a sound ccplan database this version can read; return its revision."""
    try:
        with contextlib.closing(_read_only(path)) as con:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "ccplan_meta" not in tables:
                raise InputError(NOT_CCPLAN_SQLITE, path=path)
            meta = dict(con.execute("SELECT key, value FROM ccplan_meta").fetchall())
            if meta.get("app") != APP_NAME:
                raise InputError(NOT_CCPLAN_SQLITE, path=path)
            if "alembic_version" not in tables:
                raise InputError("the project file is damaged: no schema version recorded", path=path)
            revisions = [r[0] for r in con.execute("SELECT version_num FROM alembic_version")]
            if len(revisions) != 1:
                raise InputError("the project file is damaged: no single schema version recorded", path=path)
            revision = str(revisions[0])
            if revision not in migrations.known_revisions():
                raise InputError(
                    f"this project was saved by a newer version of ccplan (schema {revision}); "
                    f"this version reads up to {migrations.head_revision()}", path=path)
            verdict = con.execute("PRAGMA quick_check").fetchall()
            if verdict != [("ok",)]:
                detail = " ".join(str(verdict[0][0]).replace("*** in database main ***", "").split())
                detail = interchange.one_line(detail)
                raise InputError(f"the project file is damaged: {detail}", path=path)
            return revision
    except (sqlite3.Error, UnicodeDecodeError) as exc:  # a damaged table list or meta row is not UTF-8
        raise InputError(f"the project file is damaged: {_reason(exc)}", path=path) from None


def _writable(path: Path) -> bool:
    """Whether the file and its folder look writable (an upgrade in place needs both)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _guarded(path: Path, action: Callable[[], Plan], what: str = "the project file is damaged") -> Plan:
    """Run ``action``, turning any database or decoding failure into one ``InputError`` line.

    A value the interchange reader's rules refuse (``check_plan``, or a scenario's stored JSON) means the
    file is damaged: the message says so and where (``$.systems[3].estate: expected one of ...``).
    """
    try:
        return action()
    except InputError as exc:
        if exc.path == str(path):
            raise
        detail = interchange.one_line(str(exc))
        raise InputError(f"the project file is damaged: {detail}", path=path) from None
    # _alembic_error() runs only while an exception is matched: Alembic (~0.4 s to import) loads when needed.
    except (sqlite3.Error, SQLAlchemyError, _alembic_error(), LookupError, ValueError, TypeError,
            OverflowError, UnicodeDecodeError, OSError) as exc:
        raise InputError(f"{what}: {_reason(exc)}", path=path) from None


def _reason(exc: BaseException) -> str:
    """Why ``exc`` happened, as one line (a damaged file's text may hold line breaks)."""
    orig = getattr(exc, "orig", None)
    if orig is not None:
        return interchange.one_line(str(orig))
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[0].lower() + exc.strerror[1:]
    return interchange.one_line(str(exc)) or type(exc).__name__


# --- engines ----------------------------------------------------------------------------------------------


def _engine(path: Path | None, mode: Mode) -> Engine:
    """Return an engine on one SQLite file (or an in-memory database when ``path`` is None).

    ``ro`` opens ``mode=ro``; ``scratch`` is a save's temporary file; ``migrate`` runs Alembic with foreign
    keys off (SQLite's advice for table rebuilds, checked with ``foreign_key_check`` afterwards).
    """
    def connect() -> sqlite3.Connection:
        if path is None:
            return sqlite3.connect(":memory:", check_same_thread=False)
        if mode == "ro":
            return _read_only(path)
        return sqlite3.connect(str(path))

    pool = {"poolclass": StaticPool} if path is None else {"poolclass": NullPool}
    engine = create_engine("sqlite://", creator=connect, **pool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN: DDL is transactional too
        keys = "OFF" if mode in ("migrate", "memory") else "ON"
        dbapi_connection.execute(f"PRAGMA foreign_keys={keys}")
        if mode == "scratch":
            for pragma in SCRATCH_PRAGMAS:
                dbapi_connection.execute(pragma)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while tens of thousands of acyclic objects are built.

    The collector would otherwise rescan them repeatedly (about a third of a 10,000-task load).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def _disposing(engine: Engine) -> Iterator[Engine]:
    try:
        yield engine
    finally:
        engine.dispose()


# --- load, upgrade, save ----------------------------------------------------------------------------------


def _load(engine: Engine) -> Plan:
    with _gc_paused(), _disposing(engine), Session(engine) as session, session.begin():
        plan = read_plan(session)
        check_plan(plan)  # a damaged file can hold any value in any column
        return plan


def _migrate(connection: Any) -> None:
    migrations.upgrade(connection)
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise ValueError(f"the upgrade broke {len(broken)} references (table {broken[0][0]})")
    connection.execute(insert(Meta).prefix_with("OR REPLACE"),
                       {"key": "upgraded_by_app_version", "value": __version__})


def _upgrade_in_place(path: Path) -> Plan:
    with _disposing(_engine(path, "migrate")) as engine, engine.connect() as connection:
        with connection.begin():
            _migrate(connection)
    return _load(_engine(path, "ro"))


def _load_upgraded_copy(path: Path) -> Plan:
    """Upgrade an in-memory copy of ``path`` and read it; the file itself is not written."""
    with _gc_paused(), _disposing(_engine(None, "memory")) as engine, engine.connect() as connection:
        with contextlib.closing(_read_only(path)) as source:
            source.backup(connection.connection.dbapi_connection)  # type: ignore[arg-type]
        with connection.begin():
            _migrate(connection)
        with Session(bind=connection) as session:
            plan = read_plan(session)
            check_plan(plan)
            return plan


def _backup(path: Path, revision: str) -> Path | None:
    """Copy ``path`` to ``<name>.bak-<revision>`` (``-2``, ``-3`` ... if taken); None when that fails."""
    for n in range(1, 1000):
        candidate = path.with_name(f"{path.name}.bak-{revision}" + (f"-{n}" if n > 1 else ""))
        created = False
        try:
            with open(path, "rb") as source, open(candidate, "xb") as target:
                created = True
                shutil.copyfileobj(source, target)
                target.flush()
                os.fsync(target.fileno())
        except FileExistsError:
            continue
        except OSError:
            if created:
                with contextlib.suppress(OSError):
                    candidate.unlink()
            return None
        with contextlib.suppress(OSError):
            shutil.copystat(path, candidate)
        return candidate
    return None


def _write_database(plan: Plan, tmp: Path) -> None:
    """Build a complete head-schema database holding ``plan`` in the (empty) file ``tmp``."""
    engine = _engine(tmp, "scratch")
    with _gc_paused(), _disposing(engine), Session(engine) as session, session.begin():
        connection = session.connection()
        Base.metadata.create_all(connection)
        migrations.stamp(connection, "head")
        session.execute(insert(Meta), meta_rows(__version__))
        write_plan(session, plan)


def _alembic_error() -> type[Exception]:
    """Alembic's error class, imported on first need (Alembic is not needed to start the app)."""
    from alembic.util import CommandError

    return CommandError
