"""``ccplan --db URL ...``: the same commands on a team database (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.storage import team
from tests.conftest import SAMPLES, ccplan_command


def test_publish_then_read_commands_work_on_the_team_database(
        team_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", team_url, "import", str(SAMPLES / "midshire.json")]) == 0
    assert "published Midshire" in capsys.readouterr().out
    assert main(["--db", team_url, "schedule", "--json"]) == 0
    from_db = json.loads(capsys.readouterr().out)
    assert main(["schedule", str(SAMPLES / "midshire.json"), "--json"]) == 0
    assert from_db == json.loads(capsys.readouterr().out)
    assert main(["--db", team_url, "validate", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["file"] == team.display_url(team_url)


def test_password_from_the_environment_never_from_a_file(
        postgres_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    password = team.with_password(postgres_url, None).password
    bare = team.display_url(postgres_url)
    assert main(["--db", postgres_url, "new", "--sample", "northvale"]) == 0
    capsys.readouterr()
    monkeypatch.delenv("CCPLAN_DB_PASSWORD", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal: never prompts
    assert main(["--db", bare, "dump"]) == 2
    err = capsys.readouterr().err
    assert "the server wants a password" in err and "CCPLAN_DB_PASSWORD" in err and password not in err
    monkeypatch.setenv("CCPLAN_DB_PASSWORD", str(password))
    assert main(["--db", bare, "dump"]) == 0
    assert json.loads(capsys.readouterr().out)["project"]["name"].startswith("Northvale")


@pytest.mark.parametrize(("args", "message"), [
    (["validate"], "give FILE (or --db URL)"),
    (["--db", "sqlite:///t.db", "validate", "x.json"], "not both"),
    (["--db", "not a url", "dump"], "not a database URL"),
])
def test_usage_mistakes_are_one_line(args: list[str], message: str, tmp_path: object,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_an_empty_team_database_says_how_to_fill_it(team_url: str) -> None:
    if team_url.startswith("sqlite:///"):
        Path(team_url.removeprefix("sqlite:///")).touch()  # an empty database file
    done = subprocess.run([*ccplan_command(), "--db", team_url, "status"], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 2
    assert "holds no ccplan plan yet" in done.stderr and "Traceback" not in done.stderr
