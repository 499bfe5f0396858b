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
    """Events of the sessions in [start, end), times as wall-clock times in `zone` (default: the display zone).
    ---
    get:
      summary: Sessions of a period as calendar events, in a zone (what the /calendar page shows)
      tags: [calendar]
      parameters:
        - {name: start, in: query, required: true, schema: {type: string}, description: "first day or instant"}
        - {name: end, in: query, required: true, schema: {type: string}, description: "end, exclusive"}
        - {name: zone, in: query, schema: {type: string}, description: "IANA zone"}
        - {name: administration, in: query, schema: {type: string}, description: "ISO code"}
        - {name: entity, in: query, schema: {type: string}, description: "regional entity id"}
        - {name: topic, in: query, schema: {type: string}, description: "topic code"}
        - {name: mode, in: query, schema: {type: string}, description: "online, physical or hybrid"}
        - {name: status, in: query, schema: {type: string}, description: "workshop status"}
      responses:
        "200":
          description: the zone and the events
          content:
            application/json:
              schema:
                type: object
                required: [zone, events]
                properties: {zone: {type: string}, events: {type: array, items: {type: object}}}
        "400": {$ref: "#/components/responses/BadRequest"}
    """
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
    """Every IANA zone name with its UTC offset now, for the zone pickers of forms and the display-zone page.
    ---
    get:
      summary: Every IANA zone name with its UTC offset now
      tags: [calendar]
      responses:
        "200":
          description: the zones
          content:
            application/json:
              schema:
                type: object
                required: [zones]
                properties: {zones: {type: array}}
    """
    return {"zones": zone_choices()}
