"""The deterministic demo data set of workshops: ~100 a year, ~3 sessions and ~30 participants each.

The data set is built around a "today" (`flask demo-data --today`, the real date by default): it runs from `years`
years before its last day to half a year after today, so the workshops before today are held (or cancelled,
postponed) and the later ones planned or confirmed, with open calls for nominations. The same today, years and
seed give the same data; tests and the benchmark pass FIXED_TODAY so their results do not move with the clock.
Rows are written with bulk inserts: 20 years (2,000 workshops, 6,000 sessions, 60,000 participants) take seconds.
"""

import uuid
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, insert, select

from rocb.extensions import db
from rocb.registry.models import Administration, Fund, Topic
from rocb.workshops.demo_words import CITIES, person, title
from rocb.workshops.models import (
    Headcount,
    Participant,
    Session,
    StaffMember,
    Workshop,
    workshop_facilitators,
    workshop_funds,
    workshop_invited,
    workshop_topics,
)
from rocb.workshops.times import instant

FIXED_TODAY = date(2026, 6, 30)  # the today of tests and the benchmark (the data set then ends on 2026-12-31)
AHEAD = timedelta(days=184)  # the data set runs this far past its today: planned and confirmed workshops
WORKSHOPS_PER_YEAR = 100
ZONES = ("Asia/Bangkok", "Europe/Brussels", "Asia/Tokyo", "Asia/Kolkata", "Asia/Tehran", "Australia/Adelaide",
         "Pacific/Apia", "Asia/Kathmandu", "Pacific/Fiji", "Asia/Seoul")
START_HOURS = (8, 9, 10, 13, 14)
KINDS = ("regional workshop", "sub-regional workshop", "national workshop", "meeting", "MTP", "diagnostic mission")


def _next_id(model) -> int:
    return (db.session.execute(select(func.max(model.id))).scalar() or 0) + 1


def add_years(day: date, years: int) -> date:
    """The same day `years` later (or earlier); 29 February becomes the 28th in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def span(years: int, today: date) -> tuple[date, date]:
    """(first day, last day) of a data set of `years` years around `today`: it ends half a year after today."""
    last = today + AHEAD
    return add_years(last + timedelta(days=1), -years), last


def generate(years: int, rng, today: date = FIXED_TODAY) -> dict:
    rows = db.session.execute(select(Administration.id, Administration.code, Administration.name,
                                     Administration.subregion, Administration.timezone)
                              .order_by(Administration.id)).all()
    admins = [(r.id, r.code) for r in rows]
    by_id = {r.id: r for r in rows}
    rocb_host = next((r for r in rows if r.code == "TH"), rows[0])  # the office is in Bangkok
    topic_rows = db.session.execute(select(Topic.id, Topic.name).order_by(Topic.id)).all()
    fund_ids = db.session.execute(select(Fund.id)).scalars().all()
    staff_ids = db.session.execute(select(StaffMember.id)).scalars().all()
    start, _ = span(years, today)
    created = datetime(start.year - 1, 1, 1, tzinfo=UTC)
    workshops, sessions, people, heads = [], [], [], []
    topics, funds, invited, facilitators = [], [], [], []
    workshop_id = _next_id(Workshop)
    for k in range(years):
        period = add_years(start, k)  # each year of the data set: 100 workshops from its fifth day
        for n in range(WORKSHOPS_PER_YEAR):
            first = period + timedelta(days=4 + n * 355 // WORKSHOPS_PER_YEAR + rng.randrange(3))
            if first.weekday() >= 5:  # a workshop starts on a working day: the Monday after
                first += timedelta(days=7 - first.weekday())
            mode, kind = rng.choice(("online", "online", "physical", "hybrid")), rng.choice(KINDS)
            national = kind in ("national workshop", "diagnostic mission")
            from_office = mode == "online" and not national and rng.random() < 0.6
            host = rocb_host if from_office else by_id[rng.choice(admins)[0]]
            zone = rng.choice(ZONES) if mode == "online" else host.timezone
            status = _status(first, rng, today)
            days = rng.choice((1, 2, 3, 3, 3, 4, 5))
            dates = _working_days(first, days)
            if status == "held" and dates[-1] >= today:
                status = "confirmed"  # under way today: held once its last day is past
            chosen_topics = rng.sample(topic_rows, 2)
            workshops.append({
                "id": workshop_id, "title": title(kind, mode, chosen_topics[0].name, host.name, host.subregion),
                "kind": kind, "mode": mode, "status": status, "is_public": rng.random() > 0.05,
                "reference_zone": zone, "venue_city": None if mode == "online" else CITIES.get(host.code),
                "platform": "Zoom" if mode != "physical" else None,
                "join_link": f"https://zoom.example/j/{workshop_id:08d}" if mode != "physical" else None,
                "host_administration_id": host.id, "first_day": first,
                "last_day": dates[-1], "created_at": created, "updated_at": created,
                "source": "demo data"})
            timed = first.year >= 2012  # older records give dates only
            start_hour = rng.choice(START_HOURS)
            for day in dates:
                local_start = datetime.combine(day, time(start_hour if timed else 0))
                local_end = local_start + (timedelta(hours=3) if timed else timedelta(days=1))
                sessions.append({
                    "uid": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "workshop_id": workshop_id,
                    "all_day": not timed, "zone": zone, "local_start": local_start, "local_end": local_end,
                    "start_utc": instant(local_start, zone, strict=False),
                    "end_utc": instant(local_end, zone, strict=False), "cancelled": status == "cancelled",
                    "sequence": 1 if status in ("cancelled", "postponed") else 0,
                    "created_at": created, "updated_at": created})
            if national:
                chosen = [(host.id, host.code)]
            elif kind == "sub-regional workshop":
                neighbours = [(r.id, r.code) for r in rows if r.subregion == host.subregion]
                chosen = rng.sample(neighbours, min(len(neighbours), rng.randrange(3, 10)))
            else:
                chosen = rng.sample(admins, rng.randrange(3, 16))
            invited += [{"workshop_id": workshop_id, "administration_id": a} for a, _ in chosen]
            topics += [{"workshop_id": workshop_id, "topic_id": t.id} for t in chosen_topics]
            if rng.random() < 0.8:
                funds.append({"workshop_id": workshop_id, "fund_id": rng.choice(fund_ids)})
            facilitators += [{"workshop_id": workshop_id, "staff_member_id": s}
                             for s in rng.sample(staff_ids, min(2, len(staff_ids)))]
            if status == "held" and first.year < 2010 and rng.random() < 0.5:
                # Some old records give only figures.
                heads.append({"workshop_id": workshop_id, "role": "formal participant",
                              "count": rng.randrange(15, 45), "administration_id": None,
                              "administrations_count": len(chosen)})
            else:
                people += _participants(workshop_id, chosen, status, rng, created)
            workshop_id += 1
    _bulk(Workshop, workshops)
    _bulk(Session, sessions)
    _bulk(Participant, people)
    _bulk(Headcount, heads)
    for table, rows in ((workshop_topics, topics), (workshop_funds, funds), (workshop_invited, invited),
                        (workshop_facilitators, facilitators)):
        if rows:
            db.session.execute(table.insert(), rows)
    _advance_sequences()
    return {"workshops": len(workshops), "sessions": len(sessions), "participants": len(people),
            "headcounts": len(heads)}


def _working_days(first: date, count: int) -> list[date]:
    """`count` days from `first`, Saturdays and Sundays skipped (workshops run on working days)."""
    days, day = [], first
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _status(first: date, rng, today: date) -> str:
    roll = rng.random()
    if roll < 0.04:
        return "cancelled"
    if roll < 0.07:
        return "postponed"
    if first > today:
        return "confirmed" if roll < 0.5 else "planned"
    return "held"


def _participants(workshop_id, chosen, status, rng, created):
    rows = []
    count = rng.randrange(20, 41)
    for i in range(count):
        admin_id, code = chosen[i % len(chosen)]
        name, given, family = person(code, rng)
        local = "".join(c for c in f"{given}.{family}".lower().replace(" ", ".") if c.isascii() and c not in "'")
        rows.append({
            "workshop_id": workshop_id, "name": name,
            "email": f"{local}.{workshop_id}.{i}@customs-{code.lower()}.example",
            "administration_id": admin_id, "organization_id": None,
            "role": "observer" if rng.random() < 0.2 else "formal participant",
            "attended": status == "held" and rng.random() < 0.95,
            "gender": rng.choice(("female", "male", None)), "created_at": created})
    return rows


def _bulk(model, rows, chunk=5_000):
    for i in range(0, len(rows), chunk):
        db.session.execute(insert(model), rows[i:i + chunk])


def _advance_sequences():
    # Workshops were inserted with explicit ids; PostgreSQL's sequence must be told.
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(func.setval(func.pg_get_serial_sequence("workshops", "id"),
                                              func.max(Workshop.id))))
