"""Users and roles."""

import hmac
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from rocb.extensions import UTCDateTime, db, utcnow
from rocb.registry.models import Administration

NO_PASSWORD = "!"


class User(UserMixin, db.Model):
    __tablename__ = "users"
    # Every write to a user changes this data version: the session check keeps checked users while it holds.
    __data_domain__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str | None] = mapped_column(String(160))
    password_hash: Mapped[str] = mapped_column(String(256))  # "!" while no password is set (invited)
    role: Mapped[str] = mapped_column(String(20))  # admin | staff | focal_point
    # A focal point is bound to one administration; staff and admins are not.
    administration_id: Mapped[int | None] = mapped_column(ForeignKey("administrations.id"), index=True)
    display_zone: Mapped[str | None] = mapped_column(String(64))  # IANA; None: the browser's zone
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The session generation: part of every session (and remember) cookie of the user, checked on each request.
    # A new value (logout, password change, deactivation) ends every copy of every earlier cookie at once.
    session_token: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_urlsafe(24))
    # None while an invited user has not chosen a password yet.
    password_set_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    administration: Mapped[Administration | None] = relationship()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def invited(self) -> bool:
        """Invited and not yet arrived: no password chosen."""
        return self.password_hash == NO_PASSWORD

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)
        self.password_set_at = utcnow()

    def check_password(self, password: str) -> bool:
        if self.password_hash == NO_PASSWORD:
            return False
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:  # what Flask-Login keeps in the session cookie
        return f"{self.id}.{self.session_token}"

    def end_sessions(self) -> None:
        """Every session of this user, on every device, ends at their next request. The caller commits."""
        self.session_token = secrets.token_urlsafe(24)

    def session_matches(self, token: str) -> bool:
        return hmac.compare_digest(self.session_token.encode(), token.encode("utf-8", "surrogatepass"))

    def __str__(self) -> str:
        return self.name or self.email


INVITATION, PASSWORD_RESET = "invitation", "password_reset"


class AccountToken(db.Model):
    """A single-use link sent by e-mail: an invitation (7 days) or a password reset (1 hour).

    The link carries a signed [id, secret]; the database keeps only the secret's sha256, so a link can be revoked
    (revoked_at), is used once (used_at) and expires (expires_at) whatever its signature says.
    """

    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))  # invitation | password_reset
    secret_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
