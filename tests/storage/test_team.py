"""Team databases on SQLite and PostgreSQL: same migrations, lossless, optimistic locking, clear errors."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from hypothesis import HealthCheck, assume, given, settings
from sqlalchemy import create_engine, insert, text
from sqlalchemy.orm import Session

from app.engine import model as m
from app.engine.merge import PROJECT
from app.errors import InputError
from app.storage import migrations, team
from app.storage.interchange import read_json
from app.storage.repository import meta_rows, write_plan
from app.storage.schema import Base, Meta
from app.storage.team import PasswordRequired, TeamConflict, open_team, publish, save_team
from tests.conftest import SAMPLES
from tests.strategies import plans


@pytest.fixture
def midshire() -> m.Plan:
    return read_json(SAMPLES / "midshire.json")


def with_task(plan: m.Plan, task_id: str, **changes: object) -> m.Plan:
    return replace(plan, tasks=tuple(replace(t, **changes) if t.id == task_id else t for t in plan.tasks))


def with_system(plan: m.Plan, system_id: str, **changes: object) -> m.Plan:
    return replace(plan, systems=tuple(replace(s, **changes) if s.id == system_id else s
                                       for s in plan.systems))


def test_publish_then_open_is_lossless_and_uses_the_migrations(team_url: str, midshire: m.Plan) -> None:
    saved = publish(team_url, midshire, user="alice@pc1")
    assert saved.revision == 1 and saved.saved_by == "alice@pc1"
    opened = open_team(team_url)
    assert opened.plan == midshire
    assert opened.revision == 1 and opened.saved_by == "alice@pc1"
    assert opened.versions[(PROJECT, "")] == 1
    assert opened.versions[("tasks", midshire.tasks[0].id)] == 1
    assert len(opened.versions) == 1 + sum(len(getattr(midshire, c)) for c in (
        "systems", "integrations", "roles", "phases", "tasks", "cost_lines", "templates", "baselines",
        "scenarios"))
    engine = create_engine(team_url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == \
            migrations.head_revision()
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    engine.dispose()


def test_saves_without_conflict_merge_both_peoples_work(team_url: str, midshire: m.Plan) -> None:
    publish(team_url, midshire)
    alice, bob = open_team(team_url), open_team(team_url)
    first_task, first_system = midshire.tasks[0].id, midshire.systems[0].id
    alice_saved = save_team(team_url, with_task(alice.plan, first_task, duration=77), alice, user="alice@a")
    assert alice_saved.revision == 2
    assert alice_saved.versions[("tasks", first_task)] == 2
    assert alice_saved.versions[("tasks", midshire.tasks[1].id)] == 1  # untouched records keep theirs

    bob_plan = with_system(bob.plan, first_system, name="Renamed by Bob")
    bob_saved = save_team(team_url, bob_plan, bob, user="bob@b")
    assert bob_saved.revision == 3
    final = open_team(team_url).plan
    assert final.task_by_id[first_task].duration == 77  # Alice's change was not overwritten
    assert final.system_by_id[first_system].name == "Renamed by Bob"
    assert bob_saved.plan == final


def test_a_conflicting_save_writes_nothing_and_says_what_changed(team_url: str, midshire: m.Plan) -> None:
    publish(team_url, midshire)
    alice, bob = open_team(team_url), open_team(team_url)
    task = midshire.tasks[0]
    save_team(team_url, with_task(alice.plan, task.id, duration=50), alice, user="alice@a")
    bob_plan = with_task(bob.plan, task.id, duration=90, notes="Bob's estimate")
    with pytest.raises(TeamConflict) as caught:
        save_team(team_url, bob_plan, bob, user="bob@b")
    conflict = caught.value
    assert "alice@a" in str(conflict) and "1 record(s)" in str(conflict)
    assert [c.key for c in conflict.conflicts] == [("tasks", task.id)]
    fields = {f.name: f for f in conflict.conflicts[0].fields}
    assert (fields["duration"].base, fields["duration"].mine, fields["duration"].theirs) == (
        str(task.duration), "90", "50")
    assert conflict.theirs.revision == 2 and conflict.theirs.plan.task_by_id[task.id].duration == 50
    assert open_team(team_url).revision == 2  # nothing written

    kept_theirs = save_team(team_url, bob_plan, bob, user="bob@b", choices={("tasks", task.id): "theirs"})
    assert kept_theirs.plan.task_by_id[task.id].duration == 50
    mine = save_team(team_url, bob_plan, bob, user="bob@b", choices={("tasks", task.id): "mine"})
    assert open_team(team_url).plan.task_by_id[task.id] == bob_plan.task_by_id[task.id]
    assert mine.revision == 4


def test_removed_on_one_side_and_edited_on_the_other_is_a_conflict(team_url: str, midshire: m.Plan) -> None:
    publish(team_url, midshire)
    alice, bob = open_team(team_url), open_team(team_url)
    gone = midshire.systems[-1].id
    save_team(team_url, replace(alice.plan, systems=alice.plan.systems[:-1]), alice)
    with pytest.raises(TeamConflict) as caught:
        save_team(team_url, with_system(bob.plan, gone, vendor="NewCo"), bob)
    assert caught.value.conflicts[0].summary == "you changed it, they removed it"


def test_a_record_removed_and_added_again_counts_as_changed(team_url: str, midshire: m.Plan) -> None:
    """Versions are the revision of the last change, so a re-added record never looks untouched."""
    publish(team_url, midshire)
    alice, bob = open_team(team_url), open_team(team_url)
    task = midshire.tasks[-1]
    removed = save_team(team_url, replace(alice.plan, tasks=alice.plan.tasks[:-1]), alice)
    readded = save_team(team_url, replace(removed.plan, tasks=(*removed.plan.tasks,
                                                               replace(task, duration=5))), removed)
    assert readded.versions[("tasks", task.id)] == 3
    with pytest.raises(TeamConflict):
        save_team(team_url, with_task(bob.plan, task.id, duration=9), bob)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=plans(max_items=4))
def test_any_plan_saves_and_reads_back_whole(team_url: str, plan: m.Plan) -> None:
    assume("\\x00" not in repr(plan))  # PostgreSQL text cannot hold NUL (a clear error: test below)
    try:
        base = open_team(team_url)
    except InputError:
        base = publish(team_url, m.new_plan("start", plan.project.start_date))
    saved = save_team(team_url, plan, base)
    assert open_team(team_url).plan == plan == saved.plan


def test_concurrent_savers_never_lose_an_update(team_url: str, midshire: m.Plan) -> None:
    """Four clients save their own task in a loop at once; each retries after learning of others' saves.

    Every save either writes or merges (no conflicts: the tasks differ), and at the end every client's last
    value is in the database and the revision counts every save exactly once.
    """
    publish(team_url, midshire)
    task_ids = [t.id for t in midshire.tasks[:4]]
    rounds = 6
    errors: list[BaseException] = []

    def client(task_id: str) -> None:
        try:
            state = open_team(team_url)
            for n in range(1, rounds + 1):
                state = save_team(team_url, with_task(state.plan, task_id, duration=100 + n), state,
                                  user=task_id)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=client, args=(task_id,)) for task_id in task_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    final = open_team(team_url)
    assert final.revision == 1 + rounds * len(task_ids)
    assert [final.plan.task_by_id[t].duration for t in task_ids] == [100 + rounds] * len(task_ids)


def test_opening_an_empty_or_foreign_database_says_so(team_url: str) -> None:
    if team_url.startswith("sqlite:///"):
        Path(team_url.removeprefix("sqlite:///")).touch()  # an empty database file
    with pytest.raises(InputError, match="holds no ccplan plan yet"):
        open_team(team_url)
    engine = create_engine(team_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE other (x INTEGER)"))
    engine.dispose()
    with pytest.raises(InputError, match="not a ccplan team database"):
        open_team(team_url)
    with pytest.raises(InputError, match="not empty"):
        publish(team_url, m.new_plan("x", date(2026, 1, 1)))


def test_a_newer_schema_is_refused_and_left_alone(team_url: str, midshire: m.Plan) -> None:
    publish(team_url, midshire)
    engine = create_engine(team_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    with pytest.raises(InputError, match=r"newer version of ccplan \(schema 0099\)"):
        open_team(team_url)


def test_an_older_team_schema_is_upgraded_on_open(team_url: str, midshire: m.Plan) -> None:
    engine = create_engine(team_url)
    with engine.begin() as connection:
        migrations.upgrade(connection, "0005")
        connection.execute(insert(Meta), [*meta_rows("0.0.1"), {"key": "team", "value": "1"}])
        with Session(bind=connection) as session:
            write_plan(session, midshire)
    engine.dispose()
    opened = open_team(team_url)
    assert opened.plan == midshire and opened.revision == 0
    saved = save_team(team_url, with_task(opened.plan, midshire.tasks[0].id, duration=3), opened)
    assert saved.revision == 1 and open_team(team_url).plan == saved.plan


def test_urls_hide_passwords_and_bad_urls_are_clear() -> None:
    assert team.display_url("postgresql+psycopg://ann:s3cret@db.example:5432/plans") == \
        "postgresql+psycopg://ann@db.example:5432/plans"
    with pytest.raises(InputError, match="not a database URL"):
        open_team("definitely not a url")
    with pytest.raises(InputError, match="no database driver"):
        open_team("nosuchdb://host/db")


def test_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="cannot connect to the team database") as caught:
        open_team("postgresql+psycopg://ann:pw@127.0.0.1:1/plans?connect_timeout=2")
    assert "pw" not in str(caught.value).replace("postgresql+psycopg://ann@", "")


def test_wrong_password_asks_again(postgres_url: str) -> None:
    url = team.with_password(postgres_url, None).set(password="wrong")
    with pytest.raises(PasswordRequired, match="refused the password") as caught:
        open_team(url)
    assert "wrong" not in str(caught.value)
    no_password = team.without_password(postgres_url)
    real = team.with_password(postgres_url, None).password
    with pytest.raises(InputError, match="holds no ccplan plan yet"):
        open_team(no_password, password=real)


def test_sqlite_team_file_is_not_mistaken_for_a_project(tmp_path: Path, midshire: m.Plan) -> None:
    url = f"sqlite:///{tmp_path / 'team.db'}"
    publish(url, midshire)
    from app.storage.project_file import open_project, save_plan

    assert open_project(tmp_path / "team.db").plan == midshire  # still a readable ccplan database
    save_plan(midshire, tmp_path / "plan.ccplan")
    with pytest.raises(InputError, match="a ccplan project file, not a team database"):
        open_team(f"sqlite:///{tmp_path / 'plan.ccplan'}")
    with pytest.raises(InputError, match="no such database file"):
        open_team(f"sqlite:///{tmp_path / 'typo.db'}")
    assert not (tmp_path / "typo.db").exists()


def test_choices_made_before_someone_saved_again_are_asked_afresh(team_url: str, midshire: m.Plan) -> None:
    publish(team_url, midshire)
    alice, bob = open_team(team_url), open_team(team_url)
    task = midshire.tasks[0].id
    save_team(team_url, with_task(bob.plan, task, duration=20), bob, user="bob@b")
    with pytest.raises(TeamConflict) as first:
        save_team(team_url, with_task(alice.plan, task, duration=10), alice, user="alice@a")
    carol_state = open_team(team_url)
    save_team(team_url, with_task(carol_state.plan, task, duration=30), carol_state, user="carol@c")
    with pytest.raises(TeamConflict) as second:  # Alice chose against Bob's value, never saw Carol's
        save_team(team_url, with_task(alice.plan, task, duration=10), alice, user="alice@a",
                  choices={("tasks", task): "mine"}, choices_revision=first.value.theirs.revision)
    assert second.value.theirs.saved_by == "carol@c"
    assert open_team(team_url).plan.task_by_id[task].duration == 30


def test_a_change_they_undid_is_no_conflict(team_url: str, midshire: m.Plan) -> None:
    publish(team_url, midshire)
    alice, bob = open_team(team_url), open_team(team_url)
    task = midshire.tasks[0]
    changed_once = save_team(team_url, with_task(bob.plan, task.id, duration=99), bob)
    save_team(team_url, with_task(changed_once.plan, task.id, duration=task.duration), changed_once)
    saved = save_team(team_url, with_task(alice.plan, task.id, duration=7), alice)
    assert saved.plan.task_by_id[task.id].duration == 7


def test_a_failed_publish_leaves_the_database_empty(postgres_url: str, midshire: m.Plan) -> None:
    bad = with_task(midshire, midshire.tasks[0].id, notes="a\x00b")
    with pytest.raises(InputError, match="NUL"):
        publish(postgres_url, bad)
    assert publish(postgres_url, midshire).revision == 1  # nothing was left behind


def test_text_that_merely_shows_a_backslash_escape_is_stored(team_url: str, midshire: m.Plan) -> None:
    plan = with_task(midshire, midshire.tasks[0].id, notes="C:\\x00dir")
    publish(team_url, plan)
    assert open_team(team_url).plan == plan


def test_nul_characters_are_refused_clearly_on_postgresql(postgres_url: str, midshire: m.Plan) -> None:
    base = publish(postgres_url, midshire)
    bad = with_task(base.plan, midshire.tasks[0].id, notes="a\x00b")
    with pytest.raises(InputError, match=f"Task {midshire.tasks[0].id} .* holds a NUL character"):
        save_team(postgres_url, bad, base)
    assert open_team(postgres_url).plan == midshire


def test_a_hand_edited_value_the_reader_refuses_is_reported_not_loaded(team_url: str,
                                                                       midshire: m.Plan) -> None:
    publish(team_url, midshire)
    engine = create_engine(team_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE systems SET estate = 'sideways' WHERE pos = 0"))
    engine.dispose()
    with pytest.raises(InputError, match=r"damaged plan: \$\.systems\[0\]\.estate"):
        open_team(team_url)
