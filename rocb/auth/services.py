"""Users: creation, and logging in with attempts throttled per address and per client (rocb/throttle.py)."""

import secrets

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select

from rocb import audit, throttle
from rocb.access import ROLE_ADMIN, ROLE_FOCAL_POINT, ROLES
from rocb.auth.models import NO_PASSWORD, User
from rocb.auth.passwords import password_problem
from rocb.extensions import db
from rocb.registry.services import administration_by_code
from rocb.services import ServiceError, ensure_unique


def check_email(email: str) -> str:
    email = email.strip().lower()
    try:
        # The same check as the login form's, so that every user created can also log in.
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise ServiceError({"email": f"Not an e-mail address the login form accepts: {error}"}) from error
    return email


def check_password_rules(password: str, email: str | None = None, field: str = "password") -> None:
    problem = password_problem(password, email)
    if problem:
        raise ServiceError({field: problem})


def administration_for_role(role: str, administration_code: str | None):
    """The administration a focal point is bound to (required), None for staff and admins (refused if given)."""
    if role not in ROLES:
        raise ServiceError({"role": f"Role must be one of {', '.join(ROLES)}."})
    if role == ROLE_FOCAL_POINT:
        admin = administration_by_code(administration_code or "")
        if admin is None:
            raise ServiceError({"administration": "A focal point is bound to one administration: choose it."})
        return admin
    if administration_code:
        raise ServiceError({"administration": "Only focal points are bound to an administration."})
    return None


def create_user(email: str, role: str, password: str | None, administration_code: str | None = None,
                name: str | None = None) -> User:
    """A user with a password, or (password None) an invited user who chooses one from the invitation link."""
    email = check_email(email)
    admin = administration_for_role(role, administration_code)
    if password is not None:
        check_password_rules(password, email)
    ensure_unique(User, "email", email, label="E-mail", case_insensitive=True)
    user = User(email=email, role=role, administration=admin, name=name or None, password_hash=NO_PASSWORD)
    if password is not None:
        user.set_password(password)
    db.session.add(user)
    audit.record("create" if password is not None else "invite", user, {"email": email, "role": role})
    return user


FIRST_ADMIN_EMAIL = "admin@rocb-ap.org"


def ensure_first_admin(email: str = FIRST_ADMIN_EMAIL) -> tuple[str, str] | None:
    """On a fresh install, create an admin with a generated password; return (email, password) once."""
    if db.session.execute(select(func.count(User.id)).where(User.role == ROLE_ADMIN)).scalar_one():
        return None
    password = secrets.token_urlsafe(12)
    user = create_user(email, ROLE_ADMIN, password, name="ROCB administrator")
    db.session.commit()
    return user.email, password


def user_by_email(email: str) -> User | None:
    return db.session.execute(select(User).where(func.lower(User.email) == email.strip().lower())).scalar_one_or_none()


def login_blocked(email: str) -> bool:
    """Too many failed logins of this address (from any client) or from this client (to any address)."""
    return throttle.blocked(throttle.LOGIN_FAILURES, email)


def authenticate(email: str, password: str) -> User | None:
    """The user, or None after counting a failure against the address and the client. Callers check
    login_blocked first."""
    user = user_by_email(email)
    if user is not None and user.active and user.check_password(password):
        return user
    throttle.count(throttle.LOGIN_FAILURES, email)
    return None


def focal_points_of(administration_ids) -> dict[int, list[User]]:
    """The active focal points of these administrations, by administration id (e-mail order): who a call, a
    reminder or a follow-up is mailed to."""
    out: dict[int, list[User]] = {}
    users = db.session.execute(select(User).where(User.role == ROLE_FOCAL_POINT, User.active.is_(True),
                                                  User.administration_id.in_(list(administration_ids)))
                               .order_by(User.email)).scalars()
    for user in users:
        out.setdefault(user.administration_id, []).append(user)
    return out
