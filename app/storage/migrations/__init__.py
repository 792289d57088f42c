"""Alembic wiring for ``.ccplan`` files: configured in code (no ``alembic.ini``), run in-process.

Every helper takes an open SQLAlchemy ``Connection`` already inside a transaction; ``env.py`` reads it
from ``Config.attributes["connection"]`` so the whole upgrade or stamp shares that one connection (and, with
the transactional-DDL set-up in ``app.storage.project_file``, commits or rolls back as one unit).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import Connection

MIGRATIONS_DIR = Path(__file__).resolve().parent


def alembic_config(connection: Connection | None = None) -> Config:
    """Return an Alembic ``Config`` for the shipped migrations, sharing ``connection`` with ``env.py``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def script_directory() -> ScriptDirectory:
    """Return the (cached) script directory of the shipped revisions."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """Return the newest schema revision this version of ccplan knows."""
    head = script_directory().get_current_head()
    assert head is not None
    return head


def known_revisions() -> list[str]:
    """Return every revision this version knows, oldest first."""
    return [rev.revision for rev in reversed(list(script_directory().walk_revisions()))]


def upgrade(connection: Connection, target: str = "head") -> None:
    """Upgrade the database on ``connection`` to ``target`` (in the caller's transaction)."""
    from alembic import command

    command.upgrade(alembic_config(connection), target)


def downgrade(connection: Connection, target: str) -> None:
    """Downgrade the database on ``connection`` to ``target`` (used to build test fixtures)."""
    from alembic import command

    command.downgrade(alembic_config(connection), target)


def stamp(connection: Connection, target: str = "head") -> None:
    """Record ``target`` as the schema revision without running migrations (new files)."""
    from alembic import command

    command.stamp(alembic_config(connection), target)
