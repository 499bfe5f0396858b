"""Use cases of a call for nominations: open it, nominate (by form or roster file), edit, withdraw, decide.

Each checks everything first, then writes and audits; the caller commits. Messages (the call, invitations,
updates, cancellations) are queued through messages.py in the same transaction.
"""

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from rocb import audit, params
from rocb.extensions import db, utcnow
from rocb.nominations import messages
from rocb.nominations.models import COUNTED, Call, CallAdministration, Nomination
from rocb.registry.models import Administration
from rocb.services import ServiceError
from rocb.workshops.models import GENDERS, ROLES, Participant, Workshop
from rocb.workshops.roster import EMAIL
from rocb.workshops.times import SessionTimeError, instant

MAX_QUOTA = 50
DECISIONS = ("confirmed", "waitlisted", "declined")


# ---------------------------------------------------------------- calls

def _quota(value, field: str) -> int:
    if value is None or not 0 <= int(value) <= MAX_QUOTA:
        raise ServiceError({field: f"Give a quota between 0 and {MAX_QUOTA}."})
    return int(value)


def parse_overrides(text: str | None, allowed: set[str]) -> dict[str, int]:
    """'FJ=1, JP=4' -> {'FJ': 1, 'JP': 4}; every bad part named."""
    out, bad = {}, []
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        code, _, number = part.partition("=")
        code = code.strip().upper()
        quota = params.whole_number(number, 0, MAX_QUOTA)
        if code not in allowed or quota is None:
            bad.append(part)
        else:
            out[code] = quota
    if bad:
        raise ServiceError({"quota_overrides": "Write CODE=number for administrations of this call (e.g. FJ=1, "
                                               f"JP=4), numbers up to {MAX_QUOTA}; not understood: "
                                               + ", ".join(bad) + "."})
    return out


NO_ZONE = ("This workshop's record gives dates only: it has no reference time zone to read the deadline in. "
           "Set the workshop's reference time zone first (edit the workshop), then open the call.")


def _deadline(workshop: Workshop, local: datetime | None) -> datetime:
    if local is None:
        raise ServiceError({"deadline_local": "Give the nomination deadline."})
    if not params.in_record_range(local.date()):
        raise ServiceError({"deadline_local": f"Give a date from {params.RECORD_FIRST.isoformat()} to "
                                              f"{params.RECORD_LAST.isoformat()}."})
    if not workshop.reference_zone:
        raise ServiceError({"deadline_local": NO_ZONE})
    try:
        deadline = instant(local, workshop.reference_zone)
    except SessionTimeError as error:
        raise ServiceError({"deadline_local": error.message}) from error
    if deadline <= utcnow():
        raise ServiceError({"deadline_local": "The deadline is already past: give a later one."})
    return deadline


def open_call(workshop: Workshop, data: dict) -> Call:
    """data: administration_codes, default_quota, quota_overrides ('FJ=1'), roles (list), deadline_local (naive, in
    the workshop's reference zone), message, remind_days_before. Mails every focal point of each administration."""
    if workshop.status in ("cancelled", "held"):
        raise ServiceError(f"This workshop is {workshop.status}: no call for nominations can be opened.")
    codes = [c.upper() for c in data.get("administration_codes") or []]
    if not codes:
        raise ServiceError({"administration_codes": "Choose the administrations the call goes to."})
    admins = db.session.execute(select(Administration).where(Administration.code.in_(codes))).scalars().all()
    if len(admins) != len(set(codes)):
        raise ServiceError({"administration_codes": "Choose administrations from the list."})
    roles = list(data.get("roles") or [])
    if not roles or any(r not in ROLES for r in roles):
        raise ServiceError({"roles": "Choose the roles wanted from the list."})
    default_quota = _quota(data.get("default_quota"), "default_quota")
    overrides = parse_overrides(data.get("quota_overrides"), {a.code for a in admins})
    remind = data.get("remind_days_before")
    if remind is not None and not 0 <= remind <= 60:
        raise ServiceError({"remind_days_before": "Give between 0 and 60 days, or leave it empty for no reminder."})
    call = Call(workshop=workshop, default_quota=default_quota, roles_wanted="; ".join(roles),
                deadline_local=data.get("deadline_local"), deadline_zone=workshop.reference_zone,
                deadline_utc=_deadline(workshop, data.get("deadline_local")),
                message=(data.get("message") or "").strip() or None, remind_days_before=remind)
    for admin in sorted(admins, key=lambda a: a.code):
        call.administrations.append(CallAdministration(administration=admin, quota_override=overrides.get(admin.code)))
    db.session.add(call)
    # The workshop's invited administrations are the union of its calls' (feeds per administration use them).
    invited = {a.id for a in workshop.invited_administrations}
    workshop.invited_administrations += [a for a in admins if a.id not in invited]
    audit.record("open", call, {"workshop_id": workshop.id, "administrations": sorted(codes),
                                "default_quota": default_quota, "overrides": overrides,
                                "deadline": data.get("deadline_local")})
    messages.call_opened(call)
    return call


def invitation_of(call: Call, administration_id: int) -> CallAdministration | None:
    return next((ca for ca in call.administrations if ca.administration_id == administration_id), None)


def remind(call: Call, automatic: bool = False) -> list[CallAdministration]:
    """Remind the administrations that have not replied (no nomination at all); returns them."""
    replied = set(db.session.execute(select(Nomination.administration_id).where(Nomination.call_id == call.id))
                  .scalars())
    silent = [ca for ca in call.administrations if ca.administration_id not in replied]
    if not call.is_open():
        raise ServiceError("The deadline has passed: reminders are no longer sent.")
    now = utcnow()
    for ca in silent:
        ca.reminded_at = now
    if automatic:
        call.auto_reminder_sent_at = now
    messages.reminders(call, silent)
    audit.record("remind", call, {"administrations": [ca.administration.code for ca in silent],
                                  "automatic": automatic}, actor="reminder job" if automatic else None)
    return silent


# ---------------------------------------------------------------- nominating

def _refuse_unless_open(call: Call, what: str) -> None:
    if call.workshop.status == "cancelled":
        raise ServiceError(f"This workshop was cancelled: {what} is no longer possible.")
    if not call.is_open():
        raise ServiceError(f"The nomination deadline has passed: {what} is no longer possible. "
                           "Write to the ROCB A/P office if a change is still needed.")


def hold_places(invitation: CallAdministration) -> None:
    """Hold the administration's places on the call until the commit, before counting them: two focal points
    nominating at once are served one after the other, and the later one sees the earlier one's nomination (so
    they cannot both take the last place). PostgreSQL: SELECT ... FOR UPDATE of the invitation's row; SQLite
    locks the whole database for writing, which a no-op UPDATE of the row takes."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(CallAdministration.id).where(CallAdministration.id == invitation.id)
                           .with_for_update())
    else:
        table = CallAdministration.__table__
        db.session.execute(update(table).where(table.c.id == invitation.id)
                           .values(quota_override=table.c.quota_override))


def counted(call: Call, administration_id: int, exclude: int | None = None) -> int:
    """Nominations of an administration holding a place within its quota (nominated or confirmed)."""
    query = select(func.count(Nomination.id)).where(Nomination.call_id == call.id,
                                                    Nomination.administration_id == administration_id,
                                                    Nomination.state.in_(COUNTED))
    if exclude is not None:
        query = query.where(Nomination.id != exclude)
    return db.session.execute(query).scalar_one()


def check_person(call: Call, values: dict, current: Nomination | None = None, field_prefix: str = "") -> dict:
    """The checked values of a nominee; errors keyed by field. Same person twice (by e-mail) is refused."""
    errors = {}
    name = (values.get("name") or "").strip()
    if not name or len(name) > 160:
        errors["name"] = "Give the officer's name (at most 160 characters)."
    email = (values.get("email") or "").strip().lower()
    if not EMAIL.match(email) or len(email) > 254:
        errors["email"] = "Give the officer's e-mail address."
    else:
        same = select(Nomination).where(Nomination.call_id == call.id, Nomination.email == email)
        if current is not None:
            same = same.where(Nomination.id != current.id)
        other = db.session.execute(same).scalars().first()
        if other is not None and other.state != "withdrawn":
            errors["email"] = f"{email} is already nominated for this workshop."
        elif other is not None and current is not None:
            # One nomination per person and call: a withdrawn one is put forward again by nominating, which
            # reuses it (see nominate), not by moving another nomination onto its address.
            errors["email"] = (f"{email} was nominated for this workshop and withdrawn: to put them forward again, "
                               "nominate them from the call's page (and withdraw this nomination if it is no "
                               "longer wanted)." if other.administration_id == current.administration_id
                               else f"{email} was nominated by another administration.")
        elif current is None or current.email != email:
            on_roster = db.session.execute(select(Participant.id).where(
                Participant.workshop_id == call.workshop_id, Participant.email == email)).first()
            if on_roster:
                errors["email"] = f"{email} is already a participant of this workshop."
    role = values.get("role")
    if role not in call.roles:
        errors["role"] = "This call asks for: " + ", ".join(call.roles) + "."
    gender = values.get("gender") or None
    if gender is not None and gender not in GENDERS:
        errors["gender"] = "Choose female, male, other or leave it empty."
    if errors:
        raise ServiceError(errors)
    return {"name": name, "email": email, "role": role, "gender": gender,
            "position": (values.get("position") or "").strip() or None}


def nominate(call: Call, administration_id: int, data: dict, by: str | None = None) -> Nomination:
    """A focal point (or staff) puts an officer forward. Past the quota the nomination goes to the waitlist."""
    _refuse_unless_open(call, "nominating")
    invitation = invitation_of(call, administration_id)
    if invitation is None:
        raise ServiceError("This call does not invite your administration.")
    hold_places(invitation)  # first: what follows (nobody twice, the count) sees a nomination saved meanwhile
    values = check_person(call, data)
    withdrawn = db.session.execute(select(Nomination).where(
        Nomination.call_id == call.id, Nomination.email == values["email"])).scalar_one_or_none()
    state = "nominated" if counted(call, administration_id) < invitation.quota else "waitlisted"
    if withdrawn is not None:  # the same person put forward again after withdrawing
        if withdrawn.administration_id != administration_id:
            raise ServiceError({"email": f"{values['email']} was nominated by another administration."})
        nomination = withdrawn
        for key, value in values.items():
            setattr(nomination, key, value)
        nomination.state = state
    else:
        nomination = Nomination(call=call, administration_id=administration_id, state=state, nominated_by=by,
                                **values)
        db.session.add(nomination)
    _saved_unless_taken(values["email"])
    audit.record("nominate", nomination, {"call_id": call.id, "state": state, "role": values["role"]})
    return nomination


def _saved_unless_taken(email: str) -> None:
    """Write the nomination now. Two administrations putting the same person forward at the same moment each hold
    only their own places' lock, so both pass check_person: the second write meets the database's one-person-per-
    call rule, and gets this refusal instead of an error page."""
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise ServiceError({"email": f"{email} was put forward for this workshop a moment ago (by another "
                                     "administration, or in another window)."}) from None


def waitlist_message(call: Call, administration: Administration, names: list[str]) -> str:
    quota = invitation_of(call, administration.id).quota
    return (f"{administration.name}'s quota of {quota} is reached: " + ", ".join(names)
            + (" is" if len(names) == 1 else " are") + " on the waitlist. ROCB A/P confirms from the waitlist "
            "if places become free.")


def update_nomination(nomination: Nomination, data: dict) -> Nomination:
    call = nomination.call
    _refuse_unless_open(call, "changing a nomination")
    if nomination.state in ("declined", "withdrawn"):
        raise ServiceError(f"This nomination was {nomination.state}: it can no longer be changed.")
    values = check_person(call, data, current=nomination)
    changes = audit.changes_of(values, nomination, tuple(values))
    old_email = nomination.email
    for key, value in values.items():
        setattr(nomination, key, value)
    if nomination.participant is not None:
        p = nomination.participant
        p.name, p.email, p.role, p.gender = values["name"], values["email"], values["role"], values["gender"]
    _saved_unless_taken(values["email"])
    audit.record("update", nomination, changes or None)
    if nomination.state == "confirmed" and old_email != nomination.email:
        nomination.sequence += 1  # the new address's invitation and the old one's cancellation: a new SEQUENCE
        messages.address_changed(nomination, old_email)
    return nomination


def withdraw(nomination: Nomination) -> Nomination:
    _refuse_unless_open(nomination.call, "withdrawing")
    if nomination.state in ("withdrawn", "declined"):
        raise ServiceError(f"This nomination is already {nomination.state}.")
    old = nomination.state
    _leave_roster(nomination)
    nomination.state = "withdrawn"
    audit.record("withdraw", nomination, {"state": [old, "withdrawn"]})
    if old == "confirmed":
        nomination.sequence += 1
        messages.invitation_cancelled(nomination)
    return nomination


# ---------------------------------------------------------------- decisions (staff)

def _on_roster(nominations: list[Nomination]) -> dict[tuple[int, str], Participant]:
    """Participants already on the roster of the nominees' workshops (staff added them, or a roster import did),
    by (workshop, e-mail): confirming links them instead of adding the same person twice. One held through
    another confirmed nomination (another call of the workshop) is refused: nothing is changed."""
    if not nominations:
        return {}
    found = {(p.workshop_id, p.email): p for p in db.session.execute(select(Participant).where(
        Participant.workshop_id.in_({n.call.workshop_id for n in nominations}),
        Participant.email.in_({n.email for n in nominations}))).scalars()}
    if found:
        held = dict(db.session.execute(select(Nomination.participant_id, Nomination.name).where(
            Nomination.participant_id.in_([p.id for p in found.values()]),
            Nomination.id.not_in([n.id for n in nominations]))).all())
        for n in nominations:
            p = found.get((n.call.workshop_id, n.email))
            if p is not None and p.id in held:
                raise ServiceError(f"{n.name} is already confirmed through another call for this workshop: "
                                   "nothing was changed.")
    return found


def _leave_roster(nomination: Nomination) -> None:
    if nomination.participant is not None:
        db.session.delete(nomination.participant)
        nomination.participant = None


def decide(nominations: list[Nomination], state: str) -> list[Nomination]:
    """Confirm, waitlist or decline one or many. A confirmed nomination joins the workshop's roster and gets its
    invitation; one no longer confirmed leaves it and gets a cancellation."""
    if state not in DECISIONS:
        raise ServiceError("Choose confirm, waitlist or decline.")
    if not nominations:
        raise ServiceError("Tick at least one nomination.")
    for n in nominations:
        if n.state == "withdrawn":
            raise ServiceError(f"{n.name} withdrew: nothing was changed.")
        if n.call.workshop.status == "cancelled":
            raise ServiceError("This workshop was cancelled: nothing was changed.")
    changed = [n for n in nominations if n.state != state]
    was = {n.id: n.state for n in changed}
    on_roster = _on_roster(changed) if state == "confirmed" else {}
    # Their administrations in one query (the messages read each one's zone from the identity map).
    db.session.execute(select(Administration).where(Administration.id.in_({n.administration_id for n in changed})))
    for n in changed:
        old = n.state
        n.state = state
        if state == "confirmed":
            workshop_id = n.call.workshop_id
            n.participant = on_roster.get((workshop_id, n.email))
            if n.participant is None:
                # By id, not workshop=: the workshop's participants collection is neither loaded nor tracked.
                n.participant = Participant(workshop_id=workshop_id, name=n.name, email=n.email,
                                            administration_id=n.administration_id, role=n.role, gender=n.gender,
                                            attended=False)
                db.session.add(n.participant)
        elif old == "confirmed":
            _leave_roster(n)
        if state == "confirmed" or old == "confirmed":
            n.sequence += 1
    db.session.flush()
    messages.invitations([n for n in changed if n.state == "confirmed"])
    for n in changed:
        if n.state != "confirmed" and was[n.id] == "confirmed":
            messages.invitation_cancelled(n)
    if changed:
        audit.record("decide", changed[0].call, {"state": state, "nominations": [n.id for n in changed]})
    return changed
