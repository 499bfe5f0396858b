"""An administration's calendar: national public holidays (the `holidays` package, cached per country and year)
with the office closures and dated working-hours changes staff add; and the planner's calendars built from them."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import null, select, union_all

from rocb import audit
from rocb.closures.models import Closure, HoursChange
from rocb.extensions import db
from rocb.registry.models import Administration
from rocb.scheduling.calendars import HoursChange as PlannerHoursChange
from rocb.scheduling.calendars import PlaceCalendar
from rocb.scheduling.public_holidays import holidays_between
from rocb.services import ServiceError

MAX_CLOSURE_DAYS = 92


def _check_days(data: dict) -> None:
    first, last = data.get("first_day"), data.get("last_day") or data.get("first_day")
    if not isinstance(first, date):
        raise ServiceError({"first_day": "Give the first day (YYYY-MM-DD)."})
    if last < first:
        raise ServiceError({"last_day": f"The last day ({last}) is before the first ({first})."})
    if (last - first).days + 1 > MAX_CLOSURE_DAYS:
        raise ServiceError({"last_day": f"At most {MAX_CLOSURE_DAYS} days at once."})
    if not (data.get("name") or "").strip():
        raise ServiceError({"name": "Say what it is, e.g. Office closure or Ramadan hours."})
    data["last_day"] = last


def add_closure(admin: Administration, data: dict) -> Closure:
    data = dict(data)
    _check_days(data)
    row = Closure(administration=admin, first_day=data["first_day"], last_day=data["last_day"],
                  name=data["name"].strip())
    db.session.add(row)
    audit.record("add closure", admin, {"closure": [None, f"{row.name} {row.first_day}..{row.last_day}"]})
    return row


def add_hours_change(admin: Administration, data: dict) -> HoursChange:
    data = dict(data)
    _check_days(data)
    if not (data.get("work_start") and data.get("work_end") and data["work_start"] < data["work_end"]):
        raise ServiceError({"work_end": "Working hours must end after they start."})
    row = HoursChange(administration=admin, first_day=data["first_day"], last_day=data["last_day"],
                      work_start=data["work_start"], work_end=data["work_end"], name=data["name"].strip())
    db.session.add(row)
    audit.record("add hours change", admin, {"hours change": [
        None, f"{row.name} {row.first_day}..{row.last_day} {row.work_start:%H:%M}-{row.work_end:%H:%M}"]})
    return row


def remove(row: Closure | HoursChange) -> None:
    audit.record("remove " + ("closure" if isinstance(row, Closure) else "hours change"), row.administration,
                 {"removed": [f"{row.name} {row.first_day}..{row.last_day}", None]})
    db.session.delete(row)


def rows_of(admin_ids, first: date, last: date):
    """(closures, hours changes) of these administrations that overlap [first, last], as rows (for the page)."""
    out = []
    for model in (Closure, HoursChange):
        out.append(list(db.session.execute(
            select(model).where(model.administration_id.in_(admin_ids), model.first_day <= last,
                                model.last_day >= first).order_by(model.first_day, model.id)).scalars()))
    return out[0], out[1]


def _calendar_rows(admin_ids, first: date, last: date):
    """Closures (no hours) and hours changes overlapping [first, last] as plain tuples, in one query:
    (administration id, first day, last day, name, work start or None, work end or None)."""
    def overlapping(model, *hours):
        return select(model.administration_id, model.first_day, model.last_day, model.name, *hours).where(
            model.administration_id.in_(admin_ids), model.first_day <= last, model.last_day >= first)

    # Hours changes first: the union takes its column types (times) from the first SELECT.
    query = union_all(overlapping(HoursChange, HoursChange.work_start, HoursChange.work_end),
                      overlapping(Closure, null().label("work_start"), null().label("work_end")))
    return sorted(db.session.execute(query).all(), key=lambda r: (r[1], r[0], r[3]))


def calendars_for(admins, first: date, last: date) -> dict[str, PlaceCalendar]:
    """{administration code: PlaceCalendar} over [first, last]: its public holidays (cached per country and year),
    its closures (each day named), its hours changes; one query. Local dates may lie a day either side of a
    session's reference date, so callers widen the range."""
    admins = list(admins)
    by_id = {a.id: a.code for a in admins}
    days = {a.code: holidays_between(a.code, first, last) for a in admins}
    hours: dict[str, list] = {a.code: [] for a in admins}
    for admin_id, first_day, last_day, name, work_start, work_end in _calendar_rows(list(by_id), first, last):
        code = by_id[admin_id]
        if work_start is not None:
            hours[code].append(PlannerHoursChange(first_day, last_day, work_start, work_end, name))
            continue
        day = max(first_day, first)
        while day <= min(last_day, last):
            days[code][day] = f"{days[code][day]}; {name}" if day in days[code] else name
            day += timedelta(days=1)
    return {code: PlaceCalendar(days[code], tuple(hours[code])) for code in days}
