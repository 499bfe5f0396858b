"""Test fixtures: one app and schema per run, every test starting from empty tables.

The database is SQLite in a temporary folder, or the one named by ROCB_TEST_DATABASE_URL (CI runs the
whole suite a second time against PostgreSQL that way).
"""

import os
import tempfile

import pytest
from sqlalchemy import text

import rocb.models  # noqa: F401  (every model mapped before a test module imports a query that configures them)
from rocb import create_app, kept, throttle
from rocb.extensions import cache, db
from rocb.jobs import huey_of
from tests.smtp import smtp_server  # noqa: F401  (fixture)

PASSWORD = "correct horse battery"


def _database_url() -> str:
    url = os.environ.get("ROCB_TEST_DATABASE_URL")
    if url:
        return url
    folder = tempfile.mkdtemp(prefix="rocb-test-")
    return f"sqlite:///{folder}/test.sqlite"


@pytest.fixture(scope="session")
def _app(tmp_path_factory):
    app = create_app({
        "HUEY_SQLITE_FILE": str(tmp_path_factory.mktemp("huey") / "huey.sqlite"),
        "HUEY_REDIS_URL": None,
        "RATELIMIT_STORAGE_URI": "memory://",
        "MAIL_SERVER": None,
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": _database_url(),
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "test-secret",
        "ROCB_BASE_URL": "http://rocb.test",
        "SERVER_NAME": None,
    })
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def empty_all_tables():
    db.session.rollback()
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(text(f'DELETE FROM "{table}"'))


@pytest.fixture
def app(_app):
    with _app.app_context():
        cache.clear()
        kept.forget_all()  # what the worker kept in memory: layouts, checked users, analytics cycles
        huey_of(_app).flush()
        throttle.reset()
        yield _app
        db.session.remove()
        empty_all_tables()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def seeded(app):
    """The real reference data of seed/ (35 administrations, 19 entities, topics, funds, ...)."""
    from rocb.cli import run_seed

    run_seed()
    return app


def make_user(email, role, administration_code=None):
    from rocb.auth.services import create_user

    user = create_user(email, role, PASSWORD, administration_code)
    db.session.commit()
    return user


def login(client, email, password=PASSWORD):
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


@pytest.fixture
def staff_client(seeded, client):
    make_user("staff@rocb-ap.org", "staff")
    login(client, "staff@rocb-ap.org")
    return client


@pytest.fixture
def admin_client(seeded, client):
    make_user("admin@rocb-ap.org", "admin")
    login(client, "admin@rocb-ap.org")
    return client


@pytest.fixture
def focal_point_client(seeded, client):
    """A focal point of Thailand."""
    make_user("focal@customs.go.th", "focal_point", "TH")
    login(client, "focal@customs.go.th")
    return client


class QueryCounter:
    """Counts the SQL statements a block issues: `with QueryCounter() as q: ...; q.count`."""

    def __enter__(self):
        from sqlalchemy import event

        self.count = 0
        self._event = event

        def _count(*args, **kwargs):
            self.count += 1

        self._listener = _count
        event.listen(db.engine, "before_cursor_execute", _count)
        return self

    def __exit__(self, *exc):
        self._event.remove(db.engine, "before_cursor_execute", self._listener)
