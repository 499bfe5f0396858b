"""/api/v1/calendar: the calendar page's events, in the viewer's display zone (or ?zone=)."""

from flask import request, url_for

from rocb import access
from rocb.api import ApiError, api
from rocb.calendar import events, services
from rocb.calendar.events import zone_choices
from rocb.scheduling.zones import PlannerError, check_zone
from rocb.web import display_zone


@api.get("/calendar")
@access.public
def calendar_events():
    """Events of the sessions in [start, end), times as wall-clock times in `zone` (default: the display zone)."""
    zone = _zone(request.args.get("zone") or display_zone())
    try:
        start = events.parse_bound(request.args.get("start"), zone, "start")
        end = events.parse_bound(request.args.get("end"), zone, "end")
        events.check_range(start, end)
        rows = services.sessions_between(start, end, services.Filters.from_args(request.args))
    except (events.CalendarRangeError, services.TooManyEvents) as error:
        raise ApiError(str(error)) from error
    return {"zone": zone, "events": [
        events.event_of(r, zone, url_for("workshops.workshop_detail", workshop_id=r.workshop_id)) for r in rows]}


def _zone(name: str) -> str:
    try:
        return check_zone(name)
    except PlannerError as error:
        raise ApiError(f"zone: {error}") from error


@api.get("/zones")
@access.public
def zones():
    """Every IANA zone name with its UTC offset now, for the zone pickers of forms and the display-zone page."""
    return {"zones": zone_choices()}
