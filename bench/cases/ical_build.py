"""Calendar feed, cold build: build_calendar on 6,000 sessions against bare icalendar writing the same
properties in a minimal loop. The baseline gets its DESCRIPTION strings precomputed, so the ratio charges
build_calendar with everything it adds: the local-time description text, UTC conversion and the UID check.
Nearly all of the time is icalendar's own (property encoding and line folding).
Budget (issue 5): ratio <= 1.5.
"""

import datetime as dt
import random

from icalendar import Calendar, Event, vDuration

from rocb.feeds.ical import ICAL_STATUS, PRODID, FeedEvent, FeedMeta, build_calendar, description_text

SESSIONS = 6_000
ZONES = ("Asia/Bangkok", "Europe/Brussels", "Asia/Tehran", "Australia/Adelaide", "Pacific/Apia",
         "Asia/Kolkata", "Asia/Tokyo", "Asia/Kathmandu")
CITIES = ("Bangkok", "Brussels", "Tokyo", "Online", "Seoul", "New Delhi", "Suva", "Kuala Lumpur")
STATUSES = tuple(ICAL_STATUS)


def sample_events(count=SESSIONS, seed=20):
    """Deterministic sessions over 20 years: one in five a whole day (historic), the rest timed."""
    rng = random.Random(seed)
    first = dt.datetime(2005, 1, 3, tzinfo=dt.UTC)
    events = []
    for i in range(count):
        start = first + dt.timedelta(days=i * 20 * 365 // count, minutes=15 * rng.randrange(96))
        common = dict(
            uid=f"{rng.getrandbits(128):032x}@rocb.example", sequence=rng.randrange(4),
            status=rng.choice(STATUSES), title=f"Regional workshop on topic {i % 97}, session {i % 5 + 1}",
            reference_zone=rng.choice(ZONES), location=rng.choice(CITIES),
            url=f"https://rocb.example/workshops/{i // 3}", created=start - dt.timedelta(days=60),
            last_modified=start - dt.timedelta(days=7), organizers=("WCO Secretariat", "ROCB A/P"),
            fund=rng.choice(("CCF/China", "CCF/Korea", "CCF/Japan", "JICA")),
            topics=("Risk management", "AEO"), mode=rng.choice(("online", "physical", "hybrid")),
            join_link="https://meet.example/j/123" if i % 3 == 0 else None,
        )
        if i % 5 == 0:
            day = start.date()
            events.append(FeedEvent(first_day=day, last_day=day + dt.timedelta(days=2), **common))
        else:
            events.append(FeedEvent(start_utc=start, end_utc=start + dt.timedelta(hours=2), **common))
    return events


def bare_icalendar(events, descriptions):
    """What a hand-written feed costs: the same properties, no helpers."""
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", "Public")
    calendar.add("x-wr-calname", "Public")
    calendar.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(dt.timedelta(hours=6)))
    for event, description in zip(events, descriptions, strict=True):
        vevent = Event()
        vevent.add("uid", event.uid)
        vevent.add("dtstamp", event.last_modified)
        if event.first_day is not None:
            vevent.add("dtstart", event.first_day)
            vevent.add("dtend", event.last_day + dt.timedelta(days=1))
        else:
            vevent.add("dtstart", event.start_utc)
            vevent.add("dtend", event.end_utc)
        vevent.add("created", event.created)
        vevent.add("last-modified", event.last_modified)
        vevent.add("sequence", event.sequence)
        vevent.add("status", ICAL_STATUS[event.status])
        vevent.add("summary", event.title)
        vevent.add("transp", "TRANSPARENT")
        vevent.add("categories", list(event.topics))
        vevent.add("location", event.location)
        vevent.add("url", event.url)
        vevent.add("description", description)
        calendar.add_component(vevent)
    return calendar.to_ical()


def run(ctx):
    events = sample_events()
    descriptions = [description_text(event, private=False) for event in events]
    meta = FeedMeta(name="Public")
    built = ctx.timeit(lambda: build_calendar(meta, events), repeat=5)
    bare = ctx.timeit(lambda: bare_icalendar(events, descriptions), repeat=5)
    return [{
        "case": f"ical build_calendar {len(events)} sessions",
        "median_ms": round(built * 1000, 1),
        "baseline": "bare icalendar, same properties",
        "ratio": round(built / bare, 2),
        "queries": None,
        "budget": "ratio <= 1.5",
    }]
