"""Certificates (issue 12): the ZIP of a workshop's certificates for 100 participants (names in Latin with
diacritics, Thai, Chinese, Devanagari and Mongolian Cyrillic; issued, drawn, split, zipped) against rendering the same
template alone for one participant — budget: the ZIP within 10 s.

Own SQLite database in a temporary folder (the demo data sets are not touched). Times are wall clock and CPU time
of this process: on a shared machine the CPU time is the app's own cost.
"""

import os
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

NAMES = ["Nguyễn Thị Hồng Nhung", "สมชาย ใจดี", "王小明", "राजेश कुमार", "Батбаяр Дорж", "Maria Dela Cruz",
         "Sione Tupou", "Ahmad bin Rahim", "Tanaka Hiroshi", "Kim Min-jun"]
_SCRATCH = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


def _setup(folder: Path):
    from rocb import create_app
    from rocb.extensions import db
    from rocb.workshops import presence, services

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'cert.sqlite'}", "SECRET_KEY": "bench",
                      "HUEY_SQLITE_FILE": str(folder / "huey.sqlite"), "HUEY_REDIS_URL": None, "MAIL_SERVER": None,
                      "RATELIMIT_STORAGE_URI": "memory://"})
    with app.app_context():
        db.create_all()
        w = services.save_workshop({"title": "Regional Workshop on Post-Clearance Audit", "kind": "regional workshop",
                                    "mode": "online", "status": "planned", "reference_zone": "Asia/Bangkok",
                                    "host": "", "topic_codes": [], "fund_codes": [], "invited_codes": [],
                                    "is_public": True})
        for d in (2, 3, 4, 5, 6):
            services.add_session(w, {"local_start": datetime(2026, 3, d, 10), "local_end": datetime(2026, 3, d, 12)})
        w.status = "held"
        people = [services.add_participant(w, {"name": f"{NAMES[i % 10]} {i}", "email": f"p{i}@customs.example",
                                               "administration_code": None, "role": "formal participant",
                                               "attended": True, "gender": None}) for i in range(100)]
        presence.record_ticks(w, {(p.id, s.id) for p in people for s in w.sessions})
        db.session.commit()
        return app, w.id


def run(ctx):
    from rocb.certificates import services
    from rocb.certificates.render import render
    from rocb.extensions import db
    from rocb.workshops.models import Workshop

    with tempfile.TemporaryDirectory(prefix="rocb-bench-cert-", dir=_SCRATCH) as folder:
        app, workshop_id = _setup(Path(folder))
        with app.test_request_context("/"):
            workshop = db.session.get(Workshop, workshop_id)
            standing = services.issue_all(workshop)[0]
            data = services.certificate_data(workshop, standing)
            db.session.commit()
            render(data)  # warm-up: fonts parsed once per process
            alone = []
            for _ in range(max(ctx.repeat, 3)):
                t = time.process_time()
                render(data)
                alone.append(time.process_time() - t)
            wall, cpu = time.perf_counter(), time.process_time()
            archive = services.zip_of(workshop)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        with app.app_context():
            db.engine.dispose()
    one = statistics.median(alone)
    per = cpu / 100
    return [{"case": "certificates ZIP for 100 participants (5 scripts)", "median_ms": wall * 1000,
             "baseline": f"one certificate rendered alone ({one * 1000:.0f} ms CPU)", "ratio": per / one,
             "per_certificate_cpu_ms": per * 1000, "zip_bytes": len(archive),
             "budget": f"within 10 s (wall {wall:.1f} s, CPU {cpu:.1f} s, {per * 1000:.0f} ms CPU per certificate)"}]
