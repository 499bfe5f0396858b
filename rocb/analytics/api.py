"""JSON of the analytics package, on rocb.api.api (/api/v1).

GET /api/v1/analytics/needs-vs-delivery?cycle=2021&subregion=ASEAN&package=Revenue
    The per-topic table of the needs-vs-delivery chart (public: aggregated figures), with the follow-up measures
    (asking_applied, asking_not_applied, asking_no_answer). Without `cycle`, the latest closed cycle. A cycle,
    subregion or package that names nothing known: 400 {"error": "..."}.
"""

import math

from flask import request

from rocb import access
from rocb.analytics import services
from rocb.api import ApiError, api
from rocb.extensions import cache

INTEGER_COLUMNS = ("administrations_asking", "weighted_need", "officers_asked", "workshops_held",
                   "formal_participants", "administrations_reached", "asking_reached", "unmet_need",
                   # of asking_reached, by their follow-up: partly or fully applied, not yet, no answer yet
                   "asking_applied", "asking_not_applied", "asking_no_answer")


def _topic_json(row: dict) -> dict:
    coverage = row["coverage"]
    return {
        "topic_code": row["topic_code"], "topic_name": row["topic_name"], "package": row["package"],
        **{column: int(row[column]) for column in INTEGER_COLUMNS},
        # null when nobody asked: there was nothing to cover
        "coverage": None if coverage is None or math.isnan(coverage) else round(float(coverage), 4),
    }


@api.get("/analytics/needs-vs-delivery")
@access.public
def needs_vs_delivery():
    """Needs versus delivery per topic.
    ---
    get:
      summary: Needs versus delivery per topic in a survey cycle's delivery window (aggregated figures)
      tags: [analytics]
      parameters:
        - name: cycle
          in: query
          schema: {oneOf: [{type: integer}, {type: string, maxLength: 0}]}
          description: "survey year (empty or left out: the latest closed)"
        - {name: subregion, in: query, schema: {type: string}, description: "e.g. ASEAN (default: all)"}
        - {name: package, in: query, schema: {type: string}, description: "WCO package, e.g. Revenue (default: all)"}
      responses:
        "200":
          description: one row per topic
          content:
            application/json:
              schema: {$ref: "#/components/schemas/NeedsVsDelivery"}
        "400": {$ref: "#/components/responses/BadRequest"}
        "404": {$ref: "#/components/responses/NotFound"}
    """
    timings = services.Timings()
    choice = services.choose_filters(request.args, timings)
    if choice.errors:
        raise ApiError(choice.message)
    version, filters = choice.version, choice.filters
    if filters.cycle is None:
        raise ApiError("There is no survey cycle yet.", 404)
    key = f"analytics:{version}:{filters.key()}:json"
    body = cache.get(key)
    if body is None:
        body = _needs_json(services.analysis(version, filters, timings), filters)
        cache.set(key, body)
    return body


def _needs_json(result: services.Analysis, filters: services.Filters) -> dict:
    start, end = result.window
    return {
        "cycle": filters.cycle,
        "delivery_window": {"start": start.isoformat(), "end": end.isoformat()},
        "subregion": filters.subregion,
        "package": filters.package,
        "topics": [_topic_json(row) for row in result.tables["needs-vs-delivery"].to_dict("records")],
    }
