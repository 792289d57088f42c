"""Team databases for tests: a SQLite file by URL, or a fresh database on a real PostgreSQL server.

PostgreSQL comes from ``CCPLAN_TEST_POSTGRES_URL`` (``.ci/run`` starts a server with ``.ci/postgres`` and
sets it); without it the PostgreSQL cases are skipped, unless ``CCPLAN_REQUIRE_POSTGRES=1`` (set by CI)
makes that a failure. Each test gets its own database, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

BACKENDS = ("sqlite", "postgresql")


def server_url() -> str | None:
    return os.environ.get("CCPLAN_TEST_POSTGRES_URL") or None


def require_server() -> str:
    url = server_url()
    if url is None:
        if os.environ.get("CCPLAN_REQUIRE_POSTGRES") == "1":
            pytest.fail("CCPLAN_REQUIRE_POSTGRES=1 but CCPLAN_TEST_POSTGRES_URL is not set")
        pytest.skip("no PostgreSQL server (set CCPLAN_TEST_POSTGRES_URL, as .ci/run does)")
    return url


def fresh_database(backend: str, tmp_path: Path) -> Iterator[str]:
    """Yield the URL of a new, empty database of ``backend``; drop it afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'team.db'}"
        return
    server = make_url(require_server())
    name = f"ccplan_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
