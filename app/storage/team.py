"""Team databases: one plan in a shared database (PostgreSQL, or SQLite) reached by SQLAlchemy URL.

The tables are those of a ``.ccplan`` file, built and upgraded by the same Alembic migrations, plus two
that only a team database fills (revision 0006): ``team_revision``, a save counter, and
``record_versions``, the revision that last changed each record (the project settings and every item).

Saving uses optimistic locking. A client remembers the revision and record versions it loaded
(``TeamPlan``). In one transaction ``save_team`` locks the counter row (``SELECT ... FOR UPDATE`` on
PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite) and compares:

- nobody saved since: the plan is written as it is;
- someone did: the records whose version moved are *theirs*, and ``app.engine.merge`` merges record by
  record. Their changes to records I did not touch are kept; a record both changed differently is a
  conflict, and unless the caller passes a choice for every one, nothing is written and ``TeamConflict``
  says what changed on both sides.

Passwords are never stored by this module: the URL given may hold one (it is only used to connect), and
``display_url`` hides it wherever a URL is shown or remembered (see ``app.storage.credentials``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import getpass
import socket
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, delete, event, insert, inspect, select, update
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from app import __version__
from app.engine.merge import Choice, Conflict, Key, changed, label, merge, records
from app.engine.model import Plan
from app.errors import InputError
from app.storage import migrations
from app.storage.repository import APP_NAME, check_plan, meta_rows, read_plan, write_plan
from app.storage.schema import Base, Meta, RecordVersionRow, TeamRevisionRow

TEAM_TABLES = {Meta.__tablename__, TeamRevisionRow.__tablename__, RecordVersionRow.__tablename__}
AUTH_FAILURES = ("password authentication failed", "no password supplied", "authentication failed")


class PasswordRequired(InputError):  # noqa: N818 - reads as what happened
    """The server refused the connection for want of a (right) password; ask the user and try again."""


@dataclass(frozen=True)
class TeamPlan:
    """A plan as loaded from or saved to a team database, with what optimistic locking needs.

    Attributes:
        url: the database URL without its password (safe to show and remember).
        plan: the plan.
        revision: the team revision it reflects.
        versions: the version of each record at that revision.
        saved_by: who saved that revision ("user@host").
        saved_at: when (ISO 8601, UTC).
    """

    url: str
    plan: Plan
    revision: int
    versions: Mapping[Key, int] = field(default_factory=dict)
    saved_by: str = ""
    saved_at: str = ""


class TeamConflict(InputError):  # noqa: N818 - reads as what happened
    """Someone else saved changes to records this save also changed; nothing was written.

    Attributes:
        conflicts: the records changed differently on both sides.
        theirs: the database's current plan, revision and who saved it.
        taken: records only they changed (kept, whatever the user chooses).
    """

    def __init__(self, conflicts: tuple[Conflict, ...], theirs: TeamPlan, taken: tuple[Key, ...]) -> None:
        who = theirs.saved_by or "someone"
        super().__init__(
            f"{who} saved this plan at {theirs.saved_at or 'an unknown time'} (revision {theirs.revision}) "
            f"after you opened it; {len(conflicts)} record(s) were changed by both of you",
            path=theirs.url)
        self.conflicts = conflicts
        self.theirs = theirs
        self.taken = taken


def without_password(url: str | URL) -> URL:
    """``url`` with any password removed."""
    p = parse_url(url)
    query = {k: v for k, v in p.query.items() if k.lower() not in ("password", "passfile")}
    return URL.create(p.drivername, p.username, None, p.host, p.port, p.database, query)


def display_url(url: str | URL) -> str:
    """``url`` with any password removed (for titles, messages and the recent list)."""
    return without_password(url).render_as_string(hide_password=False)


def with_password(url: str | URL, password: str | None) -> URL:
    """``url`` with ``password`` set (when one is given)."""
    parsed = parse_url(url)
    return parsed if password is None else parsed.set(password=password)


def current_user() -> str:
    """"user@host", recorded with each save."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


def open_team(url: str | URL, password: str | None = None) -> TeamPlan:
    """Read the plan in the team database at ``url``, upgrading its schema first when it is older.

    Raises:
        PasswordRequired: the server wants a (different) password.
        InputError: cannot connect, the database holds no ccplan plan, or a newer ccplan wrote it.
    """
    shown = display_url(url)
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:" \
            and not Path(parsed.database).is_file():
        raise InputError("no such database file", path=shown)  # SQLite would create an empty one
    with _connection(url, password) as connection:
        with connection.begin():
            _check(connection, shown, upgrade=True)
        with connection.begin():
            return _snapshot(connection, shown)


def publish(url: str | URL, plan: Plan, password: str | None = None, user: str | None = None) -> TeamPlan:
    """Put ``plan`` into the empty database at ``url``: build the schema with the migrations, then save.

    Raises:
        InputError: the database already holds tables (a ccplan plan or anything else), or cannot connect.
    """
    shown = display_url(url)
    _refuse_unstorable(plan, url)  # before touching the database
    with _connection(url, password) as connection, connection.begin():  # all or nothing
        tables = set(inspect(connection).get_table_names())
        if tables:
            what = "a ccplan plan" if "ccplan_meta" in tables else f"{len(tables)} other table(s)"
            raise InputError(f"the database is not empty (it holds {what}); publish into an empty one",
                             path=shown)
        migrations.upgrade(connection)
        connection.execute(insert(Meta), [*meta_rows(__version__), {"key": "team", "value": "1"}])
        connection.execute(insert(TeamRevisionRow), {"id": 1, "revision": 0, "saved_by": "", "saved_at": ""})
        return _save_locked(connection, shown, plan, TeamPlan(shown, plan, 0), user, {}, None)


def save_team(url: str | URL, plan: Plan, base: TeamPlan, password: str | None = None,
              user: str | None = None, choices: Mapping[Key, Choice] | None = None,
              choices_revision: int | None = None) -> TeamPlan:
    """Save ``plan``, edited from ``base``, with optimistic locking (see the module docs).

    Args:
        url: the database.
        plan: my plan.
        base: what I loaded (or last saved).
        password: the password, when the URL holds none.
        user: recorded as the saver ("user@host" by default).
        choices: my choice for each conflicting record, after a ``TeamConflict``.
        choices_revision: the database revision the choices were made against (the conflict's
            ``theirs.revision``); when someone has saved again since, the choices are dropped and the
            conflicts raised afresh, so nobody's newer work is overwritten by a choice made without seeing it.

    Returns:
        The saved state, to pass as ``base`` next time.

    Raises:
        TeamConflict: records changed on both sides still lack a choice; nothing was written.
        InputError: cannot connect or write; nothing was written.
    """
    shown = display_url(url)
    _refuse_unstorable(plan, url)
    with _connection(url, password) as connection, connection.begin():
        _check(connection, shown, upgrade=False)
        return _save_locked(connection, shown, plan, base, user, choices or {}, choices_revision)


# --- internals --------------------------------------------------------------------------------------------


def parse_url(url: str | URL) -> URL:
    try:
        return make_url(url)
    except ArgumentError:
        raise InputError("not a database URL (expected e.g. postgresql+psycopg://user@host/dbname)",
                         path=str(url).split("@")[-1]) from None


def _engine(url: str | URL, password: str | None) -> Engine:
    parsed = with_password(url, password)
    shown = display_url(parsed)
    try:
        if parsed.get_backend_name() == "sqlite":
            return _sqlite_engine(parsed)
        return create_engine(parsed, poolclass=NullPool)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise InputError(f"no database driver for this URL ({exc})", path=shown) from None
    except (ArgumentError, SQLAlchemyError) as exc:
        raise InputError(f"cannot use this database URL: {exc}", path=shown) from None


def _sqlite_engine(url: URL) -> Engine:
    """SQLite by URL: SQLAlchemy emits ``BEGIN IMMEDIATE`` itself, so writers queue instead of deadlocking."""
    engine = create_engine(url, poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys=ON")
        dbapi_connection.execute("PRAGMA busy_timeout=30000")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


@contextlib.contextmanager
def _connection(url: str | URL, password: str | None) -> Iterator[Connection]:
    shown = display_url(url)
    engine = _engine(url, password)
    try:
        try:
            connection = engine.connect()
        except SQLAlchemyError as exc:
            reason = _reason(exc)
            if any(marker in reason for marker in AUTH_FAILURES):
                raise PasswordRequired(f"the server refused the password: {reason}", path=shown) from None
            raise InputError(f"cannot connect to the team database: {reason}", path=shown) from None
        with connection:
            try:
                yield connection
            except (InputError, TeamConflict):
                raise
            except (SQLAlchemyError, LookupError, ValueError, TypeError) as exc:
                raise InputError(f"the team database failed: {_reason(exc)}", path=shown) from None
    finally:
        engine.dispose()


def _reason(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc) or type(exc).__name__
    return " ".join(text.split())


def _check(connection: Connection, shown: str, *, upgrade: bool) -> None:
    """Check the database holds a ccplan plan this version reads; upgrade an older schema if asked."""
    tables = set(inspect(connection).get_table_names())
    if not tables:
        raise InputError("the database holds no ccplan plan yet (publish one into it first)", path=shown)
    if "ccplan_meta" not in tables:
        raise InputError("a database, but not a ccplan team database", path=shown)
    meta = dict(connection.execute(select(Meta.key, Meta.value)).all())
    if meta.get("app") != APP_NAME:
        raise InputError("a database, but not a ccplan team database", path=shown)
    if meta.get("team") != "1":  # a .ccplan file by URL: it has its own lock, backup and atomic saves
        raise InputError("a ccplan project file, not a team database: open it with File ▸ Open "
                         "(or publish its plan into an empty database)", path=shown)
    versions = [r[0] for r in connection.exec_driver_sql("SELECT version_num FROM alembic_version")]
    if len(versions) != 1:
        raise InputError("the team database is damaged: no single schema version recorded", path=shown)
    revision = str(versions[0])
    if revision not in migrations.known_revisions():
        raise InputError(f"this plan was saved by a newer version of ccplan (schema {revision}); this "
                         f"version reads up to {migrations.head_revision()}", path=shown)
    if revision != migrations.head_revision():
        if not upgrade:
            raise InputError(f"the team database is of an older schema ({revision})", path=shown)
        migrations.upgrade(connection)
    if connection.execute(select(TeamRevisionRow.id)).first() is None:
        connection.execute(insert(TeamRevisionRow), {"id": 1, "revision": 0, "saved_by": "", "saved_at": ""})


def _snapshot(connection: Connection, shown: str) -> TeamPlan:
    # FOR SHARE: no save can commit while this transaction reads the tables, so the plan, the revision and
    # the record versions read all belong to one revision (PostgreSQL reads each statement afresh).
    head = connection.execute(select(TeamRevisionRow.revision, TeamRevisionRow.saved_by,
                                     TeamRevisionRow.saved_at).where(TeamRevisionRow.id == 1)
                              .with_for_update(read=True)).one()
    with Session(bind=connection) as session:
        plan = read_plan(session)
    try:
        check_plan(plan)  # values the reader's rules refuse mean someone wrote the tables by hand or damage
    except InputError as exc:
        raise InputError(f"the team database holds a damaged plan: {exc.where or '$'}: {exc.message}",
                         path=shown) from None
    return TeamPlan(shown, plan, head.revision, _versions(connection), head.saved_by, head.saved_at)


def _versions(connection: Connection) -> dict[Key, int]:
    rv = RecordVersionRow
    return {(c, i): v for c, i, v in connection.execute(select(rv.collection, rv.item_id, rv.version))}


def _save_locked(connection: Connection, shown: str, plan: Plan, base: TeamPlan, user: str | None,
                 choices: Mapping[Key, Choice], choices_revision: int | None) -> TeamPlan:
    """Save inside the caller's transaction: lock the counter row, merge if it moved, write, bump it."""
    locked = connection.execute(select(TeamRevisionRow.revision).where(TeamRevisionRow.id == 1)
                                .with_for_update()).scalar_one()
    if choices_revision is not None and locked != choices_revision:
        choices = {}  # someone saved after the choices were made: ask again, against their newest work
    if locked == base.revision:
        current, current_versions, merged = base.plan, dict(base.versions), plan
    else:
        theirs = _snapshot(connection, shown)
        moved = {key for key in theirs.versions.keys() | base.versions.keys()
                 if theirs.versions.get(key) != base.versions.get(key)}
        # A record in theirs with no version row at all (an old client, a hand edit): compare content.
        moved |= {key for key in changed(base.plan, theirs.plan) if key not in theirs.versions}
        result = merge(base.plan, plan, theirs.plan, moved, choices)
        if result.conflicts:
            raise TeamConflict(result.conflicts, theirs, result.taken)
        current, current_versions, merged = theirs.plan, dict(theirs.versions), result.plan
    revision = locked + 1
    before, after = records(current), records(merged)
    versions = {key: current_versions[key] if key in current_versions and before.get(key) == value
                else revision for key, value in after.items()}
    saved_by, saved_at = user or current_user(), dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    _replace_plan(connection, merged, versions)
    bumped = connection.execute(
        update(TeamRevisionRow).where(TeamRevisionRow.id == 1, TeamRevisionRow.revision == locked)
        .values(revision=revision, saved_by=saved_by, saved_at=saved_at))
    if bumped.rowcount != 1:  # pragma: no cover - the row lock makes this impossible
        raise InputError("another save slipped in; save again", path=shown)
    return TeamPlan(shown, merged, revision, versions, saved_by, saved_at)


def _replace_plan(connection: Connection, plan: Plan, versions: Mapping[Key, int]) -> None:
    for table in reversed(Base.metadata.sorted_tables):
        if table.name not in TEAM_TABLES:
            connection.execute(delete(table))
    with Session(bind=connection) as session:
        write_plan(session, plan)
    connection.execute(delete(RecordVersionRow))
    connection.execute(insert(RecordVersionRow), [
        {"collection": c, "item_id": i, "version": v} for (c, i), v in versions.items()])


def _refuse_unstorable(plan: Plan, url: str | URL) -> None:
    """Refuse, before any write, a plan PostgreSQL cannot store: text holding the NUL character."""
    if parse_url(url).get_backend_name() != "postgresql":
        return
    for key, record in records(plan).items():
        if _holds_nul(record):
            raise InputError(f"{label(key, record)} holds a NUL character, which PostgreSQL cannot store; "
                             "remove it and save again", path=display_url(url))


def _holds_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, tuple):
        return any(_holds_nul(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return any(_holds_nul(getattr(value, f.name)) for f in dataclasses.fields(value))
    return False
