"""Calendar invitations (iTIP, RFC 5546) for a confirmed participant. Pure: no Flask, no database.

One invitation per session, each one VEVENT in its own VCALENDAR (iTIP wants one UID per message):
- ``METHOD:REQUEST`` with ORGANIZER (the office's address) and the participant as ATTENDEE;
- an update (time or status changed) is the same UID with a higher SEQUENCE;
- a cancellation, a withdrawal or a decision against the participant is ``METHOD:CANCEL``, ``STATUS:CANCELLED``.
Times follow the feeds' rule (DESIGN.md "Calendar feeds"): UTC instants, whole days as VALUE=DATE with an exclusive
end; the local time in the reference zone goes into the DESCRIPTION. The join link is written only into a private
copy (the one mailed to the participant); a copy for anyone else leaves it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from icalendar import Calendar, Event, vCalAddress, vText

from rocb.feeds.ical import ICAL_STATUS, PRODID, FeedEvent, description_text

METHODS = ("REQUEST", "CANCEL")
_UTC = dt.UTC


@dataclass(frozen=True, slots=True)
class Invitation:
    """A session as sent to one participant. ``event.uid`` is this participant's copy of the session (stable for
    the life of the nomination); ``event.sequence`` grows with every change sent."""

    event: FeedEvent
    organizer_email: str
    organizer_name: str
    attendee_email: str
    attendee_name: str
    method: str = "REQUEST"
    private: bool = True  # the participant's own copy: carries the join link

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"unknown iTIP method {self.method!r}")
        for name in ("organizer_email", "attendee_email"):
            if "@" not in getattr(self, name):
                raise ValueError(f"{name} must be an e-mail address")


def _address(email: str, name: str, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(name)
    for key, value in params.items():
        address.params[key.replace("_", "-").upper()] = vText(value)
    return address


def build_invitation(invitation: Invitation, dtstamp: dt.datetime) -> bytes:
    """The .ics of one invitation, as UTF-8 bytes with CRLF line endings."""
    if dtstamp.utcoffset() is None:
        raise ValueError("dtstamp must be timezone-aware")
    event = invitation.event
    cancel = invitation.method == "CANCEL"
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", invitation.method)
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", dtstamp.astimezone(_UTC))
    if event.is_whole_day:
        vevent.add("dtstart", event.first_day)
        vevent.add("dtend", event.last_day + dt.timedelta(days=1))
    else:
        vevent.add("dtstart", event.start_utc.astimezone(_UTC))
        vevent.add("dtend", event.end_utc.astimezone(_UTC))
    vevent.add("sequence", event.sequence)
    vevent.add("status", "CANCELLED" if cancel else ICAL_STATUS[event.status])
    vevent.add("summary", event.title)
    if event.location:
        vevent.add("location", event.location)
    if event.url:
        vevent.add("url", event.url)
    vevent.add("description", description_text(event, private=invitation.private))
    vevent.add("organizer", _address(invitation.organizer_email, invitation.organizer_name))
    vevent.add("attendee", _address(invitation.attendee_email, invitation.attendee_name, role="REQ-PARTICIPANT",
                                    partstat="NEEDS-ACTION", rsvp="FALSE", cutype="INDIVIDUAL"))
    vevent.add("transp", "OPAQUE")
    calendar.add_component(vevent)
    return calendar.to_ical()
