"""Accounts managed in the app: invitations, password recovery, own password, roles and deactivation.

Links sent by e-mail carry a token signed with SECRET_KEY ([id, secret], itsdangerous) and stored (the secret's
sha256, rocb.auth.models.AccountToken): single use, expiring, revocable. Every change is audited; every message is
queued in the same transaction (rocb.mail.services.queue_message).
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select, update

from rocb import audit, throttle
from rocb.access import ROLE_ADMIN, ROLES
from rocb.auth.models import INVITATION, PASSWORD_RESET, AccountToken, User
from rocb.auth.services import administration_for_role, check_password_rules, create_user, user_by_email
from rocb.extensions import db, utcnow
from rocb.mail.services import queue_message
from rocb.services import ServiceError

LIFETIME = {INVITATION: timedelta(days=7), PASSWORD_RESET: timedelta(hours=1)}


class LinkNotValid(ServiceError):
    """The link was used (or revoked) meanwhile, by another request: the same page as any link that does not work."""

    def __init__(self):
        super().__init__("This link does not work any more.")


def mail_zone(user: User) -> str:
    """The zone times are written in a message to the user: their own display zone, else (a focal point) their
    administration's, else UTC."""
    if user.display_zone:
        return user.display_zone
    return user.administration.timezone if user.administration else "UTC"


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"rocb-account-{purpose}")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _issue(user: User, purpose: str) -> str:
    """Revoke the user's open links of this purpose and make a new one; returns the token for the link."""
    now = utcnow()
    db.session.execute(
        update(AccountToken).where(AccountToken.user_id == user.id, AccountToken.purpose == purpose,
                                   AccountToken.used_at.is_(None), AccountToken.revoked_at.is_(None))
        .values(revoked_at=now).execution_options(synchronize_session=False))
    secret = secrets.token_urlsafe(32)
    row = AccountToken(user_id=user.id, purpose=purpose, secret_hash=_digest(secret), created_at=now,
                       expires_at=now + LIFETIME[purpose])
    db.session.add(row)
    db.session.flush()
    return _serializer(purpose).dumps([row.id, secret])


def find_token(token: str, purpose: str) -> AccountToken | None:
    """The open link of a token, or None (bad signature, unknown, used, revoked or expired: all alike)."""
    try:
        token_id, secret = _serializer(purpose).loads(token[:500], max_age=int(LIFETIME[purpose].total_seconds()))
        token_id, secret = int(token_id), str(secret)
    except (BadSignature, TypeError, ValueError):
        return None
    if not 0 < token_id < 2**31:
        return None
    row = db.session.get(AccountToken, token_id)
    if row is None or row.purpose != purpose or not hmac.compare_digest(row.secret_hash, _digest(secret)):
        return None
    if row.used_at or row.revoked_at or row.expires_at <= utcnow() or not row.user.active:
        return None
    return row


def _link(endpoint: str, token: str) -> str:
    return current_app.config["ROCB_BASE_URL"] + url_for(endpoint, token=token)


def _invitation_mail(user: User, inviter: User | None, token: str) -> None:
    queue_message(user.email, "Your account on ROCB Capacity", "invitation", {
        "user": user, "inviter": inviter, "link": _link("auth.accept_invitation", token),
        "expires_at": utcnow() + LIFETIME[INVITATION], "role": user.role.replace("_", " "),
    }, zone=mail_zone(user))


def _throttle_invitation(email: str) -> None:
    if not throttle.take(throttle.INVITATIONS, email):
        raise ServiceError("Too many invitations sent to this address or from this computer: wait an hour.")


def invite(data: dict, inviter: User) -> User:
    """Staff: a new account, without a password, and an invitation link (7 days). The caller commits."""
    role = data.get("role") or ""
    if role == ROLE_ADMIN and inviter.role != ROLE_ADMIN:
        raise ServiceError({"role": "Only an admin can invite another admin."})
    existing = user_by_email(data.get("email") or "")
    if existing is not None:
        hint = " (invited, not yet arrived: send the invitation again from their page)" if existing.invited else ""
        raise ServiceError({"email": f"{existing.email} already has an account{hint}."})
    user = create_user(data.get("email") or "", role, None, data.get("administration") or None,
                       (data.get("name") or "").strip() or None)
    _throttle_invitation(user.email)
    _invitation_mail(user, inviter, _issue(user, INVITATION))
    return user


def resend_invitation(user: User, inviter: User) -> None:
    if not user.invited:
        raise ServiceError(f"{user.email} has chosen a password already: they can use “Forgot password”.")
    _throttle_invitation(user.email)
    _invitation_mail(user, inviter, _issue(user, INVITATION))
    audit.record("invite again", user)


def _use(row: AccountToken, password: str, action: str) -> User:
    """Spend the link (a conditional UPDATE: of two requests using it at once, one wins; the other gets
    LinkNotValid) and set the password. The caller commits."""
    user = row.user
    check_password_rules(password, user.email)
    now = utcnow()
    spent = db.session.execute(
        update(AccountToken).where(AccountToken.id == row.id, AccountToken.used_at.is_(None),
                                   AccountToken.revoked_at.is_(None), AccountToken.expires_at > now)
        .values(used_at=now).execution_options(synchronize_session=False))
    if spent.rowcount != 1:
        raise LinkNotValid()
    user.set_password(password)
    user.end_sessions()
    audit.record(action, user, actor=user.email)
    return user


def accept_invitation(row: AccountToken, password: str) -> User:
    return _use(row, password, "accept invitation")


def request_password_reset(email: str) -> bool:
    """Queue a reset link when the address has an account; the same answer either way (the caller says
    "if there is an account..."). False when throttled. The caller commits."""
    if not throttle.take(throttle.PASSWORD_FORGOT, email):
        return False
    user = user_by_email(email)
    if user is None or not user.active or user.invited:
        return True
    token = _issue(user, PASSWORD_RESET)
    queue_message(user.email, "Reset your ROCB Capacity password", "password_reset", {
        "user": user, "link": _link("auth.reset_password", token),
        "expires_at": utcnow() + LIFETIME[PASSWORD_RESET],
    }, zone=mail_zone(user))
    audit.record("request password reset", user, actor=user.email)
    return True


def reset_password(row: AccountToken, password: str) -> User:
    return _use(row, password, "reset password")


def change_password(user: User, current: str, new: str) -> None:
    """Own account: the current password is asked again; every other session of the user ends."""
    if not user.check_password(current):
        raise ServiceError({"current_password": "This is not your current password."})
    check_password_rules(new, user.email, field="new_password")
    user.set_password(new)
    user.end_sessions()
    audit.record("change password", user)


def set_password_from_command_line(user: User, password: str) -> None:
    """`flask set-password`: for whom no mail can reach (the first admin without a mail server). The rules apply;
    every session of the user ends and their open links stop. The caller commits."""
    check_password_rules(password, user.email)
    user.set_password(password)
    user.end_sessions()
    db.session.execute(
        update(AccountToken).where(AccountToken.user_id == user.id, AccountToken.used_at.is_(None),
                                   AccountToken.revoked_at.is_(None))
        .values(revoked_at=utcnow()).execution_options(synchronize_session=False))
    audit.record("set password from the command line", user)


def set_display_zone(user: User, zone: str | None) -> None:
    changes = audit.changes_of({"display_zone": zone}, user, ["display_zone"])
    if changes:
        user.display_zone = zone
        audit.record("update", user, changes)


def _active_admins() -> int:
    return db.session.execute(
        select(func.count(User.id)).where(User.role == ROLE_ADMIN, User.active.is_(True))).scalar_one()


def _keep_an_admin(user: User) -> None:
    if user.role == ROLE_ADMIN and user.active and _active_admins() <= 1:
        raise ServiceError("This is the last active admin: make someone else admin first.")


def change_role(user: User, role: str, administration_code: str | None) -> None:
    """Admins: another role (a focal point is bound to an administration). The caller commits."""
    if role not in ROLES:
        raise ServiceError({"role": "Choose a role."})
    administration = administration_for_role(role, administration_code)
    if role != ROLE_ADMIN:
        _keep_an_admin(user)
    before = {"role": user.role, "administration": user.administration.code if user.administration else None}
    after = {"role": role, "administration": administration.code if administration else None}
    if before == after:
        return
    user.role, user.administration = role, administration
    user.end_sessions()  # what the old role could see stops now
    audit.record("change role", user, {key: [before[key], after[key]] for key in before if before[key] != after[key]})


def deactivate(user: User) -> None:
    """Admins: the user can no longer log in; their sessions and private feed stop at once."""
    if not user.active:
        return
    _keep_an_admin(user)
    user.active = False
    user.end_sessions()
    db.session.execute(
        update(AccountToken).where(AccountToken.user_id == user.id, AccountToken.used_at.is_(None),
                                   AccountToken.revoked_at.is_(None))
        .values(revoked_at=utcnow()).execution_options(synchronize_session=False))
    audit.record("deactivate", user, {"active": [True, False]})


def reactivate(user: User) -> None:
    if user.active:
        return
    user.active = True
    audit.record("reactivate", user, {"active": [False, True]})
