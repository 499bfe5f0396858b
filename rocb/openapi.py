"""The API's contract: an OpenAPI 3.1 document of /api/v1, generated from the code.

Each API view carries its operation in its docstring (YAML after a `---` line: parameters, responses, errors);
apispec's Flask plugin reads them from `app.url_map`, and the shared schemas below describe the bodies. A view
under /api/v1 without an operation in its docstring is an error at build time (tests/test_openapi.py), so the
document cannot silently fall behind the code.

GET /api/v1/openapi.json   the document
GET /api/v1/docs           the same document rendered as a page (no script, served by the app itself)
"""

from apispec import APISpec
from apispec_webframeworks.flask import FlaskPlugin
from flask import current_app, render_template

from rocb import access
from rocb.api import api

TITLE = "ROCB Capacity API"
VERSION = "1.0.0"

_STR = {"type": "string"}
_INT = {"type": "integer"}
_BOOL = {"type": "boolean"}
_DAY = {"type": "string", "format": "date"}
_NULL_DAY = {"type": ["string", "null"], "format": "date"}
_NULL_STR = {"type": ["string", "null"]}
_INSTANT = {"type": "string", "format": "date-time"}
# a date known to the day, the month or the year, as the source gives it: "2021-03-16", "2014-06", "2010"
_NULL_PARTIAL_DAY = {"type": ["string", "null"], "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"}
_NULL_INSTANT = {"type": ["string", "null"], "format": "date-time"}


def _obj(properties: dict, required: list[str] | None = None) -> dict:
    return {"type": "object", "properties": properties, "required": required or list(properties)}


def _list(items: dict) -> dict:
    return {"type": "array", "items": items}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


SCHEMAS = {
    "OptionalDay": {"oneOf": [_DAY, {"type": "string", "maxLength": 0}],
                    "description": "a day, YYYY-MM-DD; empty or left out: no bound"},
    "Error": _obj({"error": {"type": "string", "description": "what was wrong, in a sentence"}}),
    "Administration": _obj({
        "code": {**_STR, "description": "ISO 3166-1 alpha-2"}, "name": _STR, "subregion": _STR,
        "timezone": {**_STR, "description": "IANA zone name"},
        "working_days": {**_STR, "description": "e.g. Mon-Fri, Sun-Thu"},
        "working_hours": {**_list(_STR), "minItems": 2, "maxItems": 2, "description": "[\"08:30\", \"16:30\"]"},
        "working_days_recorded": {**_BOOL, "description": "false: the best-known public-sector week, assumed "
                                                         "until staff set it"},
        "working_hours_recorded": {**_BOOL, "description": "false: 09:00-17:00 assumed until staff set them"},
        "joined_on": _NULL_DAY,
    }),
    "RegionalEntity": _obj({
        "id": _INT, "kind": _STR, "name": _STR, "host_code": _STR, "city": _NULL_STR, "status": _STR,
        "mou_signed_on": _NULL_PARTIAL_DAY, "established_on": _NULL_PARTIAL_DAY,
        "status_history": _list(_obj({"status": _STR, "on": _NULL_PARTIAL_DAY})),
    }),
    "Session": {
        "type": "object",
        "description": "A timed session has start/end (UTC) and local_start/local_end in its zone; a whole-day "
                       "session has day and end_day_exclusive.",
        "properties": {
            "uid": _STR, "title": _NULL_STR, "all_day": _BOOL, "cancelled": _BOOL, "sequence": _INT,
            "zone": {**_NULL_STR, "description": "IANA zone of a timed session or of a whole day agreed in a zone; "
                                                 "null: a record that gives dates only (no zone)"},
            "start": _INSTANT, "end": _INSTANT, "local_start": _STR, "local_end": _STR,
            "day": _DAY, "end_day_exclusive": _DAY,
        },
        "required": ["uid", "all_day", "zone", "cancelled", "sequence"],
    },
    "Figures": _obj({
        "by_role": {"type": "object", "additionalProperties": _INT}, "total": _INT, "administrations": _INT,
        "by_gender": {"type": ["object", "null"], "additionalProperties": _INT},
        "summary": {**_NULL_STR, "description": "the figures as the newsletter says them (null: no figures)"},
    }),
    "Workshop": {
        **_obj({
            "id": _INT, "title": _STR, "kind": _STR, "mode": _STR, "status": _STR,
            "first_day": _NULL_DAY, "last_day": _NULL_DAY, "reference_zone": _NULL_STR, "host": _NULL_STR,
            "venue": _NULL_STR, "topics": _list(_STR), "funds": _list(_STR), "figures": _ref("Figures"),
            "sessions": _list(_ref("Session")),
        }),
    },
    "Place": _obj({"key": _STR, "label": _STR, "zone": _STR, "working_days": _STR, "working_hours": _STR,
                   "weight": _INT}),
    "PlaceTime": _obj({
        "place": _STR, "label": _STR, "zone": _STR, "local_start": _NULL_STR, "local_end": _NULL_STR,
        "local_date": _DAY, "weekday": _STR, "utc_offset": _NULL_STR,
        "day_shift": {**_INT, "description": "local date minus the date in the reference zone"},
        "class": {**_STR, "description": "in working hours, at the edge, outside, or a non-working day"},
        "night": _BOOL,
    }),
    "SessionTime": {
        "type": "object",
        "properties": {"label": _STR, "whole_day": _BOOL, "reference_zone": _NULL_STR, "date": _DAY,
                       "start_utc": _STR, "end_utc": _STR, "start": _STR, "end": _STR},
        "required": ["label", "whole_day", "reference_zone"],
    },
    "Schedule": _obj({
        "workshop": _obj({"id": _INT, "title": _STR, "reference_zone": _NULL_STR}),
        "reference_zone": _NULL_STR, "sessions": _list(_ref("SessionTime")),
        "rows": _list(_obj({"place": _ref("Place"), "times": _list(_ref("PlaceTime"))})),
        "dst_flags": _list(_obj({"place": _STR, "zone": _STR, "at_utc": _STR, "at_local": _STR,
                                 "old_offset": _STR, "new_offset": _STR, "before_workshop": _BOOL})),
    }),
    "Constraint": _obj({"zone": _STR, "start": _STR, "end": _STR}),
    "PlannerAnswer": _obj({
        "query": _obj({
            "from": _DAY, "to": _DAY, "duration": _INT, "reference_zone": _STR, "admins": _list(_STR),
            "zones": _list(_STR), "require": _list(_ref("Constraint")),
            "weights": {"type": "object", "additionalProperties": _INT},
            "series": {"type": ["integer", "null"]}, "preferred": _BOOL,
        }),
        "places": _list(_ref("Place")),
        "results": _list(_ref("Slot")),
        "groups": {**_list(_ref("TimeGroup")),
                   "description": "the best distinct start times of day in the reference zone, best first (at most "
                                  "5; empty for a series)"},
        "notes": _list(_STR),
    }),
    "Slot": _obj({"start_utc": _STR, "end_utc": _STR, "working_weight": _INT, "working_count": _INT,
                  "night_or_day_off": _INT, "places": _list(_ref("PlaceTime"))}),
    "TimeGroup": _obj({
        "start": {**_STR, "description": "HH:MM in the reference zone"}, "reference_zone": _STR,
        "working_weight": _INT, "working_count": _INT, "night_or_day_off": _INT,
        "best": {**_ref("Slot"), "description": "the best day at this time: every place's local time and class"},
        "days": {**_list(_obj({
            "date": _DAY, "start_utc": _INSTANT, "end_utc": _INSTANT, "working_weight": _INT, "working_count": _INT,
            "night_or_day_off": _INT,
            "as_good": {**_BOOL, "description": "as good as the best day of this start time"},
            "not_working": {**_list(_STR), "description": "keys of the places outside working hours that day"},
            "holidays": {"type": "object", "additionalProperties": _STR,
                         "description": "the holidays of those places that day, by key"},
        })), "description": "every day of the range this start time is allowed on, in date order"},
        "strips": {**_list(_ref("HourStrip")), "description": "one per place, on the best day"},
    }),
    "HourStrip": _obj({
        "place": _STR, "local_date": _DAY, "weekday": _STR,
        "day_off": {**_NULL_STR, "description": "the holiday, or 'non-working day'; null on a working day"},
        "working_hours": {**_STR, "description": "the hours in force that day, HH:MM-HH:MM"},
        "hours": {**_list({"enum": ["working", "part working", "outside", "day off"]}), "minItems": 24,
                  "maxItems": 24, "description": "local hours 00 to 23 of the place"},
        "slot": {**_list({"enum": ["full", "part", ""]}), "minItems": 24, "maxItems": 24,
                 "description": "how much of each local hour the slot covers"},
        "slot_local": {**_NULL_STR, "description": "the slot in local time, HH:MM-HH:MM"},
        "continues_next_day": _BOOL,
    }),
    "NeedItem": _obj({
        "administration_code": _STR, "status": {"enum": ["draft", "submitted"]}, "topic_code": _STR,
        "priority": _NULL_STR, "officers": {"type": ["integer", "null"]}, "mode": _NULL_STR,
        "quarters": _NULL_STR, "comment": _NULL_STR,
    }),
    "SurveyNeeds": _obj({
        "cycle": _obj({"year": _INT, "title": _STR, "opens_at": _INSTANT, "closes_at": _INSTANT, "state": _STR,
                       "delivery_window": {**_list(_DAY), "minItems": 2, "maxItems": 2}}),
        "needs": _list(_ref("NeedItem")),
    }),
    "TopicDelivery": _obj({
        "topic_code": _STR, "topic_name": _STR, "package": _STR,
        **{name: _INT for name in ("administrations_asking", "weighted_need", "officers_asked", "workshops_held",
                                   "formal_participants", "administrations_reached", "asking_reached",
                                   "unmet_need")},
        # Of the administrations asking and reached, what their follow-up says (the rest: not followed up yet).
        "asking_applied": {"type": "integer", "description": "asked, reached, and their follow-up says partly or "
                                                              "fully applied"},
        "asking_not_applied": {"type": "integer", "description": "asked, reached, and their follow-up says not yet"},
        "asking_no_answer": {"type": "integer", "description": "asked, reached, followed up, no answer yet"},
        "coverage": {"type": ["number", "null"], "description": "null when nobody asked"},
    }),
    "NeedsVsDelivery": _obj({
        "cycle": _INT, "delivery_window": _obj({"start": _DAY, "end": _DAY}),
        "subregion": _NULL_STR, "package": _NULL_STR, "topics": _list(_ref("TopicDelivery")),
    }),
}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


# Every operation may answer these; `build_spec` adds them so no docstring has to repeat them.
COMMON_ERRORS = {
    "405": _error("Method not allowed on this address"),
    "500": _error("Unexpected server error (a bug: reported, never expected)"),
    "503": _error("The database is unreachable for a moment: try again"),
}
RESPONSES = {
    "BadRequest": _error("A parameter is malformed or names nothing known"),
    "NotFound": _error("No such record"),
    "Unauthorized": _error("Not logged in"),
    "Forbidden": _error("Logged in without the role this needs"),
}


def build_spec(app) -> dict:
    spec = APISpec(
        title=TITLE, version=VERSION, openapi_version="3.1.0", plugins=[FlaskPlugin()],
        info={"description": "Read-only JSON of the ROCB A/P capacity-building record: registry, workshops "
                             "(figures only, never names or e-mails), schedules, the slot finder, survey needs and "
                             "needs versus delivery. Errors are JSON: {\"error\": \"...\"}."},
        servers=[{"url": "/"}],
    )
    for name, schema in SCHEMAS.items():
        spec.components.schema(name, schema)
    for name, response in RESPONSES.items():
        spec.components.response(name, response)
    spec.components.security_scheme("session", {"type": "apiKey", "in": "cookie", "name": "session",
                                                "description": "the session cookie of a login at /login"})
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.endpoint.startswith(api.name + "."):
            continue
        view = app.view_functions[rule.endpoint]
        if "---" not in (view.__doc__ or ""):
            raise ValueError(f"{rule.endpoint} has no OpenAPI operation in its docstring")
        spec.path(view=view, app=app)
    document = spec.to_dict()
    for operations in document["paths"].values():
        for operation in operations.values():
            for code, response in COMMON_ERRORS.items():
                operation["responses"].setdefault(code, response)
    return document


@api.get("/openapi.json")
@access.public
def openapi_json():
    """The API's contract.
    ---
    get:
      summary: This document (OpenAPI 3.1)
      tags: [contract]
      responses:
        "200":
          description: the OpenAPI document
          content:
            application/json:
              schema: {type: object, required: [openapi, paths]}
    """
    document = current_app.extensions.get("rocb_openapi")
    if document is None:
        document = current_app.extensions["rocb_openapi"] = build_spec(current_app)
    return document


@api.get("/docs")
@access.public
def openapi_page():
    """The API's contract as a page.
    ---
    get:
      summary: This document rendered as an HTML page
      tags: [contract]
      responses:
        "200":
          description: an HTML page
          content:
            text/html:
              schema: {type: string}
    """
    document = openapi_json()
    return render_template("api/docs.html", spec=document, schemas=document["components"]["schemas"])
