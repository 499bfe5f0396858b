"""Every message of the nomination cycle, queued in the outbox in the transaction of the change it is about.

- call_opened / reminders: to every focal point of the invited administrations, the deadline in their own
  local time with the zone named;
- invitation: to a confirmed participant, with the joining instructions, their private calendar link and one
  .ics invitation per session (METHOD:REQUEST);
- schedule_changed: a session's time or the workshop's status changed: an update (same UID, higher SEQUENCE);
- invitation_cancelled: withdrawn, declined or waitlisted after being confirmed, or the workshop cancelled:
  METHOD:CANCEL;
- address_changed: a confirmed participant's e-mail corrected: the invitation to the new address, a cancellation
  (without the join link) to the old one.
"""

from dataclasses import replace

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from rocb.auth.services import focal_points_of
from rocb.extensions import utcnow
from rocb.feeds.services import feed_event, uid_host
from rocb.nominations.invitations import Invitation, build_invitation
from rocb.workshops.models import Session

ICS = "text/calendar; method={method}; charset=utf-8"


def _queue(to, subject, template, context, *, attachments=(), zone=None):
    from rocb.mail.services import queue_message

    return queue_message(to, subject, template, context, attachments=attachments, zone=zone)


def _attachment(filename: str, method: str, content: bytes):
    from rocb.mail.services import Attachment

    return Attachment(filename, ICS.format(method=method), content)


def office() -> tuple[str, str]:
    return current_app.config["ROCB_OFFICE_EMAIL"], current_app.config["ROCB_OFFICE_NAME"]


def _to_administrations(call, invitations, template: str, subject: str) -> int:
    people = focal_points_of([ca.administration_id for ca in invitations])
    sent = 0
    for ca in invitations:
        admin = ca.administration
        for user in people.get(ca.administration_id, []):
            _queue(user.email, subject, template,
                   {"call": call, "workshop": call.workshop, "administration": admin, "quota": ca.quota,
                    "recipient": user, "nominate_url": f"{current_app.config['ROCB_BASE_URL']}/nominations/"},
                   zone=admin.timezone)
            sent += 1
    return sent


def call_opened(call) -> int:
    return _to_administrations(call, call.administrations, "nominations/call_opened",
                               f"Call for nominations: {call.workshop.title}")


def reminders(call, invitations) -> int:
    return _to_administrations(call, invitations, "nominations/reminder",
                               f"Reminder: nominations for {call.workshop.title}")


# ---------------------------------------------------------------- invitations

class Batch:
    """What every message about one workshop shares: its sessions and their calendar events (built once), and the
    participants' private calendar links (one query)."""

    def __init__(self, workshop, nominations=(), removed=()):
        gone = {s.id for s in removed}
        self.workshop = workshop
        self.sessions = [s for s in _sessions(workshop) if s.id not in gone]
        self.removed = list(removed)
        self.events = {s.id: feed_event(s, private=True) for s in self.sessions + self.removed}
        self.host = uid_host()
        from rocb.feeds.tokens import feed_link, tokens_for_participants

        people = [n.participant for n in nominations if n.participant is not None]
        tokens = tokens_for_participants(people) if people else {}
        self.links = {pid: feed_link(t) for pid, t in tokens.items()}

    def invitations(self, nomination, sessions, method: str, extra: int = 0, attendee: str | None = None):
        """(session, Invitation) of each session, this participant's copy: UID of session and nomination, SEQUENCE
        the sum of both change counts (both only grow, so every change sent is higher than the last). attendee:
        another address than the nomination's (a former one): that copy leaves the join link out."""
        email, name = office()
        out = []
        for session in sessions:
            event = replace(self.events[session.id], uid=f"{session.uid}.{nomination.uid}@{self.host}",
                            sequence=session.sequence + nomination.sequence + extra)
            session_method = "CANCEL" if method == "CANCEL" or session.cancelled else "REQUEST"
            out.append((session, Invitation(event, email, name, attendee or nomination.email, nomination.name,
                                            method=session_method, private=attendee is None)))
        return out

    def send(self, nomination, template: str, subject: str, pairs, **context):
        workshop = self.workshop
        link = self.links.get(nomination.participant_id) if nomination.participant_id else None
        return _queue(nomination.email, subject, template,
                      {"nomination": nomination, "workshop": workshop, "sessions": [s for s, _ in pairs],
                       "join_link": workshop.join_link if workshop.mode in ("online", "hybrid") else None,
                       "calendar_link": link, **context},
                      attachments=_attachments(pairs), zone=nomination.administration.timezone)


def _attachments(pairs):
    now = utcnow()
    files = []
    for index, (_, invitation) in enumerate(pairs, start=1):
        stem = "cancel" if invitation.method == "CANCEL" else "invitation"
        files.append(_attachment(f"{stem}-{index}.ics" if len(pairs) > 1 else f"{stem}.ics", invitation.method,
                                 build_invitation(invitation, now)))
    return files


def _sessions(workshop):
    from rocb.extensions import db

    return db.session.execute(select(Session).where(Session.workshop_id == workshop.id)
                              .options(selectinload(Session.workshop)).order_by(Session.start_utc)).scalars().all()


def invitations(nominations) -> None:
    """The invitation of each confirmed nomination (of one workshop's calls), built on one shared batch."""
    batches: dict[int, Batch] = {}
    for n in nominations:
        workshop = n.call.workshop
        if workshop.id not in batches:
            batches[workshop.id] = Batch(workshop, [m for m in nominations if m.call.workshop_id == workshop.id])
        batch = batches[workshop.id]
        batch.send(n, "nominations/invitation", f"Invitation: {workshop.title}",
                   batch.invitations(n, batch.sessions, "REQUEST"))


def invitation(nomination):
    invitations([nomination])


def invitation_cancelled(nomination, reason: str | None = None, batch: Batch | None = None):
    workshop = nomination.call.workshop
    batch = batch or Batch(workshop)
    pairs = batch.invitations(nomination, batch.sessions, "CANCEL")
    reason = reason or {"withdrawn": "Your nomination was withdrawn.",
                        "declined": "ROCB A/P could not confirm your place.",
                        "waitlisted": "Your place is on the waitlist for now."}.get(nomination.state, "")
    return batch.send(nomination, "nominations/cancelled", f"Cancelled: {workshop.title}", pairs, reason=reason)


def address_changed(nomination, old_email: str) -> None:
    """A confirmed participant's e-mail was corrected: the invitation goes to the new address, and the old one
    gets a cancellation that removes the sessions from its calendar. The old address may have been a typing error
    (someone else's): its message carries no join link and no private calendar link."""
    workshop = nomination.call.workshop
    batch = Batch(workshop, [nomination])
    pairs = batch.invitations(nomination, batch.sessions, "CANCEL", attendee=old_email)
    _queue(old_email, f"Cancelled: {workshop.title}", "nominations/cancelled",
           {"nomination": nomination, "workshop": workshop,
            "reason": "Your invitation now goes to another e-mail address."},
           attachments=_attachments(pairs), zone=nomination.administration.timezone)
    batch.send(nomination, "nominations/invitation", f"Invitation: {workshop.title}",
               batch.invitations(nomination, batch.sessions, "REQUEST"))


def schedule_changed(workshop, removed=()) -> int:
    """After a change of time or status: every confirmed participant gets the update (or the cancellation)."""
    from rocb.extensions import db
    from rocb.nominations.models import Call, Nomination

    confirmed = db.session.execute(
        select(Nomination).join(Call).where(Call.workshop_id == workshop.id, Nomination.state == "confirmed")
        .options(selectinload(Nomination.administration), selectinload(Nomination.participant))).scalars().all()
    if not confirmed:
        return 0
    batch = Batch(workshop, confirmed, removed)
    for n in confirmed:
        if workshop.status == "cancelled":
            invitation_cancelled(n, "The workshop was cancelled.", batch)
            continue
        pairs = batch.invitations(n, batch.sessions, "REQUEST") + batch.invitations(n, batch.removed, "CANCEL", 1)
        batch.send(n, "nominations/update", f"Updated: {workshop.title}", pairs)
    return len(confirmed)
