"""Calls for nominations (issue 11), on a data set built here:

- the review page of a call with 35 administrations and 200 nominations, against the same page of a call with
  5 administrations and 20 nominations (queries equal) and against the workshop page of the same workshop
  (budget: ratio <= 2, i.e. within the workshop pages' budget);
- confirming 100 nominations (roster rows, invitations with their .ics, queued in the outbox) in one request's
  work, committed — budget: under 1 s, 100 messages queued.
"""

import statistics
import tempfile
import time

from sqlalchemy import func, select


def _build():
    from rocb import create_app
    from rocb.auth.services import create_user
    from rocb.cli import run_seed
    from rocb.extensions import db
    from rocb.registry.models import Administration
    from tests.nominations.helpers import future_workshop, open_call, person

    folder = tempfile.mkdtemp(prefix="rocb-bench-nominations-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/nominations.sqlite", "TESTING": True,
                      "WTF_CSRF_ENABLED": False, "HUEY_SQLITE_FILE": f"{folder}/huey.sqlite"})
    with app.test_request_context():
        db.create_all()
        run_seed()
        create_user("bench-staff@rocb-ap.org", "staff", "bench password 1")
        admins = db.session.execute(select(Administration.id, Administration.code)
                                    .order_by(Administration.code)).all()
        big = open_call(future_workshop("Bench call of 35 administrations"), codes=[c for _, c in admins], quota=10)
        small = open_call(future_workshop("Bench call of 5 administrations"), codes=[c for _, c in admins[:5]],
                          quota=10)
        from rocb.nominations import services

        for call, count in ((big, 200), (small, 20)):
            for i in range(count):
                admin_id, code = admins[i % len(call.administrations)]
                services.nominate(call, admin_id, person(i, code.lower()))
            db.session.commit()
        ids = (big.id, small.id, big.workshop_id)
    return app, ids


def _client(app):
    client = app.test_client()
    response = client.post("/login", data={"email": "bench-staff@rocb-ap.org", "password": "bench password 1"})
    assert response.status_code == 302
    return client


def _confirm_100(app, big_id, repeat) -> tuple[float, int]:
    from rocb.extensions import db
    from rocb.mail.models import OutboxMessage
    from rocb.nominations import services
    from rocb.nominations.models import Nomination

    times, queued = [], 0
    for _ in range(repeat):
        with app.test_request_context():
            chosen = db.session.execute(select(Nomination).where(Nomination.call_id == big_id)
                                        .order_by(Nomination.id).limit(100)).scalars().all()
            before = db.session.execute(select(func.count(OutboxMessage.id))).scalar_one()
            started = time.perf_counter()
            services.decide(chosen, "confirmed")
            db.session.commit()
            times.append(time.perf_counter() - started)
            queued = db.session.execute(select(func.count(OutboxMessage.id))).scalar_one() - before
            services.decide(chosen, "waitlisted")  # back, for the next round (cancellations queued, not timed)
            db.session.commit()
    return statistics.median(times), queued


def run(ctx) -> list[dict]:
    app, (big, small, workshop_id) = _build()
    client = _client(app)

    def page(path):
        def fetch():
            response = client.get(path)
            assert response.status_code == 200
            response.get_data()
        fetch()
        return ctx.timeit(fetch), ctx.count_queries(app, fetch)

    big_s, big_q = page(f"/nominations/calls/{big}/review")
    small_s, small_q = page(f"/nominations/calls/{small}/review")
    workshop_s, _ = page(f"/workshops/{workshop_id}")
    confirm_s, queued = _confirm_100(app, big, max(3, min(ctx.repeat, 5)))
    return [
        {"case": "call review, 35 administrations / 200 nominations", "median_ms": big_s * 1000,
         "baseline": "the workshop's page", "ratio": big_s / workshop_s, "queries": big_q,
         "queries_1y": small_q, "years_ratio": big_s / small_s,
         "budget": "ratio <= 2; queries equal (queries_1y: 5 administrations / 20 nominations)"},
        {"case": f"confirm 100 nominations ({queued} messages queued)", "median_ms": confirm_s * 1000,
         "baseline": "1 s", "ratio": confirm_s / 1.0, "queries": None,
         "budget": "ratio < 1 (under 1 s); 100 messages queued"},
    ]


if __name__ == "__main__":
    class _Ctx:
        repeat = 3

        def timeit(self, fn):
            fn()
            times = []
            for _ in range(self.repeat):
                started = time.perf_counter()
                fn()
                times.append(time.perf_counter() - started)
            return statistics.median(times)

        def count_queries(self, app, fn):
            from sqlalchemy import event

            from rocb.extensions import db

            with app.app_context():
                engine = db.engine
            n = {"n": 0}

            def count(*_a, **_k):
                n["n"] += 1
            event.listen(engine, "before_cursor_execute", count)
            try:
                fn()
            finally:
                event.remove(engine, "before_cursor_execute", count)
            return n["n"]

    for row in run(_Ctx()):
        print(row)
