"""Users: creation, and logging in with throttled attempts."""

import secrets

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import func, select

from rocb import audit
from rocb.access import ROLE_ADMIN, ROLE_FOCAL_POINT, ROLES
from rocb.auth.models import User
from rocb.extensions import cache, db
from rocb.registry.services import administration_by_code
from rocb.services import ServiceError, ensure_unique


def create_user(email: str, role: str, password: str, administration_code: str | None = None,
                name: str | None = None) -> User:
    email = email.strip().lower()
    if role not in ROLES:
        raise ServiceError({"role": f"Role must be one of {', '.join(ROLES)}."})
    try:
        # The same check as the login form's, so that every user created can also log in.
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise ServiceError({"email": f"Not an e-mail address the login form accepts: {error}"}) from error
    if len(password) < 8:
        raise ServiceError({"password": "A password needs at least 8 characters."})
    admin = None
    if role == ROLE_FOCAL_POINT:
        admin = administration_by_code(administration_code or "")
        if admin is None:
            raise ServiceError({"administration": "A focal point is bound to one administration: give its code."})
    elif administration_code:
        raise ServiceError({"administration": "Only focal points are bound to an administration."})
    ensure_unique(User, "email", email, label="E-mail", case_insensitive=True)
    user = User(email=email, role=role, administration=admin, name=name)
    user.set_password(password)
    db.session.add(user)
    audit.record("create", user, {"email": email, "role": role})
    return user


def ensure_first_admin() -> tuple[str, str] | None:
    """On a fresh install, create an admin with a generated password; return (email, password) once."""
    if db.session.execute(select(func.count(User.id)).where(User.role == ROLE_ADMIN)).scalar_one():
        return None
    email, password = "admin@rocb-ap.org", secrets.token_urlsafe(12)
    create_user(email, ROLE_ADMIN, password, name="ROCB administrator")
    db.session.commit()
    return email, password


def _throttle_key(email: str, remote: str) -> str:
    return f"login-failures:{remote}:{email.lower()}"


def login_blocked(email: str, remote: str) -> bool:
    return (cache.get(_throttle_key(email, remote)) or 0) >= current_app.config["LOGIN_MAX_FAILURES"]


def authenticate(email: str, password: str, remote: str) -> User | None:
    """The user, or None after counting a failure. Callers check login_blocked first."""
    user = db.session.execute(select(User).where(func.lower(User.email) == email.lower())).scalar_one_or_none()
    if user is not None and user.active and user.check_password(password):
        cache.delete(_throttle_key(email, remote))
        return user
    key = _throttle_key(email, remote)
    cache.set(key, (cache.get(key) or 0) + 1, timeout=current_app.config["LOGIN_THROTTLE_SECONDS"])
    return None
