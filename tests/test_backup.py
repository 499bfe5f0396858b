"""`flask backup PATH` and `flask restore PATH` on the database under test (SQLite, or PostgreSQL in CI): a backup of
the demo data restored into an empty database holds every table's rows, identical; a restore over changed data
brings the backed-up rows back; a file that is not a backup is refused and changes nothing."""

import random
import uuid
from datetime import UTC, datetime, timedelta
from importlib import import_module

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from rocb.cli import DEMO_GENERATORS, run_seed
from rocb.extensions import cache, db
from rocb.feeds.models import FeedState
from rocb.workshops.models import Workshop


@pytest.fixture
def demo(app):
    run_seed()
    rng = random.Random(2021)
    for name in DEMO_GENERATORS:
        import_module(name).generate(1, rng)
        db.session.commit()
    assert db.session.execute(select(func.count(Workshop.id))).scalar_one() > 10
    return app


CLOCKS = ("data_versions", "feed_states")  # when data last changed, when each feed was first served


def every_row(engine) -> dict[str, list[tuple]]:
    rows = {}
    with engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            rows[table.name] = [tuple(r) for r in connection.execute(table.select().order_by(*order))]
    return rows


@pytest.fixture
def empty_database(tmp_path):
    """A new, empty database of the same kind as the one under test; its URL."""
    url = make_url(db.engine.url.render_as_string(hide_password=False))
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite'}"
        return
    name = f"{url.database}_restore_{uuid.uuid4().hex[:8]}"
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def test_backup_restored_into_an_empty_database_has_every_row(demo, empty_database, tmp_path):
    from rocb import backup

    path = tmp_path / "rocb.backup"
    result = demo.test_cli_runner().invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    assert "Backed up" in result.output and path.stat().st_size > 0

    backup.restore(empty_database, path)

    restored = create_engine(empty_database)
    try:
        expected, got = every_row(db.engine), every_row(restored)
    finally:
        restored.dispose()
    assert len(expected["workshops"]) > 10 and len(expected["participants"]) > 100
    for table, rows in expected.items():
        assert got[table] == rows, f"table {table} differs after restore"


def test_restore_brings_back_the_backed_up_rows(demo, tmp_path):
    path = tmp_path / "before.backup"
    runner = demo.test_cli_runner()
    assert runner.invoke(args=["backup", str(path)]).exit_code == 0
    before = every_row(db.engine)

    workshop = db.session.execute(select(Workshop).order_by(Workshop.id)).scalars().first()
    workshop.title = "Renamed after the backup"
    db.session.commit()
    assert every_row(db.engine) != before

    result = runner.invoke(args=["restore", "--yes", str(path)])
    assert result.exit_code == 0, result.output
    after = every_row(db.engine)
    for table in CLOCKS:  # dated anew by the restore (see the next test)
        before.pop(table), after.pop(table)
    assert after == before


def test_feeds_after_a_restore_never_say_they_changed_before_what_subscribers_were_told(demo, tmp_path):
    """A subscriber fetched the feed after the backup was made; the restore takes the feed back to the backup's
    events. Answering its If-Modified-Since with 304 would leave it with events that no longer exist."""
    path = tmp_path / "before.backup"
    runner, client = demo.test_cli_runner(), demo.test_client()
    assert client.get("/calendar.ics").status_code == 200
    assert runner.invoke(args=["backup", str(path)]).exit_code == 0
    workshop = db.session.execute(select(Workshop).where(Workshop.is_public.is_(True))
                                  .order_by(Workshop.first_day.desc())).scalars().first()
    workshop.title = "Renamed after the backup"
    db.session.commit()
    assert "Renamed after the backup" in client.get("/calendar.ics").get_data(as_text=True)
    # Dates a feed was given can run ahead of the clock (a second more at each change within one second): the
    # subscriber was told a date an hour ahead, and the restore happens before that hour.
    for state in db.session.execute(select(FeedState)).scalars():
        state.changed_at += timedelta(hours=1)
    db.session.commit()
    cache.clear()  # as in another process
    told = client.get("/calendar.ics")
    assert told.last_modified > datetime.now(UTC) + timedelta(minutes=59)

    assert runner.invoke(args=["restore", "--yes", str(path)]).exit_code == 0
    again = client.get("/calendar.ics", headers={"If-Modified-Since": told.headers["Last-Modified"]})
    assert again.status_code == 200
    assert "Renamed after the backup" not in again.get_data(as_text=True)
    assert again.last_modified > told.last_modified


def test_restore_refuses_a_file_that_is_not_a_backup(demo, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a backup")
    before = every_row(db.engine)
    result = demo.test_cli_runner().invoke(args=["restore", "--yes", str(path)])
    assert result.exit_code != 0 and "is not a" in result.output
    assert every_row(db.engine) == before
