"""Alembic environment for ccplan: online only, on the connection handed over in ``config.attributes``."""

from __future__ import annotations

from alembic import context

from app.storage.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - a developer running the alembic CLI by hand
    raise RuntimeError("ccplan runs its migrations in-process; use app.storage.migrations.upgrade()")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
