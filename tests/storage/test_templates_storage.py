"""Plan.templates in the .ccplan file (revision 0004): lossless, ordered, cascading, migrated."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

from app.engine import model as m
from app.engine.templates import BUILT_IN_TEMPLATES, built_in
from app.storage import interchange, migrations
from app.storage.project_file import _engine, load_plan, open_project, save_plan

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MIDSHIRE = Path(__file__).resolve().parents[2] / "sample_projects" / "midshire.json"


def with_templates() -> m.Plan:
    awkward = m.CutoverTemplate("odd", "\N{POUND SIGN} odd 'quote\"", "", "custom", (
        m.TemplateStep("b", "{phase} {systems}", "free text kind", 0, None, None, (), ""),
        m.TemplateStep("a", "A", "build", 5, 0, 400,
                       (m.TemplateLink("b", "SF", -5, "R6 \N{PILE OF POO}"), m.TemplateLink("b")), "[V] x"),
    ))
    empty = m.CutoverTemplate("empty", "No steps")
    plan = interchange.read_json(MIDSHIRE)
    return replace(plan, templates=(*BUILT_IN_TEMPLATES, awkward, empty))


def test_templates_round_trip_through_ccplan(tmp_path: Path) -> None:
    plan = with_templates()
    path = tmp_path / "p.ccplan"
    save_plan(plan, path)
    loaded = load_plan(path)
    assert loaded == plan
    link = loaded.templates[-2].steps[1].predecessors[0]
    assert link == m.TemplateLink("b", "SF", -5, "R6 \N{PILE OF POO}")
    with sqlite3.connect(path) as con:
        counts = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("templates", "template_steps", "template_links")]
    con.close()
    steps = sum(len(t.steps) for t in plan.templates)
    links = sum(len(s.predecessors) for t in plan.templates for s in t.steps)
    assert counts == [len(plan.templates), steps, links]


def test_templates_round_trip_through_json(tmp_path: Path) -> None:
    plan = with_templates()
    path = tmp_path / "p.json"
    save_plan(plan, path)
    assert load_plan(path) == plan


def test_deleting_a_template_cascades_to_its_steps_and_links(tmp_path: Path) -> None:
    path = tmp_path / "p.ccplan"
    save_plan(replace(m.new_plan("x", date(2026, 1, 1)), templates=(built_in("standard-wave"),
                                                                     built_in("big-bang"))), path)
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA foreign_keys = ON")
        with con:
            con.execute("DELETE FROM templates WHERE pos = 0")
        left = {t: con.execute(f"SELECT DISTINCT template_pos FROM {t}").fetchall()
                for t in ("template_steps", "template_links")}
        keys = con.execute("PRAGMA foreign_key_list(template_links)").fetchall()
    finally:
        con.close()
    assert left == {"template_steps": [(1,)], "template_links": [(1,)]}
    assert {k[2] for k in keys} == {"template_steps"} and {k[6] for k in keys} == {"CASCADE"}


def test_old_files_upgrade_to_no_templates(tmp_path: Path) -> None:
    path = tmp_path / "old.ccplan"
    shutil.copy(FIXTURES / "schema-0001.ccplan", path)
    opened = open_project(path)
    assert opened.upgraded_from == "0001"
    assert opened.plan.templates == ()
    with sqlite3.connect(path) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    con.close()
    assert {"templates", "template_steps", "template_links"} <= tables


def test_downgrade_to_0003_drops_only_the_templates(tmp_path: Path) -> None:
    plan = with_templates()
    path = tmp_path / "p.ccplan"
    save_plan(plan, path)
    engine = _engine(path, "migrate")
    try:
        with engine.connect() as connection, connection.begin():
            migrations.downgrade(connection, "0003")
    finally:
        engine.dispose()
    opened = open_project(path)
    assert opened.upgraded_from == "0003"
    assert opened.plan == replace(plan, templates=())
