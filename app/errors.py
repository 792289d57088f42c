"""Errors that carry a place (file, sheet, row, field or JSON path) and map to CLI exit codes.

``InputError`` is for input that cannot be read at all (exit 2); ``PlanError`` for a plan that reads but
is wrong (exit 1). Both print as one clear line, never a traceback.
"""

from __future__ import annotations

from pathlib import Path


class CcplanError(Exception):
    """Base of every error ccplan reports to a user."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | Path | None = None, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.where = where

    def located(self, path: str | Path) -> CcplanError:
        """Return the same error naming ``path`` when it named no file yet."""
        if self.path is None:
            self.path = str(path)
        return self

    def __str__(self) -> str:
        place = ": ".join(p for p in (self.path, self.where) if p)
        return f"{place}: {self.message}" if place else self.message


class InputError(CcplanError):
    """The input cannot be read: missing, corrupt, malformed, of a newer version, or of the wrong kind."""

    exit_code = 2


class PlanError(CcplanError):
    """The plan reads but breaks a rule that stops it being computed (for example a dependency cycle)."""

    exit_code = 1
