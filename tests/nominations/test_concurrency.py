"""Two focal points of one administration nominate at the same moment for its last place: one gets it, the other
goes to the waitlist. On SQLite and on PostgreSQL (each database's own lock)."""

import threading

from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from rocb.extensions import db
from rocb.nominations import services
from rocb.nominations.models import Call, Nomination
from tests.factories import administration
from tests.nominations.helpers import future_workshop, open_call, person


class _Paused:
    """services.counted, made to stop in one thread right after counting, until released."""

    def __init__(self, monkeypatch):
        self.real = services.counted
        self.counted, self.go = threading.Event(), threading.Event()
        self.thread = None
        monkeypatch.setattr(services, "counted", self)

    def __call__(self, *args, **kwargs):
        number = self.real(*args, **kwargs)
        if threading.current_thread() is self.thread:
            self.counted.set()
            assert self.go.wait(60), "never released"
        return number


def _try_without_waiting(call_id, admin_id, data):
    """Nominate in a session of its own that does not wait for a lock another transaction holds."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        db.session.execute(text("SET LOCAL lock_timeout = '20ms'"))  # this transaction only
    else:
        before = db.session.connection().exec_driver_sql("PRAGMA busy_timeout").scalar()
        db.session.connection().exec_driver_sql("PRAGMA busy_timeout = 0")
    try:
        return services.nominate(db.session.get(Call, call_id), admin_id, data).state
    except OperationalError:
        return "had to wait"
    finally:
        db.session.rollback()
        if dialect != "postgresql":
            db.session.connection().exec_driver_sql(f"PRAGMA busy_timeout = {before}")
            db.session.rollback()


def test_two_nominations_at_once_cannot_both_take_the_last_place(seeded, monkeypatch):
    call = open_call(future_workshop(), codes=("TH",), overrides="TH=1")
    call_id, thailand = call.id, administration("TH").id
    paused = _Paused(monkeypatch)
    outcome = {}

    def first():  # a request of its own: its own session and connection
        with seeded.app_context():
            nomination = services.nominate(db.session.get(Call, call_id), thailand, person(1))
            outcome["first"] = nomination.state
            db.session.commit()

    paused.thread = threading.Thread(target=first)
    paused.thread.start()
    try:
        assert paused.counted.wait(60), "the first nomination never counted"
        # The first has counted the free place and not saved yet: the second must not take the place meanwhile.
        with seeded.app_context():
            assert _try_without_waiting(call_id, thailand, person(2)) == "had to wait"
    finally:
        paused.go.set()
        paused.thread.join(60)
    assert outcome["first"] == "nominated"
    with seeded.app_context():  # once the first is saved, the second is served: the waitlist
        second = services.nominate(db.session.get(Call, call_id), thailand, person(2))
        db.session.commit()
        assert second.state == "waitlisted"
    db.session.expire_all()
    assert db.session.execute(select(Nomination.email, Nomination.state).order_by(Nomination.id)).all() == [
        ("officer1@customs.th.example", "nominated"), ("officer2@customs.th.example", "waitlisted")]
