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


def test_two_administrations_putting_the_same_person_forward_at_once_get_one_nomination_and_a_clear_refusal(
        seeded, monkeypatch):
    """Each administration holds only its own places' lock: on PostgreSQL both pass the "nobody twice" check and the
    second write meets the database's rule (it was an error page); SQLite makes the second wait for the first."""
    call = open_call(future_workshop(), codes=("TH", "JP"))
    call_id, thailand, japan = call.id, administration("TH").id, administration("JP").id
    same = person(1, code="shared")
    paused = _Paused(monkeypatch)
    outcome = {}

    def first():
        with seeded.app_context():
            try:
                outcome["first"] = services.nominate(db.session.get(Call, call_id), thailand, same).state
                db.session.commit()
            except services.ServiceError as refusal:
                db.session.rollback()
                outcome["first"] = refusal.errors["email"]

    paused.thread = threading.Thread(target=first)
    paused.thread.start()
    try:
        assert paused.counted.wait(60), "the first nomination never counted"
        with seeded.app_context():
            outcome["second"] = _nominate_now_or_wait(call_id, japan, same)
    finally:
        paused.go.set()
        paused.thread.join(60)
    if outcome["second"] == "had to wait":  # SQLite: Japan comes after Thailand's commit, and is told so
        assert outcome["first"] == "nominated"
        with seeded.app_context():
            try:
                services.nominate(db.session.get(Call, call_id), japan, same)
                raise AssertionError("the same person was nominated twice")
            except services.ServiceError as refusal:
                db.session.rollback()
                assert refusal.errors["email"] == ("officer1@customs.shared.example is already nominated for this "
                                                   "workshop.")
    else:  # PostgreSQL: Japan's went in first; Thailand's write is refused with a message, not an error page
        assert outcome["second"] == "nominated"
        assert outcome["first"] == ("officer1@customs.shared.example was put forward for this workshop a moment ago "
                                    "(by another administration, or in another window).")
    db.session.expire_all()
    assert len(db.session.execute(select(Nomination).where(Nomination.call_id == call_id)).scalars().all()) == 1


def _nominate_now_or_wait(call_id, admin_id, data):
    """Nominate and commit at once, or "had to wait" if another transaction's lock is in the way."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        db.session.execute(text("SET LOCAL lock_timeout = '2s'"))
    else:
        before = db.session.connection().exec_driver_sql("PRAGMA busy_timeout").scalar()
        db.session.connection().exec_driver_sql("PRAGMA busy_timeout = 0")
    try:
        state = services.nominate(db.session.get(Call, call_id), admin_id, data).state
        db.session.commit()
        return state
    except OperationalError:
        db.session.rollback()
        return "had to wait"
    finally:
        if dialect != "postgresql":
            db.session.connection().exec_driver_sql(f"PRAGMA busy_timeout = {before}")
            db.session.rollback()
