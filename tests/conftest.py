"""Test set-up: headless Qt, settings and data folders redirected into each test's tmp_path."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_projects"

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep QSettings, recent files and autosaves of every test inside its own tmp_path."""
    monkeypatch.setenv("CCPLAN_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("CCPLAN_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def sample_paths() -> list[Path]:
    """The sample projects shipped in sample_projects/."""
    return sorted(SAMPLES.glob("*.json"))


def ccplan_command() -> list[str]:
    """The command that runs the CLI from this checkout, as a user would."""
    return [sys.executable, "-m", "app"]


@pytest.fixture(params=["sqlite", "postgresql"])
def team_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty team database, once on SQLite and once on PostgreSQL (see tests/team_db.py)."""
    from tests.team_db import fresh_database

    yield from fresh_database(request.param, tmp_path)


@pytest.fixture
def postgres_url(tmp_path: Path) -> Iterator[str]:
    """An empty database on the PostgreSQL test server."""
    from tests.team_db import fresh_database

    yield from fresh_database("postgresql", tmp_path)
