"""/calendar: month, week and agenda views, drawn by FullCalendar (served from the app) from /api/v1/calendar."""

from flask import Blueprint, render_template, request, url_for

from rocb import access, params
from rocb.calendar import services

bp = Blueprint("calendar", __name__)

VIEWS = {"month": "dayGridMonth", "week": "timeGridWeek", "agenda": "listMonth"}


def _feed_links(filters: services.Filters) -> list[tuple[str, str]]:
    """The calendar feeds (.ics) holding what the page shows, best match first."""
    links = []
    if filters.administration:
        links.append((f"Feed of workshops {filters.administration} takes part in",
                      url_for("feeds.administration_calendar", code=filters.administration)))
    if filters.entity:
        links.append(("Feed of workshops hosted by this entity",
                      url_for("feeds.entity_calendar", entity_id=int(filters.entity))))
    links.append(("Public feed of all public workshops", url_for("feeds.public_calendar")))
    return links


@bp.get("/calendar")
@access.public
def calendar():
    filters = services.Filters.from_args(request.args)
    view = request.args.get("view", "")
    day = params.day_arg(request.args, "date")  # a day records can hold, else today
    initial = day.isoformat() if day else ""
    return render_template(
        "calendar/calendar.html", filters=filters, choices=services.filter_choices(),
        events_url=url_for("api.calendar_events", **filters.args()), initial_view=VIEWS.get(view, ""),
        initial_date=initial, feed_links=_feed_links(filters), views=VIEWS,
    )
