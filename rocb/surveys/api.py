"""JSON of the surveys package, on rocb.api.api (/api/v1): GET /api/v1/surveys/<year>/needs (staff only)."""

from flask import request
from sqlalchemy import select

from rocb import access
from rocb.api import MAX_ID, ApiError, api
from rocb.extensions import db
from rocb.surveys import reports
from rocb.surveys.models import SurveyCycle


@api.get(f"/surveys/<int(max={MAX_ID}):year>/needs")
@access.staff
def survey_needs(year):
    """The need items of a cycle, drafts included with their status (?status=submitted for submitted only).
    ---
    get:
      summary: The need items of a survey cycle (staff only)
      tags: [surveys]
      security: [{session: []}]
      parameters:
        - {name: year, in: path, required: true, schema: {type: integer, minimum: 0, maximum: 2147483647}}
        - {name: status, in: query, schema: {type: string, enum: [draft, submitted, ""]},
           description: "only drafts or only submitted responses (default: both)"}
      responses:
        "200":
          description: the cycle and its need items
          content:
            application/json:
              schema: {$ref: "#/components/schemas/SurveyNeeds"}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
    """
    cycle = db.session.execute(select(SurveyCycle).where(SurveyCycle.year == year)).scalar_one_or_none()
    if cycle is None:
        raise ApiError(f"There is no survey cycle for {year}.", status=404)
    status = _status_filter()
    rows = [r for r in reports.export_rows([year]) if status is None or r["status"] == status]
    start, end = cycle.delivery_window()
    return {
        "cycle": {"year": cycle.year, "title": cycle.title, "opens_at": cycle.opens_at.isoformat(),
                  "closes_at": cycle.closes_at.isoformat(), "state": cycle.state(),
                  "delivery_window": [start.isoformat(), end.isoformat()]},
        "needs": [{key: row[key] for key in ("administration_code", "status", "topic_code", "priority", "officers",
                                             "mode", "quarters", "comment")} for row in rows],
    }


def _status_filter() -> str | None:
    value = request.args.get("status")
    if value not in (None, "", "draft", "submitted"):
        raise ApiError("status must be draft or submitted.")
    return value or None
