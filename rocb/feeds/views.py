"""Pages of the feeds package: the .ics feeds, the calendars page, "My calendar", a roster's feed links."""


from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.http import dump_header, is_resource_modified, parse_set_header

from rocb import access, spreadsheets
from rocb.auth.models import User
from rocb.extensions import db
from rocb.feeds import services, tokens
from rocb.feeds.ical import google_calendar_link
from rocb.pages import by_field_or_404, one_or_404
from rocb.registry.models import Administration, RegionalEntity
from rocb.workshops.models import Participant, Workshop

bp = Blueprint("feeds", __name__)

CALENDAR_MIMETYPE = "text/calendar; charset=utf-8"


class SharedCalendarResponse(Response):
    """A feed that is the same for everyone, without "Vary: Cookie".

    Flask adds "Vary: Cookie" to every response whose session was looked at, and Flask-Login looks at it after
    every request: shared caches would keep one copy per visitor. Dropped here, as the last step before sending,
    unless the answer sets a cookie (a logged-in browser's session being refreshed): then it is not shared.
    """

    def get_wsgi_headers(self, environ):
        headers = super().get_wsgi_headers(environ)
        if "Set-Cookie" in headers:
            headers["Cache-Control"] = headers.get("Cache-Control", "").replace("public", "private", 1)
            return headers
        vary = [value for value in parse_set_header(headers.get("Vary")) if value.lower() != "cookie"]
        if vary:
            headers["Vary"] = dump_header(vary)
        else:
            headers.pop("Vary", None)
        return headers


def calendar_response(spec: services.FeedSpec, filename: str | None = None) -> Response:
    """The feed with its validators; 304 when the client already has it; HEAD without the body (Flask).

    `no-transform` and no Content-Encoding: some calendar clients cannot read a compressed feed, and a proxy
    that recompresses would also change the bytes the ETag names.
    """
    built = services.build_feed(spec, wants_body=lambda etag, last_modified: is_resource_modified(
        request.environ, etag=etag, last_modified=last_modified))
    response_class = SharedCalendarResponse if spec.shared else Response
    response = response_class(built.body or b"", status=200 if built.body is not None else 304,
                              content_type=CALENDAR_MIMETYPE)
    response.set_etag(built.etag)
    response.last_modified = built.last_modified
    response.headers["Cache-Control"] = ("public" if spec.shared else "private") + ", max-age=900, no-transform"
    if built.stale:  # the last good body, while the one of the newest data is built (rocb/refresh.py)
        response.headers["X-Data-Stale"] = "being updated"
    if spec.private:
        response.headers["X-Robots-Tag"] = "noindex"
    if built.body is None:  # a 304 carries the validators, no body and no Content-Type
        response.headers.pop("Content-Type", None)
        response.headers.pop("Content-Length", None)
        return response
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response = response.make_conditional(request)
    response.headers.pop("Content-Encoding", None)
    return response


@bp.get("/calendar.ics")
@access.public
def public_calendar():
    return calendar_response(services.public_feed())


@bp.get("/administrations/<code>/calendar.ics")
@access.public
def administration_calendar(code):
    administration = by_field_or_404(Administration, "code", code.upper())
    return calendar_response(services.administration_feed(administration))


@bp.get("/entities/<int:entity_id>/calendar.ics")
@access.public
def entity_calendar(entity_id):
    entity = one_or_404(select(RegionalEntity).where(RegionalEntity.id == entity_id))
    return calendar_response(services.entity_feed(entity))


def _visible_workshop(workshop_id: int) -> Workshop:
    workshop = one_or_404(select(Workshop).where(Workshop.id == workshop_id))
    if not workshop.is_public and not access.is_staff():
        abort(404)
    return workshop


@bp.get("/workshops/<int:workshop_id>.ics")
@access.public
def workshop_calendar(workshop_id):
    workshop = _visible_workshop(workshop_id)
    return calendar_response(services.workshop_feed(workshop), filename=f"rocb-workshop-{workshop.id}.ics")


@bp.get("/feeds/<token>/calendar.ics")
@access.public
def private_calendar(token):
    found = tokens.find_token(token)
    if found is None:
        abort(404)
    return calendar_response(services.token_feed(found))


@bp.get("/calendars")
@access.public
def calendars():
    administrations = db.session.execute(select(Administration).order_by(Administration.name)).scalars().all()
    entities = db.session.execute(
        select(RegionalEntity).order_by(RegionalEntity.kind, RegionalEntity.name)
    ).scalars().all()
    return render_template("feeds/calendars.html", administrations=administrations, entities=entities)


@bp.get("/account/calendar")
@access.logged_in
def my_calendar():
    token = tokens.token_for_user(current_user)
    db.session.commit()
    link = tokens.feed_link(token)
    return render_template("feeds/my_calendar.html", link=link, webcal=tokens.webcal(link))


@bp.post("/account/calendar/rotate")
@access.logged_in
def rotate_my_calendar():
    tokens.rotate_for_user(current_user)
    db.session.commit()
    flash("Your calendar has a new private link. The old link no longer works: subscribe again with the new one.",
          "success")
    return redirect(url_for("feeds.my_calendar"))


def _workshop_page(workshop_id: int) -> str:
    if "workshops.workshop_detail" in current_app.view_functions:
        return url_for("workshops.workshop_detail", workshop_id=workshop_id)
    return url_for("feeds.calendars")


@bp.post("/feeds/participants/<int:participant_id>/rotate")
@access.staff
def rotate_participant_link(participant_id):
    participant = one_or_404(select(Participant).where(Participant.id == participant_id))
    tokens.rotate_for_participant(participant)
    db.session.commit()
    flash(f"{participant.name} has a new private calendar link; the old one no longer works.", "success")
    return redirect(_workshop_page(participant.workshop_id))


@bp.post("/feeds/users/<int:user_id>/rotate")
@access.staff
def rotate_user_link(user_id):
    """Staff give a user a new private calendar link (e.g. the old one was forwarded); the old one answers 404."""
    user = one_or_404(select(User).where(User.id == user_id))
    tokens.rotate_for_user(user)
    db.session.commit()
    flash(f"{user.email} has a new private calendar link; the old one no longer works.", "success")
    return redirect(url_for("auth.user_list"))


@bp.get("/workshops/<int:workshop_id>/feed-links.csv")
@access.staff
def roster_feed_links(workshop_id):
    workshop = one_or_404(select(Workshop).where(Workshop.id == workshop_id))
    rows = tokens.roster_feed_links(workshop)
    db.session.commit()
    columns = ("name", "email", "administration", "organization", "role", "feed_link", "subscribe_link")
    body = spreadsheets.csv_text(columns, ([row[c] for c in columns] for row in rows), bom=True)
    response = Response(body, content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="workshop-{workshop.id}-feed-links.csv"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------- what the templates use


def feed_addresses(endpoint: str, **values) -> dict:
    """{"https": ..., "webcal": ...} of a feed, absolute on ROCB_BASE_URL."""
    https = services.base_url() + url_for(endpoint, **values)
    return {"https": https, "webcal": tokens.webcal(https)}


def workshop_calendar_links(workshop: Workshop) -> dict:
    """A workshop's subscribe/copy/download addresses and one "add to Google Calendar" link per session."""
    addresses = feed_addresses("feeds.workshop_calendar", workshop_id=workshop.id)
    google = []
    sessions = sorted(workshop.sessions, key=lambda s: (s.start_utc, s.id))
    for number, session in enumerate(sessions, start=1):
        event = services.feed_event(session)
        label = session.title or (f"Session {number}" if len(sessions) > 1 else "The workshop")
        google.append({"label": label, "url": google_calendar_link(event), "cancelled": event.status == "cancelled"})
    addresses.update(download=url_for("feeds.workshop_calendar", workshop_id=workshop.id), google=google)
    return addresses


@bp.app_context_processor
def feed_helpers():
    return {"feed_addresses": feed_addresses, "workshop_calendar_links": workshop_calendar_links}
