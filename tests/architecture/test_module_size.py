"""No module grows into a 2,000-line editor (the anchors' regret): fail above 600 lines."""

from __future__ import annotations

from tests.conftest import ROOT

LIMIT = 600


def test_modules_stay_small() -> None:
    too_big = {
        str(path.relative_to(ROOT)): n
        for path in (ROOT / "app").rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert not too_big, f"modules over {LIMIT} lines: {too_big}"


def test_no_grab_bag_modules() -> None:
    names = {p.stem for p in (ROOT / "app").rglob("*.py")} | {p.name for p in (ROOT / "app").rglob("*") if p.is_dir()}
    assert not names & {"utils", "helpers", "misc", "common"}
