"""The scheduling package's use of the database: fetch rows, hand the pure planner plain data.

Views call these; the planner (planner.py) never sees a model. The one write, setting a chosen slot as a
session, goes through the workshops service so that its checks, audit and feed SEQUENCE rules apply.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from statistics import median

from flask import abort
from sqlalchemy import func, select, union
from sqlalchemy.orm import selectinload

from rocb import access
from rocb.extensions import db
from rocb.registry.models import Administration
from rocb.scheduling.planner import (
    Place,
    PlannerError,
    Schedule,
    SessionTime,
    Slot,
    find_series,
    schedule,
)
from rocb.scheduling.times_of_day import TimeGroup, find_slots_by_time
from rocb.scheduling.zones import check_zone, zone
from rocb.services import ServiceError
from rocb.workshops.models import Headcount, Participant, Session, Workshop, WorkshopParty, workshop_invited

DEFAULT_MINUTES = 120


# ---------------------------------------------------------------- rows -> places and sessions


def administration_place(admin: Administration, weight: int = 1, window: tuple[time, time] | None = None) -> Place:
    """An administration as a planner place; `window` replaces its working hours (a stated online window)."""
    start, end = window or (admin.work_start, admin.work_end)
    return Place(admin.code, admin.name, admin.timezone, admin.working_days, start, end, weight,
                 hours_assumed=window is None and not admin.work_hours_recorded)


def extra_zone_places(names) -> list[Place]:
    """Extra zones by IANA name (Europe/Brussels for WCO experts); PlannerError names an unknown one."""
    seen, places = set(), []
    for name in names:
        checked = check_zone(name)
        if checked not in seen:
            seen.add(checked)
            places.append(Place.extra_zone(checked))
    return places


def session_times(workshop: Workshop) -> list[SessionTime]:
    """The workshop's sessions that still take place (cancelled ones are left out), in time order."""
    out = []
    for n, s in enumerate((s for s in workshop.sessions if not s.cancelled), start=1):
        label = s.title or f"Session {n}"
        if s.all_day:
            out.append(SessionTime(day=s.local_start.date(), reference_zone=s.zone, label=label))
        else:
            out.append(SessionTime(s.start_utc, s.end_utc, reference_zone=s.zone, label=label))
    return out


# ---------------------------------------------------------------- workshops


def visible_workshop_or_404(workshop_id: int) -> Workshop:
    """The workshop with its sessions loaded; a private one exists only for staff (404 for anyone else)."""
    workshop = db.session.execute(
        select(Workshop).options(selectinload(Workshop.sessions)).where(Workshop.id == workshop_id)
    ).scalar_one_or_none()
    if workshop is None or (not workshop.is_public and not access.is_staff()):
        abort(404)
    return workshop


def participating_administrations(workshop_id: int) -> list[Administration]:
    """Invited administrations, those named as attending or presenting, and those with participants or headcounts,
    in one query."""
    ids = union(
        select(workshop_invited.c.administration_id).where(workshop_invited.c.workshop_id == workshop_id),
        select(WorkshopParty.administration_id).where(WorkshopParty.workshop_id == workshop_id,
                                                      WorkshopParty.administration_id.is_not(None)),
        select(Participant.administration_id).where(Participant.workshop_id == workshop_id,
                                                    Participant.administration_id.is_not(None)),
        select(Headcount.administration_id).where(Headcount.workshop_id == workshop_id,
                                                  Headcount.administration_id.is_not(None)),
    )
    query = select(Administration).where(Administration.id.in_(select(ids.subquery()))).order_by(Administration.code)
    return list(db.session.execute(query).scalars())


def registered_participants(workshop_id: int) -> dict[str, int]:
    """Participants per administration code: named participants, or headcounts where no names are recorded."""
    named = dict(db.session.execute(
        select(Administration.code, func.count(Participant.id)).join(Participant.administration)
        .where(Participant.workshop_id == workshop_id).group_by(Administration.code)
    ).all())
    counted = dict(db.session.execute(
        select(Administration.code, func.sum(Headcount.count)).join(Headcount.administration)
        .where(Headcount.workshop_id == workshop_id).group_by(Administration.code)
    ).all())
    return {code: int(named.get(code) or counted.get(code) or 0) for code in named.keys() | counted.keys()}


def _west_to_east(places: list[Place], at: datetime | None) -> list[Place]:
    """Tehran first, Apia last: the order people read a regional schedule in."""
    if at is None:
        return places
    return sorted(places, key=lambda p: (at.astimezone(zone(p.zone)).utcoffset(), p.key))


def holiday_calendars(administrations, first: date, last: date) -> dict:
    """The planner's calendars of these administrations (public holidays, closures, hours changes), over the range
    widened by two days: a place's local date can be a day either side of the reference date."""
    from rocb.closures.services import calendars_for

    return calendars_for(administrations, first - timedelta(days=2), last + timedelta(days=2))


def workshop_schedule(workshop: Workshop, extra_zones=()) -> Schedule:
    """Every session of the workshop in every participating administration's time, plus the extra zones; a session
    on a holiday of an administration is flagged with the holiday's name."""
    sessions = session_times(workshop)
    first = next((s.start_utc for s in sessions if not s.whole_day), None)
    rows = participating_administrations(workshop.id)
    admins = [administration_place(a) for a in rows]
    places = _west_to_east(admins, first) + extra_zone_places(extra_zones)
    days = [s.day if s.whole_day else s.start_utc.date() for s in sessions]
    calendars = holiday_calendars(rows, min(days), max(days)) if days and rows else {}
    # A record that gives dates only has no reference zone: its whole days need none (UTC only anchors them).
    return schedule(sessions, places, workshop.reference_zone or "UTC", calendars)


def workshop_defaults(workshop: Workshop, today: date) -> dict:
    """What "find a slot" pre-fills from a workshop: its administrations, weights (registered participants),
    session length, reference zone and dates (its own dates if still ahead, else the next two weeks)."""
    codes = [a.code for a in participating_administrations(workshop.id)]
    counts = registered_participants(workshop.id)
    lengths = [(s.end_utc - s.start_utc).total_seconds() / 60 for s in workshop.sessions
               if not s.all_day and not s.cancelled]
    minutes = int(median(lengths)) if lengths else DEFAULT_MINUTES
    first = workshop.first_day if workshop.first_day and workshop.first_day >= today else today
    last = workshop.last_day if workshop.first_day and workshop.first_day >= today and workshop.last_day else None
    return {
        "workshop": str(workshop.id), "admins": ", ".join(codes),
        "weights": ", ".join(f"{c}:{counts[c]}" for c in codes if counts.get(c, 0) > 1),
        "duration": min(max(minutes, 15), 720), "reference": workshop.reference_zone or "Asia/Bangkok",
        "date_from": first, "date_to": last if last and last >= first else first + timedelta(days=13),
    }


# ---------------------------------------------------------------- the slot finder


@dataclass
class PlannerQuery:
    """A checked planner request (the form has validated syntax, ranges and zone names)."""

    date_from: date
    date_to: date
    duration: int
    reference: str
    codes: list[str]
    zones: list[str]
    constraints: list
    weights: dict[str, int] = field(default_factory=dict)
    series: int | None = None
    preferred: bool = False
    calendars: dict = field(default_factory=dict)  # filled from the administrations' holidays


@dataclass
class PlannerOutcome:
    places: list[Place]
    slots: list[Slot]
    notes: list[str]  # what the viewer should know (e.g. whose preferred window was used)
    groups: list[TimeGroup] = field(default_factory=list)  # the best distinct start times (none for a series)


def administrations_by_code(codes: list[str]) -> list[Administration]:
    """The administrations in the order given; ServiceError on the "admins" field names unknown codes."""
    if not codes:
        return []
    found = {a.code: a for a in db.session.execute(
        select(Administration).where(Administration.code.in_(codes))).scalars()}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise ServiceError({"admins": f"Unknown administration code{'s' if len(unknown) > 1 else ''}: "
                                      f"{', '.join(unknown)}. Codes are ISO 3166-1 alpha-2, e.g. TH, JP, WS."})
    return [found[c] for c in codes]


def all_administration_codes() -> list[str]:
    return list(db.session.execute(select(Administration.code).order_by(Administration.code)).scalars())


def stated_windows(codes: list[str], year: int) -> dict[str, tuple[time, time]] | None:
    """The administrations' preferred online windows, from their latest submitted needs survey up to `year`;
    None when the survey package does not offer them."""
    try:
        from rocb.surveys.services import preferred_windows
    except ImportError:
        return None
    return dict(preferred_windows(year, codes) or {})


def _places(query: PlannerQuery, notes: list[str]) -> list[Place]:
    admins = administrations_by_code(query.codes)
    windows = {}
    if query.preferred and admins:
        windows = stated_windows(query.codes, query.date_from.year)
        if windows is None:
            notes.append("The needs survey does not record preferred online windows yet: working hours were used.")
            windows = {}
        else:
            # A window over midnight cannot stand in for working hours (those are one stretch of a day).
            windows = {c: w for c, w in windows.items() if w and w[0] < w[1]}
            used = [c for c in query.codes if c in windows]
            notes.append(f"Preferred online windows used for {', '.join(used) or 'no administration'}; "
                         "working hours for the others.")
    places = [administration_place(a, query.weights.get(a.code, 1), windows.get(a.code)) for a in admins]
    query.calendars = holiday_calendars(admins, query.date_from, query.date_to) if admins else {}
    places += [replace(p, weight=query.weights.get(p.key, 1)) for p in extra_zone_places(query.zones)]
    unknown = [k for k in query.weights if k not in {p.key for p in places}]
    if unknown:
        raise ServiceError({"weights": f"Weights name {', '.join(unknown)}, which is not among the chosen "
                                       "administrations and zones."})
    return places


def plan(query: PlannerQuery) -> PlannerOutcome:
    """Run the slot finder; a refusal is a ServiceError keyed by the form field it is about."""
    notes: list[str] = []
    places = _places(query, notes)
    groups: list[TimeGroup] = []
    try:
        if query.series:
            slots = find_series(places, query.date_from, query.date_to, query.duration, query.series,
                                query.constraints, search_zone=query.reference, calendars=query.calendars)
        else:
            slots, groups = find_slots_by_time(places, query.date_from, query.date_to, query.duration,
                                               query.constraints, search_zone=query.reference,
                                               calendars=query.calendars)
    except PlannerError as error:
        message = str(error)
        key = ("series" if "series" in message else "require" if "constraint" in message or "satisf" in message
               else "")
        raise ServiceError({key: message[:1].upper() + message[1:] + "."}) from error
    return PlannerOutcome(places, slots, notes, groups)


# ---------------------------------------------------------------- choosing a result


def session_from_slot(workshop: Workshop, start_utc: datetime, end_utc: datetime) -> Session:
    """Add a timed session at a chosen slot, agreed in the workshop's reference zone (the caller commits)."""
    from rocb.workshops import services as workshop_services

    reference = workshop.reference_zone or "UTC"
    zi = zone(reference)
    local_start = start_utc.astimezone(zi).replace(tzinfo=None)
    local_end = end_utc.astimezone(zi).replace(tzinfo=None)
    return workshop_services.add_session(workshop, {
        "all_day": False, "local_start": local_start, "local_end": local_end, "zone": reference,
        "title": None,
    })
